using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>Save a document through a temporary file from the system's temp folder.</summary>
internal static class TempFileReplace
{
    public static void Run(string workDir)
    {
        var target = Path.Combine(workDir, "document.json");
        Save(target, "{\"title\": \"Quarterly report\"}");
    }

    public static void Save(string target, string json)
    {
        DurableFile.WriteAllText(target, json);
        Console.WriteLine($"   Saved {Path.GetFileName(target)}");
    }
}
