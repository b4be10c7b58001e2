using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SeedExamples;

/// <summary>Sync a file on every OS: FlushFileBuffers on Windows, fsync elsewhere.</summary>
internal static class CrossPlatformSync
{
    public static void Run(string workDir) =>
        WriteWithSync(Path.Combine(workDir, "data.bin"), new byte[] { 0, 1, 2, 3, 4 });

    public static void WriteWithSync(string fileName, byte[] data)
    {
        using var stream = new FileStream(fileName, FileMode.Create, FileAccess.Write);
        stream.Write(data, 0, data.Length);
        SafeSync(stream);
        Console.WriteLine($"   Data safely written to {Path.GetFileName(fileName)}");
    }

    private static void SafeSync(FileStream stream)
    {
        stream.Flush();
        if (OperatingSystem.IsWindows())
        {
            stream.Flush(true); // FlushFileBuffers
        }
        else
        {
            fsync(stream.SafeFileHandle.DangerousGetHandle().ToInt32());
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);
}
