using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>Create a file and sync both its data and its directory entry.</summary>
internal static class NewFileWithDirectorySync
{
    public static void Run(string workDir) =>
        CreateFileWithMetadataSync(Path.Combine(workDir, "new_config.cfg"), "[settings]\noption=value\n");

    public static void CreateFileWithMetadataSync(string fileName, string content)
    {
        using (var stream = new FileStream(fileName, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(true); // sync file data
        }

        // Sync directory metadata: open the directory read-only and flush it, like os.open + os.fsync
        var dirPath = Path.GetDirectoryName(Path.GetFullPath(fileName))!;
        DurableDirectory.Sync(dirPath);

        Console.WriteLine($"   File {fileName} created with full metadata sync");
    }
}
