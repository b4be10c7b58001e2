using System;
using System.IO;
using SeedExamples;

// The classic fsync examples, ported to C# the way most of us would write them the first time.
// Each one looks careful; each one has a durability bug that DurableIO reports while you type:
//
//   BasicWrite                 Flush() believed to reach the disk                      DUR005, DUR006
//   TransactionLog             Flush(true) under a StreamWriter that still buffers     DUR004, DUR014
//   PerLineFsyncTiming         one fsync per line                                      DUR003, DUR007
//   NewFileWithDirectorySync   a directory opened as a FileStream to "sync" it         DUR012, DUR007
//   AtomicReplace              temp file + File.Move, no flush, no directory sync      DUR001, DUR002
//   CrossPlatformSync          fsync P/Invoke whose result is ignored                  DUR008, DUR007
//   ErrorHandling              a failed flush logged and ignored                       DUR008, DUR014, DUR007
//   TempFileReplace            Path.GetTempFileName() renamed over the target          DUR009, DUR001, DUR002
//   DeleteThenMove             File.Delete(target) before File.Move                    DUR010
//   ReadOnlyFlush              Flush(true) on File.OpenRead                            DUR013, DUR006
//   ThumbnailCache             like AtomicReplace, on a cache: reported at Info only   DUR001, DUR002
//   LongLivedLog               a log kept open in fields: Flush() commit, per-entry    DUR003, DUR004, DUR005
//                              fsync, a checkpoint under a buffering writer field
//
// DUR011 (Flush(true) skipping the disk) only applies to net6.0/net7.0 projects; this one targets net8.0.
//
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
