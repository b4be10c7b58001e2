using System;
using System.Diagnostics;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>
/// How much does fsync cost? The classic demonstration: the same lines written with a flush to disk after every line,
/// and (as the DUR003 fix rewrote the loop of <see cref="TestWrite"/>) with one flush to disk after the loop.
/// </summary>
internal static class PerLineFsyncTiming
{
    private const int LineCount = 300;

    public static void Run(string workDir)
    {
        var path = Path.Combine(workDir, "testfile.txt");

        var withoutSync = TestWrite(path, LineCount, useFsync: false);
        var perLine = TestWriteWithFsyncPerLine(path, LineCount);
        var once = TestWrite(path, LineCount, useFsync: true);

        Console.WriteLine($"   {"fsync of the data",-24} {"lines",6} {"total ms",10} {"ms/line",9}");
        Row("none (not durable)", withoutSync);
        Row("after every line", perLine);
        Row("once, after the loop", once);
        Console.WriteLine($"   one fsync after the loop is {perLine.TotalMilliseconds / Math.Max(once.TotalMilliseconds, 0.001):F1}x faster than one per line");
        Console.WriteLine("   (every row also syncs the directory once, as the DUR007 fix added)");
    }

    private static void Row(string label, TimeSpan elapsed) =>
        Console.WriteLine($"   {label,-24} {LineCount,6} {elapsed.TotalMilliseconds,10:F2} {elapsed.TotalMilliseconds / LineCount,9:F3}");

    private static TimeSpan TestWrite(string path, int count, bool useFsync)
    {
        var watch = Stopwatch.StartNew();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        for (var i = 0; i < count; i++)
        {
            writer.WriteLine($"Line {i}");
            if (useFsync)
            {
                writer.Flush();
            }
        }
        if (useFsync)
        {
            stream.Flush(true);
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);

        return watch.Elapsed;
    }

    /// <summary>The loop as samples/SeedExamples wrote it, kept (by hand) to measure what the DUR003 fix saves.</summary>
    private static TimeSpan TestWriteWithFsyncPerLine(string path, int count)
    {
        var watch = Stopwatch.StartNew();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        for (var i = 0; i < count; i++)
        {
            writer.WriteLine($"Line {i}");
            writer.Flush();
#pragma warning disable DUR003 // Deliberate: this row of the table measures one fsync per line.
            stream.Flush(true);
#pragma warning restore DUR003
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);

        return watch.Elapsed;
    }
}
