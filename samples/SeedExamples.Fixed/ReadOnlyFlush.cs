using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>Import a file and make sure the copy is on disk before reporting success.</summary>
internal static class ReadOnlyFlush
{
    public static void Run(string workDir)
    {
        var source = Path.Combine(workDir, "export.csv");
        DurableFile.WriteAllText(source, "id,amount\n1,100\n");
        Import(source, Path.Combine(workDir, "import.csv"));
    }

    public static void Import(string source, string target)
    {
        File.Copy(source, target, overwrite: true);

        // Make sure the copy reached the disk
        DurableFile.Sync(target);

        Console.WriteLine($"   Imported {Path.GetFileName(target)}");
    }
}
