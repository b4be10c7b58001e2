using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>Handle the case where syncing to disk fails (for example on a file system without fsync).</summary>
internal static class ErrorHandling
{
    public static void Run(string workDir) =>
        WriteWithGuarantee(Path.Combine(workDir, "critical.log"), "System shutdown initiated\n");

    public static void WriteWithGuarantee(string fileName, string data)
    {
        using var stream = new FileStream(fileName, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.Write(data);
        writer.Flush();

        try
        {
            stream.FlushToDisk();
            Console.WriteLine("   Data successfully synchronized to disk");
        }
        catch (IOException e)
        {
            // The data is not known to be on disk: say so and let the caller decide; never carry on as if it were (DUR008).
            Console.WriteLine($"   Error: the data could not be synchronized to disk: {e.Message}");
            throw;
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(fileName))!);
    }
}
