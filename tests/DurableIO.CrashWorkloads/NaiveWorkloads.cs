using System.Collections.Generic;
using System.IO;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// The replace-a-file operation written the naive ways, each with exactly one flaw. The checker must report
/// every one of them; that is how the tests show the checker can fail.
/// </summary>
public static class NaiveWorkloads
{
    public const string StagingDirectoryName = "staging";

    public static IEnumerable<Workload> All()
    {
        yield return new Workload(
            "naive.NoFsyncBeforeRename",
            "File.WriteAllBytes(tmp) + File.Move(tmp, target, overwrite: true) + directory fsync: the temporary file's data is never fsynced",
            Setups.ExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                File.WriteAllBytes(temporary, Contents.New);
                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
                Posix.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.NoDirectoryFsync",
            "temporary file written and fsynced, renamed over the target, but the directory is never fsynced",
            Setups.ExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                WriteAndFsync(temporary, Contents.New);
                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
            });

        yield return new Workload(
            "naive.DeleteThenMove",
            "temporary file written and fsynced, target deleted, then File.Move(tmp, target) + directory fsync",
            Setups.ExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                var target = scratch.Path(Contents.TargetName);
                WriteAndFsync(temporary, Contents.New);
                File.Delete(target);
                File.Move(temporary, target);
                Posix.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.TempInOtherDirectory",
            "temporary file in another directory (staging/), fsynced, renamed over the target, only the target's directory fsynced",
            scratch =>
            {
                Setups.ExistingTarget(scratch);
                scratch.CreateDirectory(StagingDirectoryName);
            },
            scratch =>
            {
                var temporary = scratch.Path(StagingDirectoryName + "/" + Contents.TargetName + ".tmp");
                WriteAndFsync(temporary, Contents.New);
                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
                Posix.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.FlushInsteadOfFlushTrue",
            "temporary file written through a FileStream with Flush() (not Flush(true)), renamed over the target + directory fsync",
            Setups.ExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(Contents.New);
                    stream.Flush();
                }

                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
                Posix.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.InPlaceOverwriteWithFsync",
            "the target itself truncated and rewritten, then Flush(true): the fsync comes too late to make the replace atomic",
            Setups.ExistingTarget,
            scratch => WriteAndFsync(scratch.Path(Contents.TargetName), Contents.New, FileMode.Create));
    }

    /// <summary>
    /// The other operations done with plain System.IO, which never flushes to disk: each breaks the invariant of
    /// the DurableIO operation it stands for, which shows those invariants can fail too.
    /// </summary>
    public static IEnumerable<Workload> SystemIO()
    {
        yield return new Workload("naive.File.Move", "File.Move(source, destination)", Setups.SourceOnly,
            scratch => File.Move(scratch.Path(Contents.SourceName), scratch.Path(Contents.DestinationName)));

        yield return new Workload("naive.File.Replace", "File.Replace(source, destination, backup)", Setups.SourceAndDestination,
            scratch => File.Replace(scratch.Path(Contents.SourceName), scratch.Path(Contents.DestinationName), scratch.Path(Contents.BackupName)));

        yield return new Workload("naive.File.Copy", "File.Copy(source, destination)", Setups.SourceOnly,
            scratch => File.Copy(scratch.Path(Contents.SourceName), scratch.Path(Contents.DestinationName)));

        yield return new Workload("naive.File.WriteAllBytes", "File.WriteAllBytes(target, content) with no sync", Setups.ExistingTarget,
            scratch => File.WriteAllBytes(scratch.Path(Contents.TargetName), Contents.New));

        yield return new Workload("naive.File.Delete", "File.Delete(target)", Setups.ExistingTarget,
            scratch => File.Delete(scratch.Path(Contents.TargetName)));

        yield return new Workload("naive.File.AppendAllText", "File.AppendAllText(target, text)", Setups.ExistingTarget,
            scratch => File.AppendAllText(scratch.Path(Contents.TargetName), Contents.AppendedText));

        yield return new Workload("naive.Directory.CreateDirectory", "Directory.CreateDirectory(\"a/b/c\")", Setups.BystanderOnly,
            scratch => Directory.CreateDirectory(scratch.Path(Contents.NewDirectoryPath)));
    }

    private static void WriteAndFsync(string path, byte[] content, FileMode mode = FileMode.CreateNew)
    {
        using var stream = new FileStream(path, mode, FileAccess.Write);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
