using System;
using System.IO;

namespace SeedExamples;

/// <summary>Import a file and make sure the copy is on disk before reporting success.</summary>
internal static class ReadOnlyFlush
{
    public static void Run(string workDir)
    {
        var source = Path.Combine(workDir, "export.csv");
        File.WriteAllText(source, "id,amount\n1,100\n");
        Import(source, Path.Combine(workDir, "import.csv"));
    }

    public static void Import(string source, string target)
    {
        File.Copy(source, target, overwrite: true);

        // Make sure the copy reached the disk
        using (var stream = File.OpenRead(target))
        {
            stream.Flush(true);
        }

        Console.WriteLine($"   Imported {Path.GetFileName(target)}");
    }
}
