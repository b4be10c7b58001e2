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
            SetupExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                File.WriteAllBytes(temporary, Contents.New);
                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
                NaiveDirectorySync.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.NoDirectoryFsync",
            "temporary file written and fsynced, renamed over the target, but the directory is never fsynced",
            SetupExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                WriteAndFsync(temporary, Contents.New);
                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
            });

        yield return new Workload(
            "naive.DeleteThenMove",
            "temporary file written and fsynced, target deleted, then File.Move(tmp, target) + directory fsync",
            SetupExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                var target = scratch.Path(Contents.TargetName);
                WriteAndFsync(temporary, Contents.New);
                File.Delete(target);
                File.Move(temporary, target);
                NaiveDirectorySync.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.TempInOtherDirectory",
            "temporary file in another directory (staging/), fsynced, renamed over the target, only the target's directory fsynced",
            scratch =>
            {
                SetupExistingTarget(scratch);
                scratch.CreateDirectory(StagingDirectoryName);
            },
            scratch =>
            {
                var temporary = scratch.Path(StagingDirectoryName + "/" + Contents.TargetName + ".tmp");
                WriteAndFsync(temporary, Contents.New);
                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
                NaiveDirectorySync.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.FlushInsteadOfFlushTrue",
            "temporary file written through a FileStream with Flush() (not Flush(true)), renamed over the target + directory fsync",
            SetupExistingTarget,
            scratch =>
            {
                var temporary = scratch.Path(Contents.TargetName + ".tmp");
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(Contents.New);
                    stream.Flush();
                }

                File.Move(temporary, scratch.Path(Contents.TargetName), overwrite: true);
                NaiveDirectorySync.Sync(scratch.Root);
            });

        yield return new Workload(
            "naive.InPlaceOverwriteWithFsync",
            "the target itself truncated and rewritten, then Flush(true): the fsync comes too late to make the replace atomic",
            SetupExistingTarget,
            scratch => WriteAndFsync(scratch.Path(Contents.TargetName), Contents.New, FileMode.Create));
    }

    private static void SetupExistingTarget(Scratch scratch)
    {
        scratch.CreateFile(Contents.BystanderName, Contents.Bystander);
        scratch.CreateFile(Contents.TargetName, Contents.Old);
    }

    private static void WriteAndFsync(string path, byte[] content, FileMode mode = FileMode.CreateNew)
    {
        using var stream = new FileStream(path, mode, FileAccess.Write);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
