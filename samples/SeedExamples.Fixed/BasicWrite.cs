using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>Write critical data and "force it to disk" with Flush().</summary>
internal static class BasicWrite
{
    public static void Run(string workDir)
    {
        var filePath = Path.Combine(workDir, "important_data.txt");

        using (var writer = new StreamWriter(filePath))
        {
            writer.WriteLine("Critical transaction data");
            writer.WriteLine("Must not be lost on system crash");

            // Force write to disk
            writer.FlushToDisk();
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(filePath))!);

        Console.WriteLine("   Data safely written to disk");
    }
}
