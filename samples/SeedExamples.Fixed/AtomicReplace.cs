using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>Replace a file atomically: write a temporary file, then rename it over the original.</summary>
internal static class AtomicReplace
{
    public static void Run(string workDir)
    {
        var fileName = Path.Combine(workDir, "config.json");
        File.WriteAllText(fileName, "{\"version\": 1}");
        Replace(fileName, "{\"version\": 2, \"settings\": {\"debug\": false}}");
    }

    public static void Replace(string fileName, string content)
    {
        // Rename is atomic: readers see either the old or the new file
        DurableFile.WriteAllText(fileName, content);

        Console.WriteLine($"   Atomically replaced {Path.GetFileName(fileName)}");
    }
}
