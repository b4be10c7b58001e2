using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DurableIO.CrashTests.Model;

/// <summary>
/// The scratch directory's content before the traced run: every file (path → bytes) and directory
/// (path → null), paths relative and '/'-separated. The checker treats it as the durable initial state.
/// </summary>
public sealed class ScratchSnapshot
{
    public ScratchSnapshot(IReadOnlyDictionary<string, byte[]?> entries) => Entries = entries;

    public IReadOnlyDictionary<string, byte[]?> Entries { get; }

    public static ScratchSnapshot Capture(string root)
    {
        var entries = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (info.LinkTarget is not null)
            {
                throw new NotSupportedException("the crash model does not cover symbolic links: " + info.FullName);
            }

            var path = Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            entries[path] = info is FileInfo ? File.ReadAllBytes(info.FullName) : null;
        }

        return new ScratchSnapshot(entries.ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal));
    }
}
