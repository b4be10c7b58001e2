using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace DurableIO.Tests;

/// <summary>Every DurableFile write produces exactly the bytes of the File method of the same name.</summary>
public class ByteIdentityTests
{
    private static readonly Dictionary<string, Encoding?> Encodings = new()
    {
        ["default"] = null,
        ["utf8-bom"] = Encoding.UTF8,
        ["utf8-no-bom"] = new UTF8Encoding(false),
        ["utf16-le"] = Encoding.Unicode,
        ["utf16-be"] = Encoding.BigEndianUnicode,
        ["utf32"] = Encoding.UTF32,
        ["latin1"] = Encoding.Latin1,
        ["ascii"] = Encoding.ASCII,
    };

    private static readonly Dictionary<string, string?> Texts = new()
    {
        ["null"] = null,
        ["empty"] = "",
        ["ascii"] = "hello",
        ["mixed"] = "héllo wörld ✓ 𝄞\r\nline2\nend\r",
        ["large"] = string.Concat(Enumerable.Range(0, 20000).Select(i => "línea " + i + "\n")),
        ["lone-surrogate"] = "a\uD800b",
    };

    private static readonly Dictionary<string, string[]> LineSets = new()
    {
        ["none"] = Array.Empty<string>(),
        ["one"] = new[] { "a" },
        ["several"] = new[] { "", "héllo ✓", "x\ny", "𝄞" },
        ["large"] = Enumerable.Range(0, 5000).Select(i => "line " + i).ToArray(),
    };

    public static IEnumerable<object[]> EncodingAndText() =>
        from e in Encodings.Keys from t in Texts.Keys select new object[] { e, t };

    public static IEnumerable<object[]> EncodingAndLines() =>
        from e in Encodings.Keys from l in LineSets.Keys select new object[] { e, l };

    [Theory]
    [MemberData(nameof(EncodingAndText))]
    public async Task WriteAllText_AllOverloads(string encodingName, string textName)
    {
        Encoding? e = Encodings[encodingName];
        string? s = Texts[textName];
        using var dir = new TestDirectory();
        var expected = Expect(dir, p => { if (e == null) File.WriteAllText(p, s); else File.WriteAllText(p, s, e); });

        await Check(dir, expected, p => { if (e == null) DurableFile.WriteAllText(p, s); else DurableFile.WriteAllText(p, s, e); });
        await Check(dir, expected, p => e == null ? DurableFile.WriteAllTextAsync(p, s) : DurableFile.WriteAllTextAsync(p, s, e));
        var spanExpected = Expect(dir, p => { if (e == null) File.WriteAllText(p, s.AsSpan()); else File.WriteAllText(p, s.AsSpan(), e); });
        await Check(dir, spanExpected, p => { if (e == null) DurableFile.WriteAllText(p, s.AsSpan()); else DurableFile.WriteAllText(p, s.AsSpan(), e); });
    }

    [Theory]
    [MemberData(nameof(EncodingAndLines))]
    public async Task WriteAllLines_AllOverloads(string encodingName, string linesName)
    {
        Encoding? e = Encodings[encodingName];
        string[] lines = LineSets[linesName];
        using var dir = new TestDirectory();
        var expected = Expect(dir, p => { if (e == null) File.WriteAllLines(p, lines); else File.WriteAllLines(p, lines, e); });
        Assert.Equal(expected, Expect(dir, p => { if (e == null) File.WriteAllLines(p, Lazy(lines)); else File.WriteAllLines(p, Lazy(lines), e); }));

        await Check(dir, expected, p => { if (e == null) DurableFile.WriteAllLines(p, lines); else DurableFile.WriteAllLines(p, lines, e); });
        await Check(dir, expected, p => { if (e == null) DurableFile.WriteAllLines(p, Lazy(lines)); else DurableFile.WriteAllLines(p, Lazy(lines), e); });
        await Check(dir, expected, p => e == null ? DurableFile.WriteAllLinesAsync(p, Lazy(lines)) : DurableFile.WriteAllLinesAsync(p, Lazy(lines), e));
        if (lines.Length > 0) Assert.EndsWith(Environment.NewLine, (e ?? Encoding.UTF8).GetString(expected.Bytes!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task WriteAllBytes_AllOverloads_AndWrite(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        using var dir = new TestDirectory();
        var expected = Expect(dir, p => File.WriteAllBytes(p, bytes));

        await Check(dir, expected, p => DurableFile.WriteAllBytes(p, bytes));
        await Check(dir, expected, p => DurableFile.WriteAllBytes(p, bytes.AsSpan()));
        await Check(dir, expected, p => DurableFile.WriteAllBytesAsync(p, bytes));
        await Check(dir, expected, p => DurableFile.WriteAllBytesAsync(p, bytes.AsMemory()));
        await Check(dir, expected, p => DurableFile.Write(p, s => s.Write(bytes, 0, bytes.Length)));
        await Check(dir, expected, p => DurableFile.WriteAsync(p, (s, ct) => s.WriteAsync(bytes, ct).AsTask()));
        // The callback may dispose what it wraps around the stream (a `using` writer): the library still flushes and renames.
        await Check(dir, expected, p => DurableFile.Write(p, s => { using var w = new BinaryWriter(s); w.Write(bytes); }));
    }

    [Theory]
    [MemberData(nameof(EncodingAndText))]
    public async Task AppendAllText_NewFile_ExistingFile_EmptyFile(string encodingName, string textName)
    {
        Encoding? e = Encodings[encodingName];
        string? s = Texts[textName];
        using var dir = new TestDirectory();
        foreach (byte[]? initial in new[] { null, Array.Empty<byte>(), new byte[] { 0x41, 0x42 } })
        {
            var expected = Expect(dir, p => { if (e == null) File.AppendAllText(p, s); else File.AppendAllText(p, s, e); }, initial, twice: true);
            await Check(dir, expected, p => { if (e == null) DurableFile.AppendAllText(p, s); else DurableFile.AppendAllText(p, s, e); }, initial, twice: true);
            await Check(dir, expected, p => e == null ? DurableFile.AppendAllTextAsync(p, s) : DurableFile.AppendAllTextAsync(p, s, e), initial, twice: true);
        }
    }

    [Theory]
    [MemberData(nameof(EncodingAndLines))]
    public async Task AppendAllLines_NewFile_ExistingFile(string encodingName, string linesName)
    {
        Encoding? e = Encodings[encodingName];
        string[] lines = LineSets[linesName];
        using var dir = new TestDirectory();
        foreach (byte[]? initial in new[] { null, new byte[] { 0x41 } })
        {
            var expected = Expect(dir, p => { if (e == null) File.AppendAllLines(p, lines); else File.AppendAllLines(p, lines, e); }, initial, twice: true);
            await Check(dir, expected, p => { if (e == null) DurableFile.AppendAllLines(p, Lazy(lines)); else DurableFile.AppendAllLines(p, Lazy(lines), e); }, initial, twice: true);
            await Check(dir, expected, p => e == null ? DurableFile.AppendAllLinesAsync(p, Lazy(lines)) : DurableFile.AppendAllLinesAsync(p, Lazy(lines), e), initial, twice: true);
        }
    }

    [Fact]
    public async Task AppendAllBytes_NewFile_ExistingFile()
    {
        using var dir = new TestDirectory();
        byte[] bytes = { 1, 2, 3, 0, 255 };
        foreach (byte[]? initial in new[] { null, new byte[] { 9 } })
        {
            var expected = Expect(dir, p => File.AppendAllBytes(p, bytes), initial, twice: true);
            await Check(dir, expected, p => DurableFile.AppendAllBytes(p, bytes), initial, twice: true);
            await Check(dir, expected, p => DurableFile.AppendAllBytesAsync(p, bytes), initial, twice: true);
        }
    }

    [Fact]
    public void Copy_IsByteIdenticalToFileCopy_AndKeepsTheSourceMode()
    {
        using var dir = new TestDirectory();
        byte[] bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(dir["src"], bytes);
        File.SetUnixFileMode(dir["src"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        File.Copy(dir["src"], dir["by-file"]);

        DurableFile.Copy(dir["src"], dir["by-durable"]);

        Assert.Equal(File.ReadAllBytes(dir["by-file"]), File.ReadAllBytes(dir["by-durable"]));
        Assert.Equal(File.GetUnixFileMode(dir["by-file"]), File.GetUnixFileMode(dir["by-durable"]));
    }

    /// <summary>What a File.* call leaves in a file (or the exception type it throws).</summary>
    private sealed record Outcome(byte[]? Bytes, Type? Exception)
    {
        public bool Equals(Outcome? other) => other != null && Exception == other.Exception && (Bytes ?? Array.Empty<byte>()).SequenceEqual(other.Bytes ?? Array.Empty<byte>());

        public override int GetHashCode() => 0;
    }

    private static Outcome Expect(TestDirectory dir, Action<string> write, byte[]? initial = null, bool twice = false) =>
        Run(dir, p => { write(p); if (twice) write(p); return Task.CompletedTask; }, initial, strict: false);

    private static async Task Check(TestDirectory dir, Outcome expected, Func<string, Task> write, byte[]? initial = null, bool twice = false)
    {
        Outcome actual = await RunAsync(dir, async p => { await write(p); if (twice) await write(p); }, initial, strict: true);
        Assert.Equal(expected, actual);
    }

    private static Task Check(TestDirectory dir, Outcome expected, Action<string> write, byte[]? initial = null, bool twice = false) =>
        Check(dir, expected, p => { write(p); if (twice) write(p); return Task.CompletedTask; }, initial);

    private static Outcome Run(TestDirectory dir, Func<string, Task> write, byte[]? initial, bool strict) =>
        RunAsync(dir, write, initial, strict).GetAwaiter().GetResult();

    /// <param name="strict">DurableFile: a failed replace must leave exactly what was there (File.* may leave a partial file).</param>
    private static async Task<Outcome> RunAsync(TestDirectory dir, Func<string, Task> write, byte[]? initial, bool strict)
    {
        string path = dir["f-" + Guid.NewGuid().ToString("N")];
        if (initial != null) File.WriteAllBytes(path, initial);
        try
        {
            await write(path);
        }
        catch (Exception ex)
        {
            if (strict)
            {
                // A failed write leaves only what was there before (no temporary file, no new file).
                Assert.Equal(initial == null ? 0 : 1, Directory.GetFiles(dir.Path).Length);
                if (initial != null) Assert.Equal(initial, File.ReadAllBytes(path));
            }

            File.Delete(path);
            return new Outcome(null, ex.GetType());
        }

        Assert.Single(Directory.GetFiles(dir.Path));
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return new Outcome(bytes, null);
    }

    private static IEnumerable<string> Lazy(string[] lines)
    {
        foreach (string line in lines) yield return line;
    }
}
