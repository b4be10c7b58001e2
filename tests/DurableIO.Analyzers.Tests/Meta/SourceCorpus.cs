using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>
/// Realistic C# file-I/O code for the robustness tests: the meta-tests' own snippets (at least one shape
/// of every rule, right and wrong) plus every source string of the rule tests, with the test markup removed.
/// </summary>
internal static class SourceCorpus
{
    public sealed record Snippet(string Name, string Text);

    /// <summary>The meta-tests' own snippets.</summary>
    public static ImmutableArray<Snippet> Own { get; } = ImmutableArray.Create(
        new Snippet("rename-after-write-all-text", """
            using System.IO;

            public static class SettingsStore
            {
                public static void Save(string path, string json)
                {
                    var tmp = path + ".tmp";
                    File.WriteAllText(tmp, json);
                    File.Move(tmp, path, overwrite: true);
                }
            }
            """),
        new Snippet("rename-after-stream-flushed", """
            using System.IO;
            using System.Text;

            public sealed class Journal
            {
                private readonly string _path;

                public Journal(string path) => _path = path;

                public void Rewrite(byte[] content)
                {
                    var tmp = Path.ChangeExtension(_path, ".new");
                    using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                    {
                        fs.Write(content, 0, content.Length);
                        fs.Flush(true);
                    }

                    File.Replace(tmp, _path, null);
                }
            }
            """),
        new Snippet("fileinfo-moveto-and-cache", """
            using System.IO;

            internal static class ThumbnailCache
            {
                internal static void Store(DirectoryInfo cacheDir, string key, byte[] png)
                {
                    var cachePath = Path.Combine(cacheDir.FullName, key + ".png");
                    var tmp = new FileInfo(cachePath + ".part");
                    using (var stream = tmp.Create())
                    {
                        stream.Write(png);
                    }

                    tmp.MoveTo(cachePath, true);
                }
            }
            """),
        new Snippet("flush-in-loop-with-writer", """
            using System;
            using System.Diagnostics;
            using System.IO;

            var path = args.Length > 0 ? args[0] : "lines.txt";
            var watch = Stopwatch.StartNew();
            using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
            using var writer = new StreamWriter(fs);
            for (var i = 0; i < 1000; i++)
            {
                writer.WriteLine($"Line {i}");
                writer.Flush();
                fs.Flush(true);
            }

            Console.WriteLine(watch.Elapsed);
            """),
        new Snippet("write-through-loop-and-batching", """
            using System.Collections.Generic;
            using System.IO;

            class Recorder
            {
                void Record(string path, IEnumerable<IReadOnlyList<byte[]>> batches)
                {
                    var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
                    using var log = new FileStream(path, options);
                    foreach (var batch in batches)
                    {
                        foreach (var record in batch)
                        {
                            log.Write(record);
                        }

                        log.Flush(true);
                    }

                    while (true)
                    {
                        log.WriteByte(0);
                        if (log.Length > 10) break;
                    }
                }
            }
            """),
        new Snippet("flush-under-buffering-writers", """
            using System.IO;
            using System.IO.Compression;
            using System.Security.Cryptography;

            class Archive
            {
                static void Save(string path, byte[] data, ICryptoTransform transform)
                {
                    using var fs = File.Create(path);
                    var gzip = new GZipStream(fs, CompressionLevel.Fastest, leaveOpen: true);
                    gzip.Write(data, 0, data.Length);
                    fs.Flush(true);

                    var buffered = new BufferedStream(fs);
                    buffered.Write(data, 0, 1);
                    System.IO.RandomAccess.FlushToDisk(fs.SafeFileHandle);

                    var crypto = new CryptoStream(fs, transform, CryptoStreamMode.Write, leaveOpen: true);
                    crypto.Write(data);
                    fs.Flush(flushToDisk: true);

                    var bw = new BinaryWriter(fs);
                    bw.Write(42);
                    fs.Flush(true);
                }
            }
            """),
        new Snippet("flush-async-and-flush-false", """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Exporter
            {
                private FileStream? _stream;

                public async Task ExportAsync(string path, string text, CancellationToken ct)
                {
                    await using var writer = new StreamWriter(path, append: false);
                    await writer.WriteAsync(text.AsMemory(), ct);
                    await writer.FlushAsync();
                }

                public void Open(string path) => _stream = File.OpenWrite(path);

                public void Put(byte b)
                {
                    _stream!.WriteByte(b);
                    _stream.Flush(false);
                    _stream.Flush();
                }

                public Task Later(string path) => Task.Run(async () =>
                {
                    using var fs = File.OpenWrite(path);
                    await fs.WriteAsync(new byte[] { 1, 2 });
                    await fs.FlushAsync();
                });
            }
            """),
        new Snippet("write-without-flush-many-shapes", """
            using System.IO;
            using System.Threading.Tasks;

            static class Writes
            {
                static void A(string p) => File.WriteAllBytes(p, new byte[] { 1 });
                static Task B(string p) => File.AppendAllTextAsync(p, "x");
                static void C(string p)
                {
                    using var handle = File.OpenHandle(p, FileMode.OpenOrCreate, FileAccess.Write);
                    RandomAccess.Write(handle, new byte[] { 1 }, 0);
                }
                static void D(string p)
                {
                    var fs = new FileInfo(p).Open(FileMode.Create, FileAccess.ReadWrite);
                    try { fs.WriteByte(1); } finally { fs.Dispose(); }
                }
                static void E(string p)
                {
                    void Local()
                    {
                        using var w = File.AppendText(p);
                        w.Write('x');
                    }
                    Local();
                    using var src = File.OpenRead(p);
                    using var dst = File.Create(p + ".copy");
                    src.CopyTo(dst);
                }
            }
            """),
        new Snippet("new-file-directory-sync", """
            using System.IO;

            class Config
            {
                static void CreateNew(string fileName, string content)
                {
                    var dir = Path.GetDirectoryName(fileName);
                    using (var f = new FileStream(fileName, FileMode.CreateNew))
                    using (var w = new StreamWriter(f))
                    {
                        w.Write(content);
                        w.Flush();
                        f.Flush(true);
                    }

                    using var d = new FileStream(dir!, FileMode.Open, FileAccess.Read);
                    d.Flush(true);
                    using var h = File.OpenHandle(Directory.GetCurrentDirectory());
                    var info = new DirectoryInfo(dir!);
                    using var g = File.Open(info.FullName, FileMode.Open);
                }
            }
            """),
        new Snippet("ignored-and-retried-fsync", """
            using System;
            using System.IO;
            using System.Runtime.InteropServices;

            static class Sync
            {
                [DllImport("libc", SetLastError = true)]
                private static extern int fsync(int fd);

                [DllImport("kernel32.dll", SetLastError = true)]
                private static extern bool FlushFileBuffers(IntPtr handle);

                static void Save(FileStream fs)
                {
                    try
                    {
                        fs.Flush(true);
                    }
                    catch (IOException)
                    {
                    }

                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try { fs.Flush(true); break; }
                        catch (Exception e) { Console.WriteLine(e); }
                    }

                    fsync((int)fs.SafeFileHandle.DangerousGetHandle());
                    _ = FlushFileBuffers(fs.SafeFileHandle.DangerousGetHandle());
                    try { fs.Flush(true); } catch { throw; }
                }
            }
            """),
        new Snippet("temp-file-elsewhere", """
            using System.IO;

            class Downloader
            {
                void Save(string target, byte[] data)
                {
                    var tmp = Path.GetTempFileName();
                    File.WriteAllBytes(tmp, data);
                    File.Move(tmp, target, true);

                    var other = Path.Combine(Path.GetTempPath(), Path.GetFileName(target));
                    using (var fs = new FileStream(other, FileMode.Create)) { fs.Write(data); fs.Flush(true); }
                    File.Copy(other, target, true);
                    File.Move(other, Path.Combine("/var/lib/app", "x.bin"));
                }
            }
            """),
        new Snippet("delete-then-move", """
            using System.IO;

            class Updater
            {
                static void Swap(string newFile, string current)
                {
                    if (File.Exists(current))
                    {
                        File.Delete(current);
                    }

                    File.Move(newFile, current);
                    new FileInfo(current + ".bak").Delete();
                    File.Move(newFile + "2", current + ".bak");
                }
            }
            """),
        new Snippet("flush-true-after-write", """
            using System.IO;
            using System.Text;

            class Ledger
            {
                readonly FileStream _fs = new FileStream("ledger.dat", FileMode.Append);

                public void Append(string entry)
                {
                    var bytes = Encoding.UTF8.GetBytes(entry);
                    _fs.Write(bytes, 0, bytes.Length);
                    _fs.Flush(true);
                    _fs.Flush();
                    _fs.Flush(true);
                }
            }
            """),
        new Snippet("read-only-flush", """
            using System.IO;

            class Verifier
            {
                static void EnsureOnDisk(string path)
                {
                    using (var fs = File.OpenRead(path)) { fs.Flush(true); }
                    using var ro = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    ro.Flush(true);
                    var fi = new FileInfo(path);
                    using var r2 = fi.OpenRead();
                    r2.Flush(flushToDisk: true);
                }
            }
            """),
        new Snippet("unreported-failure", """
            using System;
            using System.IO;

            class Reporter
            {
                static bool TrySync(FileStream fs, Action<string> log)
                {
                    try
                    {
                        fs.Flush(true);
                        log("synced");
                        return true;
                    }
                    catch (IOException e)
                    {
                        log("fsync failed: " + e.Message);
                        throw;
                    }
                }

                static void Whole(string path)
                {
                    try
                    {
                        using var fs = File.Create(path);
                        fs.WriteByte(1);
                        fs.Flush(true);
                        Console.WriteLine("Data synchronized");
                    }
                    catch (Exception)
                    {
                        File.Delete(path);
                        throw;
                    }
                }
            }
            """),
        new Snippet("durable-io-and-helpers", """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            namespace DurableIO
            {
                public static class DurableFile
                {
                    public static void WriteAllText(string path, string text) { }
                    public static void Move(string s, string d, bool overwrite) { }
                    public static void Sync(string path) { }
                }
                public static class DurableDirectory { public static void Sync(string path) { } }
                public static class Ext
                {
                    public static void FlushToDisk(this Stream s) { }
                    public static Task FlushToDiskAsync(this StreamWriter w, CancellationToken ct) => Task.CompletedTask;
                }
            }

            namespace App
            {
                using DurableIO;

                class Good
                {
                    static void Fsync(FileStream fs) { fs.Flush(); fs.Flush(true); }

                    static async Task SaveAsync(string path, string text, CancellationToken ct)
                    {
                        var tmp = path + ".tmp";
                        using (var fs = new FileStream(tmp, FileMode.Create))
                        using (var w = new StreamWriter(fs))
                        {
                            await w.WriteAsync(text);
                            await w.FlushToDiskAsync(ct);
                        }

                        DurableFile.Move(tmp, path, overwrite: true);
                        DurableDirectory.Sync(Path.GetDirectoryName(path)!);
                        using (var again = File.Create(path + ".2")) { again.WriteByte(1); Fsync(again); again.FlushToDisk(); }
                        File.Move(path + ".2", path, overwrite: true);
                        DurableDirectory.Sync(Path.GetDirectoryName(path)!);
                    }
                }
            }
            """),
        new Snippet("odd-but-valid-shapes", """
            using System;
            using System.IO;
            using static System.IO.File;

            class Odd
            {
                FileStream? Field;
                string Path1 => "a";
                event Action? Changed;

                Odd() { Field = Create(Path1); Field.Flush(true); Changed?.Invoke(); }

                ~Odd() => Field?.Dispose();

                static FileStream Make(string p) => new(p, FileMode.Create);

                void Ops(string p, Func<string, FileStream> factory)
                {
                    var a = factory(p); a.Flush(true);
                    (string x, string y) = (p, p + "~");
                    Move(y, x, overwrite: true);
                    Action<string> act = q => WriteAllText(q, q);
                    act(p);
                    Func<string, FileStream> f2 = Make;
                    using var s = f2(p);
                    s?.Flush(true);
                    Stream? maybe = null;
                    maybe?.Flush();
                    var arr = new[] { Make(p) };
                    arr[0].Flush(true);
                    dynamic d = a;
                    d.Flush(true);
                    Move(sourceFileName: y, destFileName: x);
                    Replace(destinationFileName: x, sourceFileName: y, destinationBackupFileName: null, ignoreMetadataErrors: true);
                    goto end;
                    end:
                    unsafe { }
                }
            }
            """));

    /// <summary>The snippets a rename/replace bug is certain to be in: used for the generated-code tests.</summary>
    public static Snippet GeneratedCodeBugs => Own[0];

    /// <summary>Every string literal of the rule tests (outside Meta/) that looks like C# file I/O code.</summary>
    public static ImmutableArray<Snippet> FromRuleTests()
    {
        var testsDir = RepositoryPaths.AnalyzerTestsDirectory;
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(testsDir, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
            {
                var relative = f.Substring(testsDir.Length);
                return !relative.Contains(separator + "bin" + separator, StringComparison.Ordinal)
                    && !relative.Contains(separator + "obj" + separator, StringComparison.Ordinal)
                    && !relative.Contains(separator + "Meta" + separator, StringComparison.Ordinal);
            })
            .OrderBy(f => f, StringComparer.Ordinal);

        var result = ImmutableArray.CreateBuilder<Snippet>();
        foreach (var file in files)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var index = 0;
            foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (!literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    continue;
                }

                var text = literal.Token.ValueText;
                if (text.Length < 40 || !text.Contains(';') || !(text.Contains("File", StringComparison.Ordinal) || text.Contains("System.IO", StringComparison.Ordinal)))
                {
                    continue;
                }

                var line = literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                result.Add(new Snippet(Path.GetFileName(file) + ":" + line + "#" + index++, StripMarkup(text)));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Removes Microsoft.CodeAnalysis.Testing markup: [| |], {|ID: |}, {|#0: |} and $$.</summary>
    public static string StripMarkup(string text)
    {
        text = Regex.Replace(text, @"\{\|[^:|{}\s]*:", string.Empty);
        return text.Replace("|}", string.Empty).Replace("[|", string.Empty).Replace("|]", string.Empty).Replace("$$", string.Empty);
    }

    /// <summary>The text cut after every <paramref name="step"/>-th character, as while typing it.</summary>
    public static IEnumerable<Snippet> Prefixes(Snippet snippet, int step)
    {
        for (var i = step; i < snippet.Text.Length; i += step)
        {
            yield return new Snippet(snippet.Name + "[..." + i + "]", snippet.Text.Substring(0, i));
        }
    }

    /// <summary>The text with a chunk of <paramref name="length"/> characters removed at every <paramref name="step"/>-th character.</summary>
    public static IEnumerable<Snippet> Holes(Snippet snippet, int step, int length)
    {
        for (var i = step / 2; i + length < snippet.Text.Length; i += step)
        {
            yield return new Snippet(snippet.Name + "[-" + i + "+" + length + "]", snippet.Text.Remove(i, length));
        }
    }

    /// <summary>For each token: the text cut right after it, and the text without it.</summary>
    public static IEnumerable<Snippet> TokenCuts(Snippet snippet)
    {
        var root = CSharpSyntaxTree.ParseText(snippet.Text).GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            if (token.Span.Length == 0)
            {
                continue;
            }

            yield return new Snippet(snippet.Name + "[..tok@" + token.Span.End + "]", snippet.Text.Substring(0, token.Span.End));
            yield return new Snippet(snippet.Name + "[-tok@" + token.SpanStart + "]", snippet.Text.Remove(token.SpanStart, token.Span.Length));
        }
    }
}
