using System;
using System.Globalization;
using System.IO;
#if !NET
using System.Reflection;
#endif
using System.Security.Cryptography;
using System.Text;

namespace DurableIO.Internal
{
    internal static class Paths
    {
        private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();
        private static readonly byte[] RandomPool = new byte[32 * sizeof(ulong)];
        private static int _randomPoolUsed = RandomPool.Length;
#if !NET
        private static readonly PropertyInfo? UnixFileModeProperty = typeof(FileSystemInfo).GetProperty("UnixFileMode");
#endif

        /// <summary>Validates a path argument the way System.IO does and returns its full path.</summary>
        internal static string Full(string path, string paramName)
        {
            if (path is null) throw new ArgumentNullException(paramName);
            if (path.Trim().Length == 0) throw new ArgumentException("The path is empty or consists only of white-space characters.", paramName);
            return Path.GetFullPath(path);
        }

        /// <summary>The directory that holds <paramref name="fullPath"/>.</summary>
        internal static string DirectoryOf(string fullPath) =>
            Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{fullPath}' is a root directory, not a file.");

        /// <summary>
        /// The file that writing to <paramref name="fullPath"/> would really write (symbolic links followed, in its real
        /// directory), with what one lstat says of it. A plain file or no file at all, the common case, costs that one call.
        /// </summary>
        internal static FileInfo ResolveLinks(string fullPath)
        {
            var entry = new FileInfo(fullPath);
            if (!IsSymbolicLink(entry)) return entry;
            if (Platform.IsWindows)
            {
#if NET
                try
                {
                    return File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is FileSystemInfo final ? new FileInfo(final.FullName) : entry;
                }
                catch (IOException)
                {
                    return entry;
                }
#else
                return entry; // netstandard2.0 on Windows (.NET Framework): no API to read a link; the link itself is replaced.
#endif
            }

            string current = fullPath;
            for (int hops = 0; hops < 40; hops++)
            {
                string? target = UnixSyscalls.ReadLink(current);
                if (target == null)
                {
                    // A link's target may hold "dir/../", which .NET folds by name but the kernel resolves after following dir.
                    string? realDirectory = UnixSyscalls.RealPath(DirectoryOf(current));
                    return new FileInfo(realDirectory == null ? current : Path.Combine(realDirectory, Path.GetFileName(current)));
                }

                current = Path.Combine(DirectoryOf(current), target);
            }

            throw new IOException($"Too many levels of symbolic links: '{fullPath}'.");
        }

        /// <summary>Whether anything (file, directory, dangling symlink) has this name.</summary>
        internal static bool EntryExists(string path) => (int)new FileInfo(path).Attributes != -1;

        /// <summary>`.{name}.{16 random hex digits}.tmp` next to <paramref name="target"/>.</summary>
        internal static string TempNameFor(string target)
        {
            ulong random;
            lock (RandomPool)
            {
                // One CSPRNG call per 32 names: the call costs more than the rest of the name (and shows in a replace's time).
                if (_randomPoolUsed == RandomPool.Length)
                {
                    Random.GetBytes(RandomPool);
                    _randomPoolUsed = 0;
                }

                random = BitConverter.ToUInt64(RandomPool, _randomPoolUsed);
                _randomPoolUsed += sizeof(ulong);
            }

            // Shorten long names so the temporary name still fits in NAME_MAX (255 bytes).
            string name = Path.GetFileName(target);
            while (name.Length > 50 && (Encoding.UTF8.GetByteCount(name) > 200 || char.IsHighSurrogate(name[name.Length - 1])))
            {
                name = name.Substring(0, name.Length - 1);
            }

            return Path.Combine(DirectoryOf(target), "." + name + "." + random.ToString("x16", CultureInfo.InvariantCulture) + ".tmp");
        }

        /// <summary>The Unix permission bits of an existing file, or null (new file, Windows, or a runtime that cannot read them).</summary>
        internal static int? UnixModeOf(FileInfo file)
        {
            if (Platform.IsWindows || !file.Exists) return null;
#if NET
            return OperatingSystem.IsWindows() ? null : (int)file.UnixFileMode;
#else
            // netstandard2.0 has no API for this; .NET 7+ runtimes do, so use theirs when present.
            return UnixFileModeProperty == null ? null : Convert.ToInt32(UnixFileModeProperty.GetValue(file), CultureInfo.InvariantCulture);
#endif
        }

        private static bool IsSymbolicLink(FileSystemInfo entry)
        {
            FileAttributes attributes = entry.Attributes; // (FileAttributes)(-1) when nothing is there
            return (int)attributes != -1 && (attributes & FileAttributes.ReparsePoint) != 0;
        }
    }
}
