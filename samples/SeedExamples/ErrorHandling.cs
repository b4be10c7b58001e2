using System;
using System.IO;

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
            stream.Flush(true);
            Console.WriteLine("   Data successfully synchronized to disk");
        }
        catch (IOException e)
        {
            Console.WriteLine($"   Warning: fsync not supported on this file system: {e.Message}");
        }
    }
}
