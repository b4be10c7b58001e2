using System.IO;
using System.Linq;
using Xunit;

namespace DurableIO.Tests;

/// <summary>
/// System-call failures injected with strace in a fresh process: the old file stays byte-for-byte, no temporary file
/// is left, every descriptor the library opened is closed, and the right exception surfaces. Each test is also the
/// first library call of its process, so a wrong errno on a process's first P/Invoke (docs/dotnet-io-facts.md §1.4) would show as a wrong
/// exception or code here.
/// </summary>
public class FaultInjectionTests
{
    private static readonly byte[] OldContent = { 0x6f, 0x6c, 0x64, 0x00, 0xff, 0x0a }; // "old\0\xff\n": compared byte for byte

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "write-text,write-text-async,write-bytes,copy", MemberType = typeof(Workload))]
    public void FileFsyncFails_EIO_DurabilityException_OldFileIntact_NoTemp(string build, string operation)
    {
        using var dir = new TestDirectory();
        string target = Setup(dir);

        // The temporary file's fsync is the first fsync of the process.
        var result = Workload.TracedOn(build, new[] { "-e", "inject=fsync:error=EIO:when=1" }, Args(dir, operation, target));
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(DurabilityException).FullName, result.ExceptionType);
        Assert.Contains("(errno 5)", result.Output);
        AssertUntouched(dir, target, operation);
        Assert.Equal(1, result.All.Count(c => c.Name == "fsync")); // never retried, and no rename after it
        Assert.DoesNotContain(result.All, c => c.Name.StartsWith("rename"));
    }

    [Theory]
    [InlineData("write-text")]
    [InlineData("write-text-async")]
    [InlineData("write-bytes")]
    public void WriteFails_ENOSPC_IOException_OldFileIntact_NoTemp(string operation)
    {
        using var dir = new TestDirectory();
        string target = Setup(dir);

        // .NET writes regular files with pwrite64, not write(2) (checked below); nothing else in the process uses pwrite64.
        var result = Workload.Traced(new[] { "-e", "inject=pwrite64:error=ENOSPC:when=1" }, Args(dir, operation, target));
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(IOException).FullName, result.ExceptionType);
        Assert.Contains("No space left on device", result.Output);
        Assert.Contains(result.All, c => c.Name == "pwrite64" && c.Line.Contains("ENOSPC"));
        Assert.DoesNotContain(result.All, c => c.Name == "write" && c.Line.Contains(dir.Path));
        Assert.DoesNotContain(result.All, c => c.Name.StartsWith("rename"));
        AssertUntouched(dir, target, operation);
    }

    [Theory]
    [InlineData("write-text")]
    [InlineData("write-bytes")]
    [InlineData("copy")]
    public void RenameFails_EXDEV_IOException_NoCopyFallback_OldFileIntact_NoTemp(string operation)
    {
        using var dir = new TestDirectory();
        string target = Setup(dir);

        var result = Workload.Traced(new[] { "-e", "inject=?rename,renameat,renameat2:error=EXDEV" }, Args(dir, operation, target));
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(IOException).FullName, result.ExceptionType);
        Assert.Contains("(errno 18)", result.Output);
        AssertUntouched(dir, target, operation);
    }

    [Fact]
    public void AppendFsyncFails_EIO_DurabilityException_FileCutBackToItsOldLength()
    {
        using var dir = new TestDirectory();
        string target = Setup(dir);

        var result = Workload.Traced(new[] { "-e", "inject=fsync:error=EIO:when=1" }, "append-text", target, "appended");
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(DurabilityException).FullName, result.ExceptionType);
        Assert.Equal(1, result.All.Count(c => c.Name == "fsync")); // never retried
        Assert.Contains(result.All, c => c.Name == "pwrite64" && c.Line.Contains("appended")); // written, so the file was cut back
        AssertUntouched(dir, target, "append-text");
    }

    [Fact]
    public void MoveRenameFails_EXDEV_IOException_SourceStays_NothingCopied()
    {
        using var dir = new TestDirectory();
        File.WriteAllBytes(dir["src.bin"], OldContent);
        File.WriteAllText(dir["dst.bin"], "destination");

        var result = Workload.Traced(new[] { "-e", "inject=?rename,renameat,renameat2:error=EXDEV" }, "move", dir["src.bin"], dir["dst.bin"], "overwrite");
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(IOException).FullName, result.ExceptionType);
        Assert.Equal(OldContent, File.ReadAllBytes(dir["src.bin"]));
        Assert.Equal("destination", File.ReadAllText(dir["dst.bin"]));
        Assert.DoesNotContain(result.All, c => c.Name is "openat" or "open" && c.Line.Contains("dst.bin")); // no copy attempted
    }

    [Fact]
    public void MoveSourceFsyncFails_DurabilityException_NothingRenamed()
    {
        using var dir = new TestDirectory();
        File.WriteAllBytes(dir["src.bin"], OldContent);

        var result = Workload.Traced(new[] { "-e", "inject=fsync:error=EIO:when=1" }, "move", dir["src.bin"], dir["dst.bin"]);
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(DurabilityException).FullName, result.ExceptionType);
        Assert.Equal(new[] { "src.bin" }, dir.Entries());
        Assert.Equal(OldContent, File.ReadAllBytes(dir["src.bin"]));
    }

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "write-text,write-bytes", MemberType = typeof(Workload))]
    public void DirectoryFsyncFails_EINVAL_IgnoredByDefault_ThrowsWhenSwitchSet(string build, string operation)
    {
        using var dir = new TestDirectory();
        string target = Setup(dir);
        // -P: only calls on the directory itself (its fsync, by descriptor path) are traced and injected.
        string[] inject = { "-e", "inject=fsync:error=EINVAL", "-P", dir.Path };

        var byDefault = Workload.TracedOn(build, inject, operation, target, "first");
        byDefault.AssertEveryDescriptorClosed(dir.Path);
        Assert.Equal("OK", byDefault.Output.Trim());
        Assert.Contains(byDefault.All, c => c.Name == "fsync" && c.FdArgPath == dir.Path && c.Line.Contains("EINVAL"));
        Assert.Equal("first", File.ReadAllText(target));

        var strict = Workload.TracedOn(build, inject, "--throw-on-unsupported", operation, target, "second");
        strict.AssertEveryDescriptorClosed(dir.Path);
        Assert.Equal(typeof(DurabilityException).FullName, strict.ExceptionType);
        Assert.Contains("(errno 22)", strict.Output);
        // The rename had happened: the new content stays and nothing is deleted.
        Assert.Equal("second", File.ReadAllText(target));
        Assert.Equal(new[] { "target.bin" }, dir.Entries());
    }

    [Fact]
    public void DirectoryFsyncFails_EIO_AlwaysThrows()
    {
        using var dir = new TestDirectory();
        string target = Setup(dir);

        var result = Workload.Traced(new[] { "-e", "inject=fsync:error=EIO", "-P", dir.Path }, "write-text", target, "new");
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(DurabilityException).FullName, result.ExceptionType);
        Assert.Contains("(errno 5)", result.Output);
        Assert.Equal("new", File.ReadAllText(target));
    }

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "flush-stream,flush-binary", MemberType = typeof(Workload))]
    public void FlushToDisk_ReportsTheFsyncFailureThatFlushTrueWouldDrop(string build, string operation)
    {
        using var dir = new TestDirectory();

        var result = Workload.TracedOn(build, new[] { "-e", "inject=fsync:error=EIO:when=1" }, operation, dir["f.txt"], "data");
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(DurabilityException).FullName, result.ExceptionType);
        Assert.Contains("(errno 5)", result.Output);
    }

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "sync-dir", MemberType = typeof(Workload))]
    public void FirstLibcCallOfTheProcessFails_ReportsTheRealErrno(string build, string operation)
    {
        using var dir = new TestDirectory();

        // open() of the directory is the library's first libc call here; EACCES must come back as EACCES.
        var result = Workload.TracedOn(build, new[] { "-e", "inject=openat,?open:error=EACCES", "-P", dir.Path }, operation, dir.Path);

        Assert.Equal(typeof(System.UnauthorizedAccessException).FullName, result.ExceptionType);
        Assert.Contains("(errno 13)", result.Output);
    }

    [Fact]
    public void RealUnsupportedDirectoryFsync_Procfs_IgnoredByDefault_ThrowsWhenSwitchSet()
    {
        // procfs has no fsync: the kernel answers EINVAL, like some network and FUSE file systems.
        Workload.Run("sync-dir", "/proc").AssertOk();
        var strict = Workload.Run("--throw-on-unsupported", "sync-dir", "/proc");
        Assert.Equal(typeof(DurabilityException).FullName, strict.ExceptionType);
        Assert.Contains("(errno 22)", strict.Output);
    }

    private static string Setup(TestDirectory dir)
    {
        string target = dir["target.bin"];
        File.WriteAllBytes(target, OldContent);
        return target;
    }

    private static string[] Args(TestDirectory dir, string operation, string target)
    {
        if (operation != "copy") return new[] { operation, target, "new content" };
        File.WriteAllText(dir["source.bin"], "new content");
        return new[] { operation, dir["source.bin"], target };
    }

    private static void AssertUntouched(TestDirectory dir, string target, string operation)
    {
        Assert.Equal(OldContent, File.ReadAllBytes(target));
        Assert.Equal(operation == "copy" ? new[] { "source.bin", "target.bin" } : new[] { "target.bin" }, dir.Entries());
    }
}
