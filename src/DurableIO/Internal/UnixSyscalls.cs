using System;
using System.Runtime.InteropServices;
using System.Text;

namespace DurableIO.Internal
{
    /// <summary>The Unix (Linux, macOS, other POSIX) system calls the protocol needs, each result checked by the caller.</summary>
    internal static class UnixSyscalls
    {
        private const string Libc = "libc";

        // Same values on Linux, macOS and the BSDs.
        internal const int EPERM = 1, ENOENT = 2, EINTR = 4, EBADF = 9, EACCES = 13, EXDEV = 18, EINVAL = 22;

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static readonly bool IsMacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        // Another Unix (FreeBSD: 0x100000) gets none: the descriptor only lives for one fsync anyway.
        private static readonly int O_CLOEXEC = IsLinux ? 0x80000 : IsMacOS ? 0x1000000 : 0;
        private const int O_RDONLY = 0;
        private const int F_FULLFSYNC = 51; // macOS only
        private const int ENOTTY_MacOS = 25;

        static UnixSyscalls()
        {
            // Load libc before the first call that matters. Every wrapper reads errno right after its call: any code
            // in between (first-time culture setup when formatting a number, a library load) can run P/Invokes that
            // overwrite it, which is what the "first call reports errno 203" measurement saw (docs/dotnet-io-facts.md §1.4).
            _ = getpid();
        }

        /// <summary>ENOTSUP/EOPNOTSUPP: 95 on Linux; 45 (and 102 on macOS) on the BSD family.</summary>
        internal static bool IsNotSupported(int errno) => IsLinux ? errno == 95 : errno == 45 || errno == 102;

        /// <summary>Flushes a file's data and metadata to stable storage. Returns 0 or the errno; never retried on failure.</summary>
        internal static int FlushToStorage(IntPtr fd)
        {
            int fdInt = fd.ToInt32();
            if (IsMacOS)
            {
                // macOS fsync only reaches the drive's cache; F_FULLFSYNC also flushes the drive. Some file systems refuse it.
                int err = fcntl(fdInt, F_FULLFSYNC) == 0 ? 0 : Marshal.GetLastWin32Error();
                if (err == 0) return 0;
                if (err != ENOTTY_MacOS && err != EINVAL && !IsNotSupported(err)) return err;
            }

            // Not even EINTR is retried: after a failed fsync Linux may have marked the lost pages clean ("fsyncgate").
            return fsync(fdInt) == 0 ? 0 : Marshal.GetLastWin32Error();
        }

        /// <summary>Opens a path read-only (never created), returns the fd or -1 with <paramref name="errno"/> set.</summary>
        internal static int OpenReadOnly(string path, out int errno)
        {
            byte[] p = Bytes(path);
            int fd;
            do { fd = open(p, O_RDONLY | O_CLOEXEC); errno = fd < 0 ? Marshal.GetLastWin32Error() : 0; }
            while (fd < 0 && errno == EINTR);
            return fd;
        }

        // close is never retried: on Linux the descriptor is gone even when close reports EINTR.
        internal static void Close(int fd) => _ = close(fd);

        internal static int Rename(string from, string to) => rename(Bytes(from), Bytes(to)) == 0 ? 0 : Marshal.GetLastWin32Error();

        internal static int Link(string existing, string newPath) => link(Bytes(existing), Bytes(newPath)) == 0 ? 0 : Marshal.GetLastWin32Error();

        internal static int Unlink(string path) => unlink(Bytes(path)) == 0 ? 0 : Marshal.GetLastWin32Error();

        internal static int ChangeMode(IntPtr fd, int mode) => fchmod(fd.ToInt32(), mode) == 0 ? 0 : Marshal.GetLastWin32Error();

        /// <summary>The target of a symbolic link, or null when <paramref name="path"/> is not a link (or does not exist).</summary>
        internal static string? ReadLink(string path)
        {
            byte[] p = Bytes(path);
            for (int size = 256; ; size *= 2)
            {
                var buffer = new byte[size];
                long n = readlink(p, buffer, (IntPtr)size).ToInt64();
                if (n < 0) return null;
                if (n < size) return Encoding.UTF8.GetString(buffer, 0, (int)n);
            }
        }

        /// <summary>The canonical absolute path (every link and ".." resolved by the kernel's rules), or null on error.</summary>
        internal static string? RealPath(string path)
        {
            IntPtr resolved = realpath(Bytes(path), IntPtr.Zero);
            if (resolved == IntPtr.Zero) return null;
            try
            {
                int length = 0;
                while (Marshal.ReadByte(resolved, length) != 0) length++;
                var bytes = new byte[length];
                Marshal.Copy(resolved, bytes, 0, length);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                free(resolved);
            }
        }

        private static byte[] Bytes(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

#pragma warning disable SA1300, IDE1006 // libc names
        [DllImport(Libc, SetLastError = true)] private static extern int getpid();
        [DllImport(Libc, SetLastError = true)] private static extern int open(byte[] path, int flags);
        [DllImport(Libc, SetLastError = true)] private static extern int fsync(int fd);
        [DllImport(Libc, SetLastError = true)] private static extern int fcntl(int fd, int cmd);
        [DllImport(Libc, SetLastError = true)] private static extern int close(int fd);
        [DllImport(Libc, SetLastError = true)] private static extern int rename(byte[] oldPath, byte[] newPath);
        [DllImport(Libc, SetLastError = true)] private static extern int link(byte[] oldPath, byte[] newPath);
        [DllImport(Libc, SetLastError = true)] private static extern int unlink(byte[] path);
        [DllImport(Libc, SetLastError = true)] private static extern int fchmod(int fd, int mode);
        [DllImport(Libc, SetLastError = true)] private static extern IntPtr readlink(byte[] path, byte[] buffer, IntPtr size);
        [DllImport(Libc, SetLastError = true)] private static extern IntPtr realpath(byte[] path, IntPtr resolved);
        [DllImport(Libc)] private static extern void free(IntPtr pointer);
#pragma warning restore SA1300, IDE1006
    }
}
