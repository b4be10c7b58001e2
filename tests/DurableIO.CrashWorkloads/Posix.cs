using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// The directory fsync the naive workloads do by hand (open O_RDONLY, fsync, close), so that each naive
/// workload has exactly one flaw and does not depend on the library it is compared with.
/// </summary>
internal static class NaiveDirectorySync
{
    private const int ReadOnly = 0;

    public static void Sync(string directory)
    {
        var fd = open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "open " + directory);
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "fsync " + directory);
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a plain DllImport keeps this helper free of source generators
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
#pragma warning restore SYSLIB1054
}
