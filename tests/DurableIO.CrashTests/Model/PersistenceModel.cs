namespace DurableIO.CrashTests.Model;

/// <summary>What a crash may keep of the changes that were not yet forced to disk.</summary>
public enum PersistenceModel
{
    /// <summary>
    /// File data is durable only up to the file's last fsync/fdatasync; anything written after it may be lost
    /// wholly or partly (block-aligned, the tail first). A directory-entry change (create, rename, link,
    /// unlink, mkdir, rmdir) is durable only once every directory it changes has been fsynced; until then
    /// each pending change may or may not have reached the disk, independently of the others (any subset:
    /// the disk may see them in any order). Each entry change is atomic: a rename is never half done.
    /// This is all POSIX promises, and what a file system without an ordered journal may do.
    /// </summary>
    Pessimistic,

    /// <summary>
    /// ext4 with its default ordered journal (no fast_commit): directory-entry changes reach the disk in the
    /// order they were made (a crash keeps a prefix of the pending ones, never a later one without an earlier
    /// one), and any fsync — of a file or a directory — commits the journal, making every entry change made
    /// before it durable. File data is as in <see cref="Pessimistic"/> (ext4's auto_da_alloc rename heuristic
    /// is deliberately not assumed).
    /// </summary>
    Ext4Ordered,
}
