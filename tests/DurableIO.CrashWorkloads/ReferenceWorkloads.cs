using System.Collections.Generic;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// Hand-written protocols that keep the Move and Replace invariants even when the file system may reorder
/// directory changes: the fixes the crash checker's findings call for, checked by the same checker.
/// </summary>
public static class ReferenceWorkloads
{
    public static IEnumerable<Workload> All()
    {
        yield return new Workload(
            "reference.Move.RenameNoReplace",
            "fsync(source); renameat2(source, destination, RENAME_NOREPLACE); fsync(directory)",
            Setups.SourceOnly,
            scratch =>
            {
                Posix.Sync(scratch.Path(Contents.SourceName));
                Posix.RenameNoReplace(scratch.Path(Contents.SourceName), scratch.Path(Contents.DestinationName));
                Posix.Sync(scratch.Root);
            });

        yield return new Workload(
            "reference.Move.LinkSyncUnlink",
            "fsync(source); link(source, destination); fsync(directory); unlink(source); fsync(directory)",
            Setups.SourceOnly,
            scratch =>
            {
                Posix.Sync(scratch.Path(Contents.SourceName));
                Posix.Link(scratch.Path(Contents.SourceName), scratch.Path(Contents.DestinationName));
                Posix.Sync(scratch.Root);
                Posix.Unlink(scratch.Path(Contents.SourceName));
                Posix.Sync(scratch.Root);
            });

        yield return new Workload(
            "reference.Replace.SyncBackupBeforeRename",
            "fsync(source); link(destination, backup); fsync(directory); rename(source, destination); fsync(directory)",
            Setups.SourceAndDestination,
            scratch =>
            {
                Posix.Sync(scratch.Path(Contents.SourceName));
                Posix.Link(scratch.Path(Contents.DestinationName), scratch.Path(Contents.BackupName));
                Posix.Sync(scratch.Root);
                System.IO.File.Move(scratch.Path(Contents.SourceName), scratch.Path(Contents.DestinationName), overwrite: true);
                Posix.Sync(scratch.Root);
            });
    }
}
