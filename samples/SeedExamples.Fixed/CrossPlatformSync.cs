using System;
using System.IO;
using System.Runtime.InteropServices;
using DurableIO;

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
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(fileName))!);
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
            // A failed fsync means the data may not be on disk: report it, never carry on (DUR008).
            if (fsync(stream.SafeFileHandle.DangerousGetHandle().ToInt32()) != 0)
            {
                throw new IOException($"fsync failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);
}
