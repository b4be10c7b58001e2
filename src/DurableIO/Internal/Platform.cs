using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DurableIO.Internal
{
    /// <summary>Chooses the Unix or Windows system calls at run time and turns their error codes into exceptions.</summary>
    internal static class Platform
    {
        internal static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Flushes to disk what was written through <paramref name="handle"/>, through that same descriptor.</summary>
        internal static void FlushToStorage(SafeFileHandle handle, string path)
        {
            // Same descriptor: Linux reports a writeback error only to descriptors open when it happened.
            if (IsWindows)
            {
                int error = WindowsSyscalls.FlushToStorage(handle);
                if (error != 0) throw Errors.Durability(path, error);
                return;
            }

            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                int errno = UnixSyscalls.FlushToStorage(handle.DangerousGetHandle());
                if (errno != 0) throw Errors.Durability(path, errno);
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }

        /// <summary>Flushes an existing file or directory to disk by path (Unix: open read-only, fsync, close).</summary>
        internal static void SyncPath(string path, bool isDirectory)
        {
            if (IsWindows)
            {
                if (isDirectory) return; // Windows cannot flush a directory handle; NTFS journals the directory change.
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
                FlushToStorage(stream.SafeFileHandle, path);
                return;
            }

            int fd = UnixSyscalls.OpenReadOnly(path, out int openErrno);
            if (fd < 0) throw Errors.FromErrno(openErrno, "open", path);
            int errno;
            try
            {
                errno = UnixSyscalls.FlushToStorage((IntPtr)fd);
            }
            finally
            {
                UnixSyscalls.Close(fd);
            }

            if (errno == 0) return;
            // Some network and FUSE file systems cannot fsync a directory; PostgreSQL and Lucene ignore this too.
            if (isDirectory && !DurableDirectory.ThrowOnUnsupportedSync
                && (errno == UnixSyscalls.EINVAL || errno == UnixSyscalls.EBADF || UnixSyscalls.IsNotSupported(errno)))
            {
                return;
            }

            throw Errors.Durability(path, errno);
        }

        /// <summary>Makes renames, creations and deletions in <paramref name="directory"/> survive a crash.</summary>
        internal static void SyncDirectory(string directory) => SyncPath(directory, isDirectory: true);

        /// <summary>Syncs both directories (once when they are the same).</summary>
        internal static void SyncDirectories(string first, string second)
        {
            SyncDirectory(first);
            if (!SamePath(second, first)) SyncDirectory(second);
        }

        /// <summary>Renames a file, atomically; never copies (a cross-device rename is an IOException).</summary>
        internal static void Rename(string from, string to, bool replace)
        {
            if (IsWindows)
            {
                int error = WindowsSyscalls.Move(from, to, replace);
                if (error != 0) throw Errors.FromWin32(error, "MoveFileEx", from, to);
                return;
            }

            if (replace)
            {
                int errno = UnixSyscalls.Rename(from, to);
                if (errno != 0) throw Errors.FromErrno(errno, "rename", from, to);
                return;
            }

            // Without replace: link fails atomically if `to` exists; then drop the old name (File.Move does this too, but copies on EXDEV).
            int linkErrno = UnixSyscalls.Link(from, to);
            if (linkErrno == UnixSyscalls.EPERM || UnixSyscalls.IsNotSupported(linkErrno))
            {
                // File systems without hard links (FAT, some FUSE): check, then rename.
                if (Paths.EntryExists(to)) throw Errors.AlreadyExists(to);
                Rename(from, to, replace: true);
                return;
            }

            if (linkErrno != 0) throw Errors.FromErrno(linkErrno, "link", from, to);
            // The new name must be durable before the old one goes: else a crash can keep the unlink and lose the link, and the file with it.
            SyncDirectory(Paths.DirectoryOf(to));
            int unlinkErrno = UnixSyscalls.Unlink(from);
            if (unlinkErrno != 0) throw Errors.FromErrno(unlinkErrno, "unlink", from);
        }

        /// <summary>Makes <paramref name="backup"/> a copy of <paramref name="existing"/>'s current content without copying bytes (hard link on Unix).</summary>
        internal static void MakeBackup(string existing, string backup)
        {
            if (IsWindows)
            {
                Rename(existing, backup, replace: true);
                return;
            }

            int errno = UnixSyscalls.Unlink(backup);
            if (errno != 0 && errno != UnixSyscalls.ENOENT) throw Errors.FromErrno(errno, "unlink", backup);
            errno = UnixSyscalls.Link(existing, backup);
            if (errno != 0) throw Errors.FromErrno(errno, "link", existing, backup);
        }

        /// <summary>Gives a new file exact Unix permission bits (the umask only narrows them at creation).</summary>
        internal static void SetMode(SafeFileHandle handle, int mode)
        {
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                // Ignored when refused: file systems without Unix modes (FAT) refuse it, and File.WriteAllText works there.
                _ = UnixSyscalls.ChangeMode(handle.DangerousGetHandle(), mode);
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }

        private static bool SamePath(string a, string b) => string.Equals(a, b, IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
