using System;
using System.ComponentModel;
using System.IO;

namespace DurableIO.Internal
{
    /// <summary>Turns errno / Win32 error codes into the exceptions System.IO would throw, with the code in the message.</summary>
    internal static class Errors
    {
        internal static DurabilityException Durability(string path, int code) =>
            new DurabilityException(
                $"Flushing '{path}' to disk failed: {Describe(code)} ({CodeName} {code}). The data may not be on disk. "
                + "The flush is not retried: after a failed flush the OS may have dropped the data and a retry can falsely succeed.",
                code);

        internal static Exception FromErrno(int errno, string call, string path, string? path2 = null)
        {
            string message = $"{call}('{path}'{(path2 == null ? "" : $", '{path2}'")}) failed: {Describe(errno)} (errno {errno}).";
            switch (errno)
            {
                case UnixSyscalls.ENOENT:
                    return MissingDirectory(path, path2) ? new DirectoryNotFoundException(message) : new FileNotFoundException(message, path);
                case UnixSyscalls.EACCES:
                case UnixSyscalls.EPERM:
                    return new UnauthorizedAccessException(message);
                case UnixSyscalls.EXDEV:
                    return new IOException(message + " DurableIO never copies instead of renaming: a copy is not atomic.", errno);
                default:
                    return new IOException(message, errno);
            }
        }

        internal static Exception FromWin32(int error, string call, string path, string? path2 = null)
        {
            string message = $"{call}('{path}'{(path2 == null ? "" : $", '{path2}'")}) failed: {Describe(error)} (Win32 error {error}).";
            switch (error)
            {
                case WindowsSyscalls.ERROR_FILE_NOT_FOUND: return new FileNotFoundException(message, path);
                case WindowsSyscalls.ERROR_PATH_NOT_FOUND: return new DirectoryNotFoundException(message);
                case WindowsSyscalls.ERROR_ACCESS_DENIED: return new UnauthorizedAccessException(message);
                default: return new IOException(message, unchecked((int)0x80070000 | error));
            }
        }

        internal static IOException AlreadyExists(string path) => new IOException($"The file '{path}' already exists.");

        internal static IOException FileNotFound(string path) =>
            Directory.Exists(Path.GetDirectoryName(path))
                ? new FileNotFoundException($"Could not find file '{path}'.", path)
                : new DirectoryNotFoundException($"Could not find a part of the path '{path}'.");

        private static string CodeName => Platform.IsWindows ? "Win32 error" : "errno";

        private static string Describe(int code) => new Win32Exception(code).Message;

        private static bool MissingDirectory(string path, string? path2) =>
            !Directory.Exists(Path.GetDirectoryName(path)) || (path2 != null && !Directory.Exists(Path.GetDirectoryName(path2)));
    }
}
