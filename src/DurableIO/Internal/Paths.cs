using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace DurableIO.Internal
{
    internal static class Paths
    {
        private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

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

        /// <summary>The file that writing to <paramref name="fullPath"/> would really write: symbolic links followed, in its real directory.</summary>
        internal static string ResolveLinks(string fullPath)
        {
            if (Platform.IsWindows)
            {
#if NET
                try
                {
                    return File.ResolveLinkTarget(fullPath, returnFinalTarget: true)?.FullName ?? fullPath;
                }
                catch (IOException)
                {
                    return fullPath;
                }
#else
                return fullPath; // netstandard2.0 on Windows (.NET Framework): no API to read a link; the link itself is replaced.
#endif
            }

            string current = fullPath;
            for (int hops = 0; hops < 40; hops++)
            {
                string? target = UnixSyscalls.ReadLink(current);
                if (target == null)
                {
                    // .NET folds "dir/../" by name; the kernel follows dir first. Use the kernel's answer for the directory.
                    string? realDirectory = UnixSyscalls.RealPath(DirectoryOf(current));
                    return realDirectory == null ? current : Path.Combine(realDirectory, Path.GetFileName(current));
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
            var bytes = new byte[8];
            lock (Random) Random.GetBytes(bytes);
            // Shorten long names so the temporary name still fits in NAME_MAX (255 bytes).
            string name = Path.GetFileName(target);
            while (Encoding.UTF8.GetByteCount(name) > 200 || (name.Length > 0 && char.IsHighSurrogate(name[name.Length - 1])))
            {
                name = name.Substring(0, name.Length - 1);
            }

            return Path.Combine(DirectoryOf(target), "." + name + "." + BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant() + ".tmp");
        }

        /// <summary>The Unix permission bits of an existing file, or null (new file, Windows, or a runtime that cannot read them).</summary>
        internal static int? UnixModeOf(string path)
        {
            if (Platform.IsWindows || !File.Exists(path)) return null;
            try
            {
#if NET
                return OperatingSystem.IsWindows() ? null : (int)File.GetUnixFileMode(path);
#else
                // netstandard2.0 has no API for this; .NET 7+ runtimes do, so use theirs when present.
                var method = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
                return method == null ? null : Convert.ToInt32(method.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture);
#endif
            }
            catch (FileNotFoundException)
            {
                return null; // deleted meanwhile: a new file
            }
        }
    }
}
