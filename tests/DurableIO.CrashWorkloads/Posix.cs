using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// The few Linux calls the naive and reference workloads make by hand, so that each of them does exactly
/// what its name says and does not depend on the library it is compared with.
/// </summary>
internal static class Posix
{
    private const int ReadOnly = 0;
    private const int AtFdCwd = -100;
    private const uint RenameNoReplaceFlag = 1;

    /// <summary>open(O_RDONLY) + fsync + close: flushes a file's data, or a directory's entries.</summary>
    public static void Sync(string path)
    {
        var fd = open(path, ReadOnly);
        Check(fd, "open", path);
        try
        {
            Check(fsync(fd), "fsync", path);
        }
        finally
        {
            _ = close(fd);
        }
    }

    public static void Link(string existing, string newName) => Check(link(existing, newName), "link", newName);

    public static void Unlink(string path) => Check(unlink(path), "unlink", path);

    /// <summary>renameat2(RENAME_NOREPLACE): one atomic change that fails if the new name exists.</summary>
    public static void RenameNoReplace(string from, string to) => Check(renameat2(AtFdCwd, from, AtFdCwd, to, RenameNoReplaceFlag), "renameat2", to);

    private static void Check(int result, string call, string path)
    {
        if (result < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), call + " " + path);
        }
    }

#pragma warning disable SYSLIB1054 // plain DllImport keeps these helpers free of source generators
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newName);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", SetLastError = true)]
    private static extern int renameat2(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
#pragma warning restore SYSLIB1054
}
