using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>
/// The same replace as <see cref="AtomicReplace"/>, for a cache that is rebuilt after a crash anyway:
/// DurableIO reports it at Info (shown in the IDE, not in the build), because losing it only costs a rebuild.
/// </summary>
internal static class ThumbnailCache
{
    public static void Run(string workDir)
    {
        var cacheDir = Path.Combine(workDir, "thumbnails");
        Directory.CreateDirectory(cacheDir);
        Store(cacheDir, "photo-001", new byte[] { 0x89, 0x50, 0x4E, 0x47 });
    }

    public static void Store(string cacheDir, string key, byte[] png)
    {
        var cachePath = Path.Combine(cacheDir, key + ".png");
        DurableFile.WriteAllBytes(cachePath, png);
        Console.WriteLine($"   Cached {key}");
    }
}
