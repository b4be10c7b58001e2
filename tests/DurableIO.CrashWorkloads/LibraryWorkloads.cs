using System.Collections.Generic;
using System.IO;
using System.Text;

using static DurableIO.CrashWorkloads.Contents;

namespace DurableIO.CrashWorkloads;

/// <summary>One workload per durable operation of the DurableIO runtime library.</summary>
public static class LibraryWorkloads
{
    public static IEnumerable<Workload> All()
    {
        yield return new Workload(
            "library.WriteAllBytes",
            "DurableFile.WriteAllBytes over an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.WriteAllBytes(scratch.Path(Contents.TargetName), Contents.New));

        yield return new Workload(
            "library.WriteAllBytesAsync",
            "DurableFile.WriteAllBytesAsync over an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.WriteAllBytesAsync(scratch.Path(Contents.TargetName), Contents.New));

        yield return new Workload(
            "library.WriteAllText",
            "DurableFile.WriteAllText over an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.WriteAllText(scratch.Path(Contents.TargetName), Contents.NewText));

        yield return new Workload(
            "library.WriteAllText.NewFile",
            "DurableFile.WriteAllText of a file that does not exist yet",
            Setups.BystanderOnly,
            scratch => DurableFile.WriteAllText(scratch.Path(Contents.TargetName), Contents.NewText));

        yield return new Workload(
            "library.WriteAllLines",
            "DurableFile.WriteAllLines over an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.WriteAllLines(scratch.Path(Contents.TargetName), Contents.NewLines));

        yield return new Workload(
            "library.Write",
            "DurableFile.Write(path, Action<Stream>) over an existing file, streaming the content in two writes",
            Setups.ExistingTarget,
            scratch => DurableFile.Write(scratch.Path(Contents.TargetName), stream =>
            {
                stream.Write(Contents.New, 0, 4000);
                stream.Write(Contents.New, 4000, Contents.New.Length - 4000);
            }));

        yield return new Workload(
            "library.WriteAsync",
            "DurableFile.WriteAsync(path, Func<Stream, CancellationToken, Task>) over an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.WriteAsync(scratch.Path(Contents.TargetName), (stream, cancellationToken) => stream.WriteAsync(Contents.New, 0, Contents.New.Length, cancellationToken)));

        yield return new Workload(
            "library.WriteAllLinesAsync",
            "DurableFile.WriteAllLinesAsync over an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.WriteAllLinesAsync(scratch.Path(Contents.TargetName), Contents.NewLines));

        yield return new Workload(
            "library.Move",
            "DurableFile.Move to a new name in the same directory",
            Setups.SourceOnly,
            scratch => DurableFile.Move(scratch.Path(SourceName), scratch.Path(DestinationName), overwrite: false));

        yield return new Workload(
            "library.Move.Overwrite",
            "DurableFile.Move over an existing file in the same directory",
            Setups.SourceAndDestination,
            scratch => DurableFile.Move(scratch.Path(SourceName), scratch.Path(DestinationName), overwrite: true));

        yield return new Workload(
            "library.Move.AcrossDirectories",
            "DurableFile.Move from other/ into the scratch root, over an existing file",
            scratch =>
            {
                Setups.BystanderOnly(scratch);
                scratch.CreateFile(OtherDirectoryName + "/" + SourceName, Contents.New);
                scratch.CreateFile(DestinationName, Contents.Old);
            },
            scratch => DurableFile.Move(scratch.Path(OtherDirectoryName + "/" + SourceName), scratch.Path(DestinationName), overwrite: true));

        yield return new Workload(
            "library.Replace",
            "DurableFile.Replace(source, destination, backup)",
            Setups.SourceAndDestination,
            scratch => DurableFile.Replace(scratch.Path(SourceName), scratch.Path(DestinationName), scratch.Path(BackupName)));

        yield return new Workload(
            "library.Replace.NoBackup",
            "DurableFile.Replace(source, destination, null)",
            Setups.SourceAndDestination,
            scratch => DurableFile.Replace(scratch.Path(SourceName), scratch.Path(DestinationName), null));

        yield return new Workload(
            "library.Copy",
            "DurableFile.Copy to a new file",
            Setups.SourceOnly,
            scratch => DurableFile.Copy(scratch.Path(SourceName), scratch.Path(DestinationName), overwrite: false));

        yield return new Workload(
            "library.Copy.Overwrite",
            "DurableFile.Copy over an existing file",
            Setups.SourceAndDestination,
            scratch => DurableFile.Copy(scratch.Path(SourceName), scratch.Path(DestinationName), overwrite: true));

        yield return new Workload(
            "library.Delete",
            "DurableFile.Delete of an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.Delete(scratch.Path(Contents.TargetName)));

        yield return new Workload(
            "library.AppendAllText",
            "DurableFile.AppendAllText to an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.AppendAllText(scratch.Path(Contents.TargetName), Contents.AppendedText));

        yield return new Workload(
            "library.AppendAllTextAsync",
            "DurableFile.AppendAllTextAsync to an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.AppendAllTextAsync(scratch.Path(Contents.TargetName), Contents.AppendedText));

        yield return new Workload(
            "library.AppendAllBytes",
            "DurableFile.AppendAllBytes to an existing file",
            Setups.ExistingTarget,
            scratch => DurableFile.AppendAllBytes(scratch.Path(Contents.TargetName), Contents.Appended));

        yield return new Workload(
            "library.AppendAllLines.NewFile",
            "DurableFile.AppendAllLines to a file that does not exist yet (creates it)",
            Setups.BystanderOnly,
            scratch => DurableFile.AppendAllLines(scratch.Path(Contents.TargetName), Contents.NewLines));

        yield return new Workload(
            "library.Sync",
            "File.WriteAllBytes over an existing file (not durable), then DurableFile.Sync of it",
            Setups.ExistingTarget,
            scratch =>
            {
                File.WriteAllBytes(scratch.Path(TargetName), Contents.New);
                DurableFile.Sync(scratch.Path(TargetName));
            });

        yield return new Workload(
            "library.DirectorySync",
            "File.Move to a new name (not durable), then DurableDirectory.Sync of the directory",
            Setups.SourceOnly,
            scratch =>
            {
                File.Move(scratch.Path(SourceName), scratch.Path(DestinationName));
                DurableDirectory.Sync(scratch.Root);
            });

        yield return new Workload(
            "library.FlushToDisk",
            "the replace protocol composed by hand from the library's pieces: FileStream + FlushToDisk(), File.Move over the target, DurableDirectory.Sync",
            Setups.ExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(TargetName + ".tmp");
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(Contents.New);
                    stream.FlushToDisk();
                }

                File.Move(temporary, scratch.Path(TargetName), overwrite: true);
                DurableDirectory.Sync(scratch.Root);
            });

        yield return new Workload(
            "library.CreateDirectory",
            "DurableDirectory.CreateDirectory of three new nested levels (a/b/c)",
            Setups.BystanderOnly,
            scratch => DurableDirectory.CreateDirectory(scratch.Path(NewDirectoryPath)));
    }
}
