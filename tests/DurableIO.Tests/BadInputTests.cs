using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DurableIO.Tests;

/// <summary>Bad input: a clear exception, and nothing changed on disk.</summary>
public class BadInputTests
{
    /// <summary>Every public method that takes a path, with that path argument's name.</summary>
    public static IEnumerable<object[]> PathMethods()
    {
        var calls = new (string Name, string Param, Func<string, string, Task> Call)[]
        {
            ("WriteAllBytes", "path", (p, other) => Sync(() => DurableFile.WriteAllBytes(p, new byte[1]))),
            ("WriteAllBytes(span)", "path", (p, other) => Sync(() => DurableFile.WriteAllBytes(p, new byte[1].AsSpan()))),
            ("WriteAllText", "path", (p, other) => Sync(() => DurableFile.WriteAllText(p, "x"))),
            ("WriteAllText(enc)", "path", (p, other) => Sync(() => DurableFile.WriteAllText(p, "x", Encoding.UTF8))),
            ("WriteAllText(span)", "path", (p, other) => Sync(() => DurableFile.WriteAllText(p, "x".AsSpan()))),
            ("WriteAllLines", "path", (p, other) => Sync(() => DurableFile.WriteAllLines(p, new[] { "x" }))),
            ("WriteAllLines(enum,enc)", "path", (p, other) => Sync(() => DurableFile.WriteAllLines(p, new List<string> { "x" }, Encoding.UTF8))),
            ("WriteAllBytesAsync", "path", (p, other) => DurableFile.WriteAllBytesAsync(p, new byte[1])),
            ("WriteAllTextAsync", "path", (p, other) => DurableFile.WriteAllTextAsync(p, "x")),
            ("WriteAllLinesAsync", "path", (p, other) => DurableFile.WriteAllLinesAsync(p, new[] { "x" })),
            ("Write", "path", (p, other) => Sync(() => DurableFile.Write(p, s => s.WriteByte(1)))),
            ("WriteAsync", "path", (p, other) => DurableFile.WriteAsync(p, (s, ct) => s.WriteAsync(new byte[1], 0, 1, ct))),
            ("AppendAllText", "path", (p, other) => Sync(() => DurableFile.AppendAllText(p, "x"))),
            ("AppendAllLines", "path", (p, other) => Sync(() => DurableFile.AppendAllLines(p, new[] { "x" }))),
            ("AppendAllBytes", "path", (p, other) => Sync(() => DurableFile.AppendAllBytes(p, new byte[1]))),
            ("AppendAllTextAsync", "path", (p, other) => DurableFile.AppendAllTextAsync(p, "x")),
            ("AppendAllLinesAsync", "path", (p, other) => DurableFile.AppendAllLinesAsync(p, new[] { "x" })),
            ("AppendAllBytesAsync", "path", (p, other) => DurableFile.AppendAllBytesAsync(p, new byte[1])),
            ("Move(source)", "sourceFileName", (p, other) => Sync(() => DurableFile.Move(p, other))),
            ("Move(dest)", "destFileName", (p, other) => Sync(() => DurableFile.Move(other, p, true))),
            ("Replace(source)", "sourceFileName", (p, other) => Sync(() => DurableFile.Replace(p, other, null))),
            ("Replace(destination)", "destinationFileName", (p, other) => Sync(() => DurableFile.Replace(other, p, null, true))),
            ("Copy(source)", "sourceFileName", (p, other) => Sync(() => DurableFile.Copy(p, other))),
            ("Copy(dest)", "destFileName", (p, other) => Sync(() => DurableFile.Copy(other, p, true))),
            ("Delete", "path", (p, other) => Sync(() => DurableFile.Delete(p))),
            ("Sync", "path", (p, other) => Sync(() => DurableFile.Sync(p))),
            ("DurableDirectory.Sync", "path", (p, other) => Sync(() => DurableDirectory.Sync(p))),
            ("DurableDirectory.CreateDirectory", "path", (p, other) => Sync(() => DurableDirectory.CreateDirectory(p))),
        };
        return calls.Select(c => new object[] { c.Name, c.Param, c.Call });
    }

    [Theory]
    [MemberData(nameof(PathMethods))]
    public async Task NullEmptyWhitespacePath_ArgumentExceptionNamingTheParameter(string method, string parameter, Func<string, string, Task> call)
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["other"], "o");
        var isNull = await Assert.ThrowsAsync<ArgumentNullException>(() => call(null!, dir["other"]));
        Assert.Equal(parameter, isNull.ParamName);
        foreach (string bad in new[] { "", " ", "\t \n" })
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() => call(bad, dir["other"]));
            Assert.Equal(parameter, e.ParamName);
        }

        Assert.Equal(new[] { "other" }, dir.Entries());
        Assert.Equal("o", File.ReadAllText(dir["other"]));
        _ = method;
    }

    [Fact]
    public async Task NullContentOrEncodingOrCallback_ArgumentNullException_NothingWritten()
    {
        using var dir = new TestDirectory();
        string p = dir["f"];
        Assert.Equal("bytes", Assert.Throws<ArgumentNullException>(() => DurableFile.WriteAllBytes(p, null!)).ParamName);
        Assert.Equal("encoding", Assert.Throws<ArgumentNullException>(() => DurableFile.WriteAllText(p, "x", null!)).ParamName);
        Assert.Equal("contents", Assert.Throws<ArgumentNullException>(() => DurableFile.WriteAllLines(p, (string[])null!)).ParamName);
        Assert.Equal("write", Assert.Throws<ArgumentNullException>(() => DurableFile.Write(p, null!)).ParamName);
        Assert.Equal("bytes", (await Assert.ThrowsAsync<ArgumentNullException>(() => DurableFile.AppendAllBytesAsync(p, null!))).ParamName);
        Assert.Equal("contents", Assert.Throws<ArgumentNullException>(() => DurableFile.AppendAllLines(p, null!)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => ((FileStream)null!).FlushToDisk()).ParamName);
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [MemberData(nameof(PathMethods))]
    public async Task MissingDirectory_DirectoryNotFound_NothingChanged(string method, string parameter, Func<string, string, Task> call)
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["other"], "o");
        string missing = dir["no/such/dir/file.txt"];

        if (method == "DurableDirectory.CreateDirectory")
        {
            await call(missing, dir["other"]); // creates the missing levels: that is its job
            Assert.True(Directory.Exists(missing));
            return;
        }

        var e = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => call(missing, dir["other"]));

        Assert.Contains(dir.Path, e.Message);
        Assert.Equal(new[] { "other" }, dir.Entries());
        Assert.Equal("o", File.ReadAllText(dir["other"]));
        _ = parameter;
    }

    [Theory]
    [InlineData("WriteAllText")]
    [InlineData("WriteAllBytesAsync")]
    [InlineData("Write")]
    [InlineData("Copy")]
    [InlineData("AppendAllText")]
    public async Task TargetIsADirectory_UnauthorizedAccess_DirectoryUnchanged(string method)
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["target/inner"]);
        File.WriteAllText(dir["src"], "s");

        var e = await Record.ExceptionAsync(() => Call(method, dir["target"], dir["src"]));

        Assert.True(e is UnauthorizedAccessException or IOException, $"{method}: {e}");
        Assert.Equal(new[] { "inner" }, dir.Entries("target"));
        Assert.Equal(new[] { "src", "target" }, dir.Entries());
    }

    [Theory]
    [InlineData("WriteAllText")]
    [InlineData("WriteAllBytesAsync")]
    [InlineData("Write")]
    [InlineData("Copy")]
    public async Task ReadOnlyDirectory_UnauthorizedAccess_TargetIntact(string method)
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["ro"]);
        File.WriteAllText(dir["ro/target.txt"], "old");
        File.WriteAllText(dir["src"], "s");
        Assert.True(dir.MakeReadOnly(dir["ro"]), "could not make a directory read-only (chattr +i as root)");

        var e = await Record.ExceptionAsync(() => Call(method, dir["ro/target.txt"], dir["src"]));

        Assert.IsType<UnauthorizedAccessException>(e);
        Assert.Equal("old", File.ReadAllText(dir["ro/target.txt"]));
        Assert.Equal(new[] { "target.txt" }, dir.Entries("ro"));
    }

    [Fact]
    public async Task CancelledBeforeStart_OperationCanceled_NothingTouched()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["t.txt"], "old");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAllTextAsync(dir["t.txt"], "new", cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAllBytesAsync(dir["t.txt"], new byte[1], cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.AppendAllTextAsync(dir["t.txt"], "new", cts.Token));

        Assert.Equal("old", File.ReadAllText(dir["t.txt"]));
        Assert.Equal(new[] { "t.txt" }, dir.Entries());
    }

    [Fact]
    public async Task CancelledMidWrite_OperationCanceled_TargetUntouched_NoTemp()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["t.txt"], "old");
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAsync(dir["t.txt"], async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[100_000], ct);
            Assert.Single(dir.Entries(), n => n.EndsWith(".tmp")); // the temporary file exists while writing
            cts.Cancel();
            await stream.WriteAsync(new byte[100_000], ct);
        }, cts.Token));

        Assert.Equal("old", File.ReadAllText(dir["t.txt"]));
        Assert.Equal(new[] { "t.txt" }, dir.Entries());
    }

    [Fact]
    public async Task CancelledBetweenLines_OperationCanceled_TargetUntouched_NoTemp()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["t.txt"], "old");
        using var cts = new CancellationTokenSource();

        IEnumerable<string> Lines()
        {
            yield return "first";
            cts.Cancel();
            yield return "second";
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAllLinesAsync(dir["t.txt"], Lines(), cts.Token));

        Assert.Equal("old", File.ReadAllText(dir["t.txt"]));
        Assert.Equal(new[] { "t.txt" }, dir.Entries());
    }

    [Fact]
    public async Task AppendCancelledBetweenLines_OperationCanceled_FileAsItWas()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["t.log"], "old\n");

        foreach (var (path, oldLength) in new[] { (dir["t.log"], 4L), (dir["new.log"], 0L) })
        {
            using var cts = new CancellationTokenSource();
            long lengthAtCancel = -1;

            IEnumerable<string> Lines()
            {
                yield return new string('a', 40_000); // more than the writer buffers: written through to the file
                yield return "b";
                lengthAtCancel = new FileInfo(path).Length;
                cts.Cancel();
                yield return "c";
            }

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.AppendAllLinesAsync(path, Lines(), cts.Token));
            Assert.True(lengthAtCancel > oldLength, "the first line must have reached the file before the cancellation");
        }

        Assert.Equal("old\n", File.ReadAllText(dir["t.log"]));
        Assert.Equal(new[] { "t.log" }, dir.Entries());
    }

    [Fact]
    public void WriteCallbackThrows_ExceptionPropagates_TargetUntouched_NoTemp()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["t.txt"], "old");

        var e = Assert.Throws<InvalidOperationException>(() => DurableFile.Write(dir["t.txt"], s =>
        {
            s.Write(new byte[10]);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", e.Message);
        Assert.Equal("old", File.ReadAllText(dir["t.txt"]));
        Assert.Equal(new[] { "t.txt" }, dir.Entries());
    }

    [Fact]
    public void MissingSources_FileNotFound_NothingChanged()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["dst"], "d");

        Assert.Throws<FileNotFoundException>(() => DurableFile.Move(dir["nope"], dir["dst"], overwrite: true));
        Assert.Throws<FileNotFoundException>(() => DurableFile.Replace(dir["nope"], dir["dst"], dir["bak"]));
        Assert.Throws<FileNotFoundException>(() => DurableFile.Replace(dir["dst"], dir["nope"], null));
        Assert.Throws<FileNotFoundException>(() => DurableFile.Copy(dir["nope"], dir["dst"], overwrite: true));
        Assert.Throws<FileNotFoundException>(() => DurableFile.Sync(dir["nope"]));
        Assert.Throws<DirectoryNotFoundException>(() => DurableDirectory.Sync(dir["nope"]));

        Assert.Equal("d", File.ReadAllText(dir["dst"]));
        Assert.Equal(new[] { "dst" }, dir.Entries());
    }

    internal static Task Sync(Action a)
    {
        a();
        return Task.CompletedTask;
    }

    private static Task Call(string method, string target, string source) => method switch
    {
        "WriteAllText" => Sync(() => DurableFile.WriteAllText(target, "new")),
        "WriteAllBytesAsync" => DurableFile.WriteAllBytesAsync(target, new byte[] { 1 }),
        "Write" => Sync(() => DurableFile.Write(target, s => s.WriteByte(1))),
        "Copy" => Sync(() => DurableFile.Copy(source, target, overwrite: true)),
        "AppendAllText" => Sync(() => DurableFile.AppendAllText(target, "new")),
        _ => throw new ArgumentException(method),
    };
}
