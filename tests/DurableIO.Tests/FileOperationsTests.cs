using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace DurableIO.Tests;

/// <summary>What each operation does to the file system (the system calls are in ProtocolTraceTests).</summary>
public class FileOperationsTests
{
    [Fact]
    public void WriteAllText_CreatesThenReplaces_NoTempLeft()
    {
        using var dir = new TestDirectory();
        DurableFile.WriteAllText(dir["f.txt"], "one");
        DurableFile.WriteAllText(dir["f.txt"], "two");
        Assert.Equal("two", File.ReadAllText(dir["f.txt"]));
        Assert.Equal(new[] { "f.txt" }, dir.Entries());
    }

    [Fact]
    public void RelativePath_IsResolvedAgainstTheCurrentDirectory()
    {
        using var dir = new TestDirectory();
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, dir["rel.txt"]);
        DurableFile.WriteAllText(relative, "x");
        Assert.Equal("x", File.ReadAllText(dir["rel.txt"]));
    }

    [Fact]
    public void LongFileName_TempNameStillFits()
    {
        using var dir = new TestDirectory();
        string name = new string('n', 240) + "é"; // 242 bytes: the temporary name must be shortened to fit in 255
        DurableFile.WriteAllText(dir[name], "x");
        DurableFile.WriteAllText(dir[name], "y");
        Assert.Equal("y", File.ReadAllText(dir[name]));
        Assert.Equal(new[] { name }, dir.Entries());
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    [InlineData(UnixFileMode.UserRead)]
    public void ExistingTarget_KeepsItsExactPermissionBits_EvenBitsTheUmaskWouldClear(UnixFileMode mode)
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["f"], "old");
        File.SetUnixFileMode(dir["f"], mode);

        DurableFile.WriteAllText(dir["f"], "new");
        DurableFile.WriteAllBytes(dir["f"], new byte[] { 1 });

        Assert.Equal(mode, File.GetUnixFileMode(dir["f"]));
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(dir["f"]));
    }

    [Fact]
    public void NewFile_GetsTheModeFileWriteAllTextGives()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["by-file"], "x");
        DurableFile.WriteAllText(dir["by-durable"], "x");
        Assert.Equal(File.GetUnixFileMode(dir["by-file"]), File.GetUnixFileMode(dir["by-durable"]));
    }

    [Fact]
    public void SymlinkTarget_TheFileItPointsToIsReplaced_LinkStaysALink()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["real"]);
        File.WriteAllText(dir["real/data"], "old");
        File.SetUnixFileMode(dir["real/data"], UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(dir["hop2"], "real/data");
        File.CreateSymbolicLink(dir["hop1"], dir["hop2"]); // a chain, absolute then relative

        DurableFile.WriteAllText(dir["hop1"], "new");

        Assert.Equal(dir["hop2"], new FileInfo(dir["hop1"]).LinkTarget);
        Assert.Equal("real/data", new FileInfo(dir["hop2"]).LinkTarget);
        Assert.Equal("new", File.ReadAllText(dir["real/data"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir["real/data"]));
        Assert.Equal(new[] { "hop1", "hop2", "real" }, dir.Entries());
        Assert.Equal(new[] { "data" }, dir.Entries("real"));
    }

    [Fact]
    public void SymlinkWithDotDot_ThroughALinkedDirectory_ReplacesTheFileTheKernelResolves()
    {
        // links/dir -> ../real/deep ; links/dir/f -> ../f : the kernel resolves it to real/f, not links/f.
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["real/deep"]);
        Directory.CreateDirectory(dir["links"]);
        File.WriteAllText(dir["real/f"], "old");
        Directory.CreateSymbolicLink(dir["links/dir"], "../real/deep");
        File.CreateSymbolicLink(dir["real/deep/f"], "../f");

        DurableFile.WriteAllText(dir["links/dir/f"], "new");

        Assert.Equal("new", File.ReadAllText(dir["real/f"]));
        Assert.Equal(new[] { "dir" }, dir.Entries("links"));
        Assert.Equal(new[] { "deep", "f" }, dir.Entries("real"));
        Assert.Equal("../f", new FileInfo(dir["real/deep/f"]).LinkTarget);
    }

    [Fact]
    public void DanglingSymlink_CreatesTheFileItPointsTo_AsFileWriteAllTextDoes()
    {
        using var dir = new TestDirectory();
        File.CreateSymbolicLink(dir["link"], "target");

        DurableFile.WriteAllText(dir["link"], "x");

        Assert.Equal("target", new FileInfo(dir["link"]).LinkTarget);
        Assert.Equal("x", File.ReadAllText(dir["target"]));
    }

    [Fact]
    public void TemporaryFile_IsHidden_RandomlyNamed_InTheTargetsDirectory_WhileWriting()
    {
        using var dir = new TestDirectory();
        var seen = new System.Collections.Generic.List<string>();
        for (int i = 0; i < 2; i++)
        {
            DurableFile.Write(dir["f"], stream =>
            {
                seen.Add(dir.Entries().Single(n => n.EndsWith(".tmp")));
                stream.WriteByte(1);
            });
        }

        Assert.All(seen, n => Assert.Matches(@"^\.f\.[0-9a-f]{16}\.tmp$", n));
        Assert.NotEqual(seen[0], seen[1]);
        Assert.Equal(new[] { "f" }, dir.Entries());
    }

    [Fact]
    public void Move_WithoutOverwrite_ExistingDestination_Throws_BothIntact()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["a"], "A");
        File.WriteAllText(dir["b"], "B");

        Assert.Throws<IOException>(() => DurableFile.Move(dir["a"], dir["b"]));

        Assert.Equal("A", File.ReadAllText(dir["a"]));
        Assert.Equal("B", File.ReadAllText(dir["b"]));
    }

    [Fact]
    public void Move_Overwrite_ReplacesAtomically_AndMovesAcrossDirectories()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["sub"]);
        File.WriteAllText(dir["a"], "A");
        File.WriteAllText(dir["sub/b"], "B");

        DurableFile.Move(dir["a"], dir["sub/b"], overwrite: true);
        DurableFile.Move(dir["sub/b"], dir["c"]);

        Assert.Equal(new[] { "c", "sub" }, dir.Entries());
        Assert.Empty(dir.Entries("sub"));
        Assert.Equal("A", File.ReadAllText(dir["c"]));
    }

    [Fact]
    public void Move_OntoADirectory_Throws_NothingMoves()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["a"], "A");
        Directory.CreateDirectory(dir["d"]);

        Assert.Throws<IOException>(() => DurableFile.Move(dir["a"], dir["d"], overwrite: true));

        Assert.Equal("A", File.ReadAllText(dir["a"]));
        Assert.Empty(dir.Entries("d"));
    }

    [Fact]
    public void Replace_WithBackup_BackupHoldsTheOldContent_SourceIsGone()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["bak"]);
        File.WriteAllText(dir["new"], "NEW");
        File.WriteAllText(dir["cur"], "OLD");
        File.WriteAllText(dir["bak/cur"], "older backup");

        DurableFile.Replace(dir["new"], dir["cur"], dir["bak/cur"]);

        Assert.Equal("NEW", File.ReadAllText(dir["cur"]));
        Assert.Equal("OLD", File.ReadAllText(dir["bak/cur"]));
        Assert.False(File.Exists(dir["new"]));
    }

    [Fact]
    public void Replace_WithoutBackup_IgnoreMetadataErrorsOverload()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["new"], "NEW");
        File.WriteAllText(dir["cur"], "OLD");

        DurableFile.Replace(dir["new"], dir["cur"], null, ignoreMetadataErrors: true);

        Assert.Equal(new[] { "cur" }, dir.Entries());
        Assert.Equal("NEW", File.ReadAllText(dir["cur"]));
    }

    [Fact]
    public void Copy_WithoutOverwrite_ExistingDestination_Throws_Untouched_ElseCopies()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["a"], "A");
        File.WriteAllText(dir["b"], "B");

        Assert.Throws<IOException>(() => DurableFile.Copy(dir["a"], dir["b"]));
        Assert.Equal("B", File.ReadAllText(dir["b"]));

        DurableFile.Copy(dir["a"], dir["b"], overwrite: true);
        DurableFile.Copy(dir["a"], dir["c"]);

        Assert.Equal("A", File.ReadAllText(dir["b"]));
        Assert.Equal("A", File.ReadAllText(dir["c"]));
        Assert.Equal(new[] { "a", "b", "c" }, dir.Entries());
    }

    [Fact]
    public void Copy_FromASymlink_TakesTheModeOfTheFileItPointsTo_AsFileCopyDoes()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["real"], "A");
        File.SetUnixFileMode(dir["real"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.CreateSymbolicLink(dir["link"], "real");

        File.Copy(dir["link"], dir["by-file"]);
        DurableFile.Copy(dir["link"], dir["by-durable"]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(dir["by-file"]));
        Assert.Equal(File.GetUnixFileMode(dir["by-file"]), File.GetUnixFileMode(dir["by-durable"]));
        Assert.Equal("A", File.ReadAllText(dir["by-durable"]));
        Assert.Null(new FileInfo(dir["by-durable"]).LinkTarget);
    }

    [Fact]
    public void Delete_RemovesTheFile_MissingFileIsNoError()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["a"], "A");

        DurableFile.Delete(dir["a"]);
        DurableFile.Delete(dir["a"]);

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Sync_FileAndDirectory_Succeed_OnReadOnlyFile()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["a"], "A");
        File.SetUnixFileMode(dir["a"], UnixFileMode.UserRead);

        DurableFile.Sync(dir["a"]);
        DurableDirectory.Sync(dir.Path);

        Assert.Equal("A", File.ReadAllText(dir["a"]));
        Assert.Throws<FileNotFoundException>(() => DurableFile.Sync(dir.Path)); // a directory is not a file
    }

    [Fact]
    public void CreateDirectory_CreatesEveryMissingLevel_ExistingIsFine_FileInTheWayThrows()
    {
        using var dir = new TestDirectory();

        DirectoryInfo info = DurableDirectory.CreateDirectory(dir["a/b/c/"]);
        DurableDirectory.CreateDirectory(dir["a/b/c"]);
        File.WriteAllText(dir["file"], "x");

        Assert.True(info.Exists);
        Assert.Equal(Path.GetFullPath(dir["a/b/c/"]), info.FullName);
        Assert.Throws<IOException>(() => DurableDirectory.CreateDirectory(dir["file/sub"]));
        Assert.Equal("x", File.ReadAllText(dir["file"]));
    }

    [Fact]
    public void ThrowOnUnsupportedSync_IsOffByDefault()
    {
        Assert.Equal("DurableIO.ThrowOnUnsupportedDirectorySync", DurableDirectory.ThrowOnUnsupportedSyncSwitchName);
        Assert.False(DurableDirectory.ThrowOnUnsupportedSync);
    }

    [Fact]
    public void DurabilityException_IsAnIOException_WithTheUsualConstructors()
    {
        var inner = new IOException("inner");
        Assert.IsAssignableFrom<IOException>(new DurabilityException());
        Assert.Equal("m", new DurabilityException("m").Message);
        Assert.Same(inner, new DurabilityException("m", inner).InnerException);
        Assert.Equal(5, new DurabilityException("m", 5).HResult);
    }

    [Fact]
    public void WriteAllLines_LazyEnumerable_IsEnumeratedOnce()
    {
        using var dir = new TestDirectory();
        int enumerations = 0;
        System.Collections.Generic.IEnumerable<string> Lines()
        {
            enumerations++;
            yield return "x";
        }

        DurableFile.WriteAllLines(dir["f"], Lines(), Encoding.UTF8);

        Assert.Equal(1, enumerations);
    }
}
