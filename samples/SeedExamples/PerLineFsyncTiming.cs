using System;
using System.Diagnostics;
using System.IO;

namespace SeedExamples;

/// <summary>How much does fsync cost? Write lines with and without a sync after each one.</summary>
internal static class PerLineFsyncTiming
{
    public static void Run(string workDir)
    {
        var path = Path.Combine(workDir, "testfile.txt");

        var withoutSync = TestWrite(path, 300, useFsync: false);
        Console.WriteLine($"   Without fsync: {withoutSync.TotalMilliseconds:F2} ms");

        var withSync = TestWrite(path, 300, useFsync: true);
        Console.WriteLine($"   With fsync:    {withSync.TotalMilliseconds:F2} ms");

        Console.WriteLine($"   fsync is {withSync.TotalMilliseconds / Math.Max(withoutSync.TotalMilliseconds, 0.001):F1}x slower");
    }

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
                stream.Flush(true);
            }
        }

        return watch.Elapsed;
    }
}
