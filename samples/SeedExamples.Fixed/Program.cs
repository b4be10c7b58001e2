using System;
using System.IO;
using SeedExamples;

// samples/SeedExamples after its DurableIO code fixes (dotnet format analyzers --diagnostics DUR001 … DUR014
// --severity info, run twice: a fix can reveal another rule's finding), referencing the DurableIO runtime library.
// Written by hand: the DUR008 fixes (that rule has no automatic fix) and the per-line loop kept for the timing table.
// What each example became:
//
//   BasicWrite                 writer.FlushToDisk(), then the new file's directory synced        DUR005, DUR006 → DUR007
//   TransactionLog             writer.FlushToDisk() flushes the writer, then the disk            DUR004, DUR014
//   PerLineFsyncTiming         one flush to disk after the loop; the table compares it with      DUR003, DUR007
//                              one per line (that loop is kept on purpose, with its warning
//                              suppressed, to measure it)
//   NewFileWithDirectorySync   DurableDirectory.Sync instead of opening the directory            DUR012, DUR007
//   AtomicReplace              DurableFile.WriteAllText(target, …): no temporary file to manage  DUR001, DUR002
//   CrossPlatformSync          the fsync result is checked (by hand: DUR008 has no fix)          DUR008, DUR007
//   ErrorHandling              FlushToDisk() reports a failed fsync; the catch rethrows (by hand) DUR014, DUR008, DUR007
//   TempFileReplace            DurableFile.WriteAllText(target, …): no file in another directory  DUR009, DUR001, DUR002
//   DeleteThenMove             DurableFile.Move(…, overwrite: true), the delete removed          DUR010
//   ReadOnlyFlush              DurableFile.Sync(target); the setup write is DurableFile too      DUR013, DUR006
//   ThumbnailCache             DurableFile.WriteAllBytes(target, …)                              DUR001, DUR002
//   LongLivedLog               FlushToDisk() commit, one flush after the batch, writer first     DUR003, DUR004, DUR005
//
// The project keeps the repository's TreatWarningsAsErrors: a DUR finding fails its build.
// The examples run in a new folder under the system temp directory, which is deleted at the end.

var workDir = Path.Combine(Path.GetTempPath(), "DurableIO.SeedExamples." + Guid.NewGuid().ToString("N").Substring(0, 8));
Directory.CreateDirectory(workDir);
Console.WriteLine($"Working in {workDir}");

try
{
    Example("basic write", () => BasicWrite.Run(workDir));
    Example("transaction log", () => TransactionLog.Run(workDir));
    Example("per-line fsync timing", () => PerLineFsyncTiming.Run(workDir));
    Example("new file + directory sync", () => NewFileWithDirectorySync.Run(workDir));
    Example("atomic replace", () => AtomicReplace.Run(workDir));
    Example("cross-platform sync", () => CrossPlatformSync.Run(workDir));
    Example("error handling", () => ErrorHandling.Run(workDir));
    Example("temp file replace", () => TempFileReplace.Run(workDir));
    Example("delete then move", () => DeleteThenMove.Run(workDir));
    Example("read-only flush", () => ReadOnlyFlush.Run(workDir));
    Example("thumbnail cache", () => ThumbnailCache.Run(workDir));
    Example("long-lived log", () => LongLivedLog.Run(workDir));
}
finally
{
    Directory.Delete(workDir, recursive: true);
}

static void Example(string name, Action run)
{
    Console.WriteLine();
    Console.WriteLine($"== {name}");
    try
    {
        run();
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        // Some of the naive examples do not even run: that is part of what they show.
        Console.WriteLine($"   failed: {e.GetType().Name}: {e.Message}");
    }
}
