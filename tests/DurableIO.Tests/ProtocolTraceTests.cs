using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace DurableIO.Tests;

/// <summary>The exact system calls of each operation, seen with strace in a fresh process.</summary>
public class ProtocolTraceTests
{
    private static readonly string[] FlushCalls = { "fsync", "fdatasync", "sync_file_range", "syncfs" };

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "write-text,write-bytes,copy", MemberType = typeof(Workload))]
    public void Replace_IsTempWithExclusiveCreate_Write_FsyncSameFd_Close_Rename_DirectoryFsync(string build, string operation)
    {
        using var dir = new TestDirectory();
        string target = dir["target.txt"];
        File.WriteAllText(target, "old content");
        string[] args = operation == "copy" ? new[] { operation, WriteSource(dir), target } : new[] { operation, target, "new content" };

        var result = Workload.TracedOn(build, Array.Empty<string>(), args);

        result.AssertOk();
        Assert.Equal("new content", File.ReadAllText(target));
        Assert.Equal(operation == "copy" ? new[] { "source.bin", "target.txt" } : new[] { "target.txt" }, dir.Entries());
        var calls = result.Mentioning(dir.Path).Where(c => !(operation == "copy" && c.Line.Contains("source.bin"))).ToList();
        AssertReplaceProtocol(calls, dir.Path, target);
        Assert.Equal(2, result.All.Count(c => FlushCalls.Contains(c.Name)));
    }

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "write-text", MemberType = typeof(Workload))]
    public void Replace_ThroughSymlink_WritesNextToTheRealFile_SyncsThatDirectory_LinkStaysLink(string build, string operation)
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["real"]);
        Directory.CreateDirectory(dir["links"]);
        File.WriteAllText(dir["real/data.txt"], "old");
        File.CreateSymbolicLink(dir["links/data.txt"], "../real/data.txt");

        var result = Workload.TracedOn(build, Array.Empty<string>(), operation, dir["links/data.txt"], "new");

        result.AssertOk();
        Assert.Equal("../real/data.txt", new FileInfo(dir["links/data.txt"]).LinkTarget);
        Assert.Equal("new", File.ReadAllText(dir["real/data.txt"]));
        Assert.Equal(new[] { "data.txt" }, dir.Entries("real"));
        Assert.Equal(new[] { "data.txt" }, dir.Entries("links"));
        AssertReplaceProtocol(result.Mentioning(dir.Path).ToList(), dir["real"], dir["real/data.txt"]);
    }

    [Fact]
    public void Move_AcrossDirectories_FsyncsSourceData_Renames_SyncsBothDirectories()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["a"]);
        Directory.CreateDirectory(dir["b"]);
        File.WriteAllText(dir["a/f.txt"], "payload");
        File.WriteAllText(dir["b/f.txt"], "old");

        var result = Workload.Traced("move", dir["a/f.txt"], dir["b/f.txt"], "overwrite");

        result.AssertOk();
        Assert.Equal("payload", File.ReadAllText(dir["b/f.txt"]));
        Assert.Empty(dir.Entries("a"));
        var calls = result.Mentioning(dir.Path);
        Assert.Equal(
            new[] { "open a/f.txt", "fsync a/f.txt", "close a/f.txt", "rename a/f.txt b/f.txt", "open b", "fsync b", "close b", "open a", "fsync a", "close a" },
            calls.Select(c => Describe(c, dir.Path)));
        Assert.DoesNotContain("O_WRONLY", calls[0].Args); // read access is enough to flush the source
    }

    [Fact]
    public void MoveWithoutOverwrite_LinksSyncsThenUnlinks_NeverReplaces()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["a.txt"], "payload");

        var result = Workload.Traced("move", dir["a.txt"], dir["b.txt"]);

        result.AssertOk();
        Assert.Equal(new[] { "b.txt" }, dir.Entries());
        Assert.Equal(
            new[] { "open a.txt", "fsync a.txt", "close a.txt", "link a.txt b.txt", "open .", "fsync .", "close .", "unlink a.txt", "open .", "fsync .", "close ." },
            result.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)));
    }

    [Fact]
    public void Replace_FsyncsSource_Renames_SyncsDirectory()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["new.txt"], "new");
        File.WriteAllText(dir["cur.txt"], "old");

        var result = Workload.Traced("replace", dir["new.txt"], dir["cur.txt"]);

        result.AssertOk();
        Assert.Equal("new", File.ReadAllText(dir["cur.txt"]));
        Assert.Equal(
            new[] { "open new.txt", "fsync new.txt", "close new.txt", "rename new.txt cur.txt", "open .", "fsync .", "close ." },
            result.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)));
    }

    [Fact]
    public void ReplaceWithBackup_FsyncsSource_LinksBackup_SyncsItsDirectory_BeforeTheRename()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["bak"]);
        File.WriteAllText(dir["new.txt"], "new");
        File.WriteAllText(dir["cur.txt"], "old");

        var result = Workload.Traced("replace", dir["new.txt"], dir["cur.txt"], dir["bak/cur.txt"]);

        result.AssertOk();
        Assert.Equal("new", File.ReadAllText(dir["cur.txt"]));
        Assert.Equal("old", File.ReadAllText(dir["bak/cur.txt"]));
        Assert.Equal(
            new[]
            {
                "open new.txt", "fsync new.txt", "close new.txt",
                "unlink bak/cur.txt (failed)", "link cur.txt bak/cur.txt", "open bak", "fsync bak", "close bak",
                "rename new.txt cur.txt", "open .", "fsync .", "close .",
            },
            result.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)));
    }

    [Fact]
    public void AppendToNewFile_FsyncsTheFile_ThenItsDirectory_AppendToExisting_OnlyTheFile()
    {
        using var dir = new TestDirectory();

        var created = Workload.Traced("append-text", dir["log.txt"], "one");
        var appended = Workload.Traced("append-text", dir["log.txt"], "two");

        created.AssertOk();
        appended.AssertOk();
        Assert.Equal("onetwo", File.ReadAllText(dir["log.txt"]));
        var first = created.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)).ToList();
        // Open-existing fails, create-new succeeds: so the library knows it created the file and syncs the directory.
        Assert.Equal(new[] { "open log.txt (failed)", "open log.txt", "write log.txt", "fsync log.txt", "close log.txt", "open .", "fsync .", "close ." }, first);
        var second = appended.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)).ToList();
        Assert.Equal(new[] { "open log.txt", "write log.txt", "fsync log.txt", "close log.txt" }, second);
    }

    [Fact]
    public void Delete_UnlinksThenSyncsDirectory()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["gone.txt"], "x");

        var result = Workload.Traced("delete", dir["gone.txt"]);

        result.AssertOk();
        Assert.Empty(dir.Entries());
        Assert.Equal(new[] { "unlink gone.txt", "open .", "fsync .", "close ." }, result.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)));
    }

    [Fact]
    public void SyncFile_OpensReadOnly_FsyncsThatFd_Closes()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["f.txt"], "x");
        File.SetUnixFileMode(dir["f.txt"], UnixFileMode.UserRead | UnixFileMode.GroupRead);

        var result = Workload.Traced("sync-file", dir["f.txt"]);

        result.AssertOk();
        var calls = result.Mentioning(dir.Path);
        Assert.Equal(new[] { "open f.txt", "fsync f.txt", "close f.txt" }, calls.Select(c => Describe(c, dir.Path)));
        Assert.Contains("O_RDONLY", calls[0].Args);
        Assert.Equal(calls[0].ReturnedFd, calls[1].FdArg);
    }

    [Fact]
    public void CreateDirectory_SyncsTheParentOfEachNewLevel()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["a"]);

        var result = Workload.Traced("create-dir", dir["a/b/c"]);

        result.AssertOk();
        Assert.True(Directory.Exists(dir["a/b/c"]));
        Assert.Equal(
            new[] { "mkdir a/b", "open a", "fsync a", "close a", "mkdir a/b/c", "open a/b", "fsync a/b", "close a/b" },
            result.Mentioning(dir.Path).Select(c => Describe(c, dir.Path)));
    }

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "flush-stream,flush-writer,flush-binary", MemberType = typeof(Workload))]
    public void FlushToDisk_FsyncsTheDescriptorThatWrote_AfterTheWrite(string build, string operation)
    {
        using var dir = new TestDirectory();

        var result = Workload.TracedOn(build, Array.Empty<string>(), operation, dir["f.txt"], "data");

        result.AssertOk();
        Assert.Equal("data", File.ReadAllText(dir["f.txt"]));
        var calls = result.Mentioning(dir.Path);
        Assert.Equal(new[] { "open f.txt", "write f.txt", "fsync f.txt", "close f.txt" }, calls.Select(c => Describe(c, dir.Path)));
        Assert.True(calls.Skip(1).Take(3).All(c => c.FdArg == calls[0].ReturnedFd), "write, fsync and close must use the descriptor that was opened");
    }

    /// <summary>
    /// openat(temp in the target's directory, O_CREAT|O_EXCL), write(s) to it, fsync(that fd), close(that fd),
    /// rename(temp, target), openat(directory, O_RDONLY), fsync(that fd), close(that fd) — and nothing else.
    /// </summary>
    private static void AssertReplaceProtocol(System.Collections.Generic.IReadOnlyList<Syscall> calls, string directory, string target)
    {
        string all = string.Join("\n", calls.Select(c => c.Line));
        Assert.True(calls.Count >= 8, all);
        Syscall create = calls[0];
        Assert.True(create.Name is "openat" or "open", all);
        string temp = create.PathArgs.Single();
        Assert.Equal(directory, Path.GetDirectoryName(temp));
        Assert.Matches(new Regex(@"^\." + Regex.Escape(Path.GetFileName(target)) + @"\.[0-9a-f]{16}\.tmp$"), Path.GetFileName(temp));
        Assert.Contains("O_CREAT", create.Args);
        Assert.Contains("O_EXCL", create.Args);
        int fd = create.ReturnedFd;

        int i = 1;
        while (calls[i].Name is "write" or "pwrite64" or "pwritev" or "pwritev2")
        {
            Assert.Equal(fd, calls[i].FdArg);
            i++;
        }

        Assert.True(i > 1, "no write to the temporary file:\n" + all);
        var rest = calls.Skip(i).ToList();
        Assert.True(rest.Count == 6, "unexpected calls after the writes:\n" + all);
        Assert.Equal(("fsync", fd, temp), (rest[0].Name, rest[0].FdArg, rest[0].FdArgPath));
        Assert.Equal(("close", fd), (rest[1].Name, rest[1].FdArg));
        Assert.StartsWith("rename", rest[2].Name);
        Assert.Equal(new[] { temp, target }, rest[2].PathArgs);
        Assert.True(rest[3].Name is "openat" or "open", all);
        Assert.Equal(directory, rest[3].PathArgs.Single());
        Assert.Contains("O_RDONLY", rest[3].Args);
        int dirFd = rest[3].ReturnedFd;
        Assert.Equal(("fsync", dirFd, directory), (rest[4].Name, rest[4].FdArg, rest[4].FdArgPath));
        Assert.Equal(("close", dirFd), (rest[5].Name, rest[5].FdArg));
        Assert.True(calls.All(c => !c.Failed), all);
    }

    /// <summary>"open a/f.txt", "fsync b", "rename a b": the call and its paths relative to the test directory ("." for itself).</summary>
    private static string Describe(Syscall call, string root)
    {
        string Rel(string p) => p == root ? "." : Path.GetRelativePath(root, p);
        string name = call.Name switch
        {
            "openat" or "open" => "open",
            "pwrite64" or "pwritev" or "pwritev2" => "write",
            "renameat" or "renameat2" => "rename",
            "linkat" => "link",
            "unlinkat" => "unlink",
            "mkdirat" => "mkdir",
            _ => call.Name,
        };
        string[] paths = name is "write" or "fsync" or "close" ? new[] { call.FdArgPath } : call.PathArgs;
        return name + " " + string.Join(" ", paths.Select(Rel)) + (call.Failed ? " (failed)" : "");
    }

    private static string WriteSource(TestDirectory dir)
    {
        File.WriteAllText(dir["source.bin"], "new content");
        return dir["source.bin"];
    }
}
