using System;
using System.Collections.Generic;
using System.IO;
using DurableIO.Internal;

namespace DurableIO
{
    /// <summary>Directory operations that survive a crash: syncing a directory's entries and creating directories durably.</summary>
    public static class DurableDirectory
    {
        /// <summary>The <see cref="AppContext"/> switch that initialises <see cref="ThrowOnUnsupportedSync"/>.</summary>
        public const string ThrowOnUnsupportedSyncSwitchName = "DurableIO.ThrowOnUnsupportedDirectorySync";

        private static volatile bool s_throwOnUnsupportedSync =
            AppContext.TryGetSwitch(ThrowOnUnsupportedSyncSwitchName, out bool enabled) && enabled;

        /// <summary>
        /// Whether a directory sync that the file system does not support (<c>fsync</c> on the directory fails with
        /// <c>EINVAL</c>, <c>ENOTSUP</c>/<c>EOPNOTSUPP</c> or <c>EBADF</c>, as on some network and FUSE file systems)
        /// throws a <see cref="DurabilityException"/>. Default <c>false</c>: it is ignored, as PostgreSQL and Lucene do;
        /// every other directory-sync error always throws. Initialised from the AppContext switch
        /// <c>DurableIO.ThrowOnUnsupportedDirectorySync</c> (e.g. <c>&lt;RuntimeHostConfigurationOption Include="DurableIO.ThrowOnUnsupportedDirectorySync" Value="true" /&gt;</c>
        /// in the application's project file), and settable at run time.
        /// </summary>
        public static bool ThrowOnUnsupportedSync
        {
            get => s_throwOnUnsupportedSync;
            set => s_throwOnUnsupportedSync = value;
        }

        /// <summary>
        /// Flushes a directory's entries to disk, so that files created, renamed or deleted in it stay so after a crash
        /// (Unix: <c>open(O_RDONLY)</c> + <c>fsync</c> (<c>F_FULLFSYNC</c> on macOS) + <c>close</c>). No-op on Windows,
        /// which cannot flush a directory handle and journals directory changes on NTFS.
        /// </summary>
        /// <param name="path">The directory.</param>
        /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
        /// <exception cref="DurabilityException">The flush failed.</exception>
        public static void Sync(string path)
        {
            string full = Paths.Full(path, nameof(path));
            if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"Could not find a part of the path '{full}'.");
            Platform.SyncDirectory(full);
        }

        /// <summary>
        /// Creates every missing directory of <paramref name="path"/>, like <see cref="Directory.CreateDirectory(string)"/>,
        /// and syncs the parent of each directory it creates, so the new directories survive a crash.
        /// </summary>
        /// <param name="path">The directory to create.</param>
        /// <returns>The directory.</returns>
        /// <exception cref="IOException">A part of the path is a file.</exception>
        /// <exception cref="DurabilityException">Syncing a parent directory failed.</exception>
        public static DirectoryInfo CreateDirectory(string path)
        {
            string full = Paths.Full(path, nameof(path));
            var missing = new Stack<string>();
            for (string? level = TrimEndSeparator(full); level != null && !Directory.Exists(level); level = Path.GetDirectoryName(level))
            {
                missing.Push(level);
            }

            foreach (string level in missing)
            {
                Directory.CreateDirectory(level);
                Platform.SyncDirectory(Paths.DirectoryOf(level)); // the new name lives in the parent's entries
            }

            return new DirectoryInfo(full);
        }

        private static string TrimEndSeparator(string path)
        {
            string root = Path.GetPathRoot(path) ?? string.Empty;
            return path.Length > root.Length ? path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : path;
        }
    }
}
