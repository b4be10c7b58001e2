using System;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace DurableIO.Internal
{
    /// <summary>The Windows system calls the protocol needs. Windows cannot flush a directory handle; NTFS journals renames.</summary>
    internal static class WindowsSyscalls
    {
        internal const int ERROR_FILE_NOT_FOUND = 2, ERROR_PATH_NOT_FOUND = 3, ERROR_ACCESS_DENIED = 5;
        private const int ERROR_SHARING_VIOLATION = 32, ERROR_LOCK_VIOLATION = 33;
        private const uint MOVEFILE_REPLACE_EXISTING = 0x1, MOVEFILE_WRITE_THROUGH = 0x8;

        /// <summary>FlushFileBuffers; returns 0 or the Win32 error.</summary>
        internal static int FlushToStorage(SafeFileHandle handle) => FlushFileBuffers(handle) ? 0 : Marshal.GetLastWin32Error();

        /// <summary>
        /// MoveFileExW with WRITE_THROUGH (returns only after the rename is on disk) and never COPY_ALLOWED
        /// (a copy is not atomic). Returns 0 or the Win32 error.
        /// </summary>
        internal static int Move(string from, string to, bool replace)
        {
            uint flags = MOVEFILE_WRITE_THROUGH | (replace ? MOVEFILE_REPLACE_EXISTING : 0);
            // Antivirus and indexers briefly open new files without FILE_SHARE_DELETE: retry the rename (only) for about 2 s.
            for (int attempt = 0; ; attempt++)
            {
                if (MoveFileExW(from, to, flags)) return 0;
                int error = Marshal.GetLastWin32Error();
                if ((error != ERROR_SHARING_VIOLATION && error != ERROR_LOCK_VIOLATION) || attempt == 40) return error;
                Thread.Sleep(50);
            }
        }

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool FlushFileBuffers(SafeFileHandle hFile);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode, ExactSpelling = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool MoveFileExW(string lpExistingFileName, string lpNewFileName, uint dwFlags);
    }
}
