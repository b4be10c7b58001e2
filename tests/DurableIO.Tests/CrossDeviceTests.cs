using System;
using System.IO;
using Xunit;

namespace DurableIO.Tests;

/// <summary>A real second file system (a tmpfs mounted by the test): moving across it must fail and lose nothing.</summary>
public class CrossDeviceTests
{
    [SecondFileSystemFact]
    public void Move_ToAnotherFileSystem_Throws_SourceStays_NothingAppears()
    {
        using var dir = new TestDirectory();
        using var other = new SecondFileSystem(dir["mnt"]);
        File.WriteAllText(dir["src.txt"], "payload");

        var e = Assert.Throws<IOException>(() => DurableFile.Move(dir["src.txt"], dir["mnt/dst.txt"]));

        Assert.Contains("errno 18", e.Message);
        Assert.Equal("payload", File.ReadAllText(dir["src.txt"]));
        Assert.Empty(dir.Entries("mnt"));
    }

    [SecondFileSystemFact]
    public void MoveOverwrite_ToAnotherFileSystem_Throws_BothFilesUnchanged()
    {
        using var dir = new TestDirectory();
        using var other = new SecondFileSystem(dir["mnt"]);
        File.WriteAllText(dir["src.txt"], "payload");
        File.WriteAllText(dir["mnt/dst.txt"], "destination");

        Assert.Throws<IOException>(() => DurableFile.Move(dir["src.txt"], dir["mnt/dst.txt"], overwrite: true));

        Assert.Equal("payload", File.ReadAllText(dir["src.txt"]));
        Assert.Equal("destination", File.ReadAllText(dir["mnt/dst.txt"]));
        Assert.Equal(new[] { "dst.txt" }, dir.Entries("mnt"));
    }

    [SecondFileSystemFact]
    public void MoveAndReplace_FromTheOtherFileSystem_Throw_NothingLost()
    {
        using var dir = new TestDirectory();
        using var other = new SecondFileSystem(dir["mnt"]);
        File.WriteAllText(dir["mnt/src.txt"], "payload");
        File.WriteAllText(dir["dst.txt"], "destination");

        Assert.Throws<IOException>(() => DurableFile.Move(dir["mnt/src.txt"], dir["new.txt"]));
        Assert.Throws<IOException>(() => DurableFile.Replace(dir["mnt/src.txt"], dir["dst.txt"], null));

        Assert.Equal("payload", File.ReadAllText(dir["mnt/src.txt"]));
        Assert.Equal("destination", File.ReadAllText(dir["dst.txt"]));
        Assert.Equal(new[] { "dst.txt", "mnt" }, dir.Entries());
    }

    [SecondFileSystemFact]
    public void ReplacingWritesOnTheSecondFileSystem_Work()
    {
        using var dir = new TestDirectory();
        using var other = new SecondFileSystem(dir["mnt"]);

        DurableFile.WriteAllText(dir["mnt/f.txt"], "one");
        DurableFile.WriteAllText(dir["mnt/f.txt"], "two");
        DurableFile.Copy(dir["mnt/f.txt"], dir["copy.txt"]);

        Assert.Equal("two", File.ReadAllText(dir["mnt/f.txt"]));
        Assert.Equal("two", File.ReadAllText(dir["copy.txt"]));
        Assert.Equal(new[] { "f.txt" }, dir.Entries("mnt"));
    }
}

/// <summary>A tmpfs mounted for one test and unmounted afterwards.</summary>
public sealed class SecondFileSystem : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public SecondFileSystem(string mountPoint, string size = "8m")
    {
        MountPoint = mountPoint;
        Directory.CreateDirectory(mountPoint);
        var (code, output) = TestDirectory.Run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint);
        Assert.True(code == 0, $"mount tmpfs on {mountPoint} failed: {output}");
    }

    public string MountPoint { get; }

    /// <summary>Remounts the file system read-only: every change then fails with EROFS.</summary>
    public void MakeReadOnly()
    {
        var (code, output) = TestDirectory.Run("mount", "-o", "remount,ro", MountPoint);
        Assert.True(code == 0, $"remount {MountPoint} read-only failed: {output}");
    }

    /// <summary>Why no file system can be mounted here (not root, no CAP_SYS_ADMIN, no mount binary), or null.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    public void Dispose()
    {
        var (code, output) = TestDirectory.Run("umount", MountPoint);
        Assert.True(code == 0, $"umount {MountPoint} failed: {output}");
    }

    private static string? Probe()
    {
        string point = Path.Combine(Path.GetTempPath(), "durableio-mount-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(point);
        try
        {
            var (code, output) = TestDirectory.Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", point);
            if (code != 0) return output.Trim();
            TestDirectory.Run("umount", point);
            return null;
        }
        finally
        {
            Directory.Delete(point);
        }
    }
}

/// <summary>
/// A fact that is reported as SKIPPED, with the reason, when this machine cannot mount a second file system
/// (xunit 2 can skip only through the attribute, so the probe runs when the attribute is created).
/// </summary>
public sealed class SecondFileSystemFactAttribute : FactAttribute
{
    public SecondFileSystemFactAttribute()
    {
        if (SecondFileSystem.WhyUnavailable is string why)
        {
            Skip = "SKIPPED: cannot mount a second file system (tmpfs) here, so the cross-device test cannot run: " + why;
        }
    }
}

/// <summary>The theory form of <see cref="SecondFileSystemFactAttribute"/>.</summary>
public sealed class SecondFileSystemTheoryAttribute : TheoryAttribute
{
    public SecondFileSystemTheoryAttribute()
    {
        if (SecondFileSystem.WhyUnavailable is string why)
        {
            Skip = "SKIPPED: cannot mount a second file system (tmpfs) here, so this test cannot run: " + why;
        }
    }
}
