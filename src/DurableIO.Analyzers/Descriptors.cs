using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers;

/// <summary>
/// Every rule's descriptor, built in one place. Titles and default severities are the ones of
/// docs/rules (a meta-test keeps them equal). Messages name the file variable or path and the
/// crash consequence; rules that can downgrade a finding (a cache file) pass the consequence as an argument.
/// </summary>
public static class Descriptors
{
    public const string Category = "Durability";
    public const string HelpLinkBase = "https://github.com/DurableIO/DurableIO/blob/main/docs/rules/";

    /// <summary>
    /// DUR001 (RenameAnalyzer). {0}: the source path expression as written; {1}: the destination path expression;
    /// {2}: the consequence ("after a crash '…' can be empty or hold partial data"), extended with the reason when the
    /// cache downgrade reports it at Info.
    /// </summary>
    public static readonly DiagnosticDescriptor DUR001 = Create(
        RuleIds.RenameBeforeFlush,
        "File renamed over a target before its data reached the disk",
        "'{0}' is renamed onto '{1}' before its data reached the disk: {2}",
        "A rename can reach the disk before the data of the renamed file. After a crash the target then holds an empty or partial file instead of either version. Flush the data to disk before the rename, or use DurableFile.",
        DiagnosticSeverity.Warning);

    /// <summary>
    /// DUR002 (RenameAnalyzer). {0}: the destination path expression as written; {1}: the consequence ("after a crash
    /// the rename can be undone …"), extended with the reason when the cache downgrade reports it at Info.
    /// </summary>
    public static readonly DiagnosticDescriptor DUR002 = Create(
        RuleIds.RenameWithoutDirectorySync,
        "Replacing rename is not durable until its directory is synced",
        "The rename onto '{0}' is never made durable by a sync of its directory: {1}",
        "A rename is a change of the directory. Until the directory is synced, a crash can undo it and bring the old file back. Sync the destination directory after the rename, or use DurableFile.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR003 = Create(
        RuleIds.FlushInLoop,
        "Flush to disk on every iteration of a loop",
        "'{0}' is flushed to disk on every iteration of the loop: each flush waits for the disk, so batch the writes and flush once after the loop",
        "A flush to disk waits for the device. Doing it once per record makes a loop tens of times slower than one flush after the batch. Move the flush after the loop, or use a group-commit log.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR004 = Create(
        RuleIds.FlushUnderBufferingWriter,
        "Flush to disk while a writer still buffers data",
        "'{0}' is flushed to disk while '{1}' still buffers data written to it: that data is not on the disk after the flush",
        "A buffering writer keeps data in memory until it is flushed. Flushing the stream underneath to disk does not include that data. Flush the writer first, or call FlushToDisk() on the writer.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR005 = Create(
        RuleIds.FlushDoesNotReachDisk,
        "Flush() and FlushAsync() do not reach the disk",
        "'{0}' only hands its data to the operating system: after a crash the data written to it can be lost",
        "Flush() and FlushAsync() move data from .NET buffers to the operating system, not to the disk. When the data must survive a crash, flush it to disk with Flush(true) or FlushToDisk().",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor DUR006 = Create(
        RuleIds.WriteWithoutFlushToDisk,
        "File written without a flush to disk",
        "'{0}' is written and closed without a flush to disk: after a crash its content can be lost or partial",
        "Writing and closing a file leaves its data in the operating system's cache. A crash before the cache is written back loses it. Flush the file to disk before closing it, or use DurableFile.",
        DiagnosticSeverity.Hidden);

    public static readonly DiagnosticDescriptor DUR007 = Create(
        RuleIds.NewFileDirectoryNotSynced,
        "New file's directory entry is never synced",
        "The directory entry of the new file '{0}' is never synced: {1}",
        "A new file's name lives in its directory. Flushing the file to disk does not make the name durable; after a crash the file can be missing. Sync the directory after creating the file.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR008 = Create(
        RuleIds.FlushFailureIgnored,
        "Failed flush to disk is ignored or retried",
        "The failure of the flush to disk of '{0}' is {1}: after a failed fsync the data may be lost and a retry can report success",
        "After a failed fsync, Linux may mark the unwritten pages clean: the data is gone and a second fsync succeeds. Ignoring or retrying the failure hides data loss. Let the failure propagate and recover from a known good state.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR009 = Create(
        RuleIds.TempFileInOtherDirectory,
        "Temporary file is not in the target's directory",
        "The temporary file '{0}' is not in the directory of '{1}': on another file system the rename fails or becomes a copy that a crash can cut",
        "A rename is atomic only within one file system. A temporary file in another directory, such as the system temp folder, may live on another file system, where File.Move silently copies. Create the temporary file next to the target.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR010 = Create(
        RuleIds.DeleteBeforeRename,
        "Target deleted before the replacing rename",
        "'{0}' is deleted before the new file is moved onto it: {1}",
        "Deleting the target and then moving the new file onto it leaves a moment with no file at all. A crash there loses both versions. A replacing rename swaps the files atomically.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR011 = Create(
        RuleIds.LegacyFlushSkipsDisk,
        "Flush(true) can skip the disk on .NET 6 and 7",
        "Flush(true) on '{0}' right after a write can return without reaching the disk on .NET 6 and 7: after a crash the data can be lost",
        "On .NET 6 and 7, the first Flush(true) after a buffered write writes the buffer and returns without fsync. Call Flush() before Flush(true), or FlushToDisk().",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR012 = Create(
        RuleIds.DirectoryOpenedAsFile,
        "A directory cannot be opened as a file to sync it",
        "'{0}' is a directory and cannot be opened as a file: this throws UnauthorizedAccessException and the directory is never synced",
        ".NET cannot open a directory as a file on any operating system, so this code always throws and the directory sync never happens. Use DurableDirectory.Sync.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR013 = Create(
        RuleIds.FlushOnReadOnlyStream,
        "Flush to disk on a read-only stream does nothing",
        "'{0}' is opened for reading only, so Flush(true) does nothing: the file is not flushed to disk",
        "FileStream.Flush(true) returns at once on a stream that cannot write. Opening a file read-only to sync it therefore syncs nothing. Use DurableFile.Sync.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DUR014 = Create(
        RuleIds.FlushFailureUnreported,
        "Flush(true) cannot report a failed fsync on Linux and macOS",
        "A failed fsync of '{0}' is never reported on Linux and macOS: {1}",
        "On Linux and macOS, FileStream.Flush(true) and RandomAccess.FlushToDisk drop the result of a failed fsync, so an exception handler or success report around them is misleading. FlushToDisk() reports the failure.",
        DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md");
}
