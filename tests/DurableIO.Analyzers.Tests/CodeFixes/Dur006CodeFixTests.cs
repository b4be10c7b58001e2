using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur006Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.UnflushedWriteAnalyzer, DurableIO.CodeFixes.WriteWithoutFlushToDiskCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR006 code fix: <c>File.WriteAll*</c>/<c>AppendAll*</c> → <c>DurableFile.*</c>; streams get <c>FlushToDisk()</c> (or
/// <c>await FlushToDiskAsync(…)</c>) before the close. Fixed code compiles warning-free against the real runtime library;
/// Fix All is checked by the verifier.
/// </summary>
public class Dur006CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task WriteAllText_and_AppendAllLines_in_a_block_namespace_keep_arguments_and_comments()
    {
        const string source = @"using System.IO;
using System.Text;

namespace Orders
{
    class Store
    {
        public void Save(string ordersPath, string json, string[] lines)
        {
            // the order book
            {|#0:File.WriteAllText(ordersPath, contents: json, Encoding.UTF8)|}; // UTF-8 with BOM
            {|#1:File.AppendAllLines(ordersPath + "".log"", /* audit */ lines)|};
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Text;
using DurableIO;

namespace Orders
{
    class Store
    {
        public void Save(string ordersPath, string json, string[] lines)
        {
            // the order book
            DurableFile.WriteAllText(ordersPath, contents: json, Encoding.UTF8); // UTF-8 with BOM
            DurableFile.AppendAllLines(ordersPath + "".log"", /* audit */ lines);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { WholeFile("ordersPath"), WholeFile("ordersPath + \".log\"", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_whole_file_write_keeps_token_and_ConfigureAwait_in_a_file_scoped_namespace_with_existing_using()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Ledger;

class Journal
{
    private readonly string _path = ""ledger.txt"";

    public async Task AppendAsync(string line, byte[] snapshot, CancellationToken ct)
    {
        await {|#0:File.AppendAllTextAsync(_path, line, ct)|}.ConfigureAwait(false);
        await {|#1:File.WriteAllBytesAsync(_path + "".snap"", snapshot, cancellationToken: ct)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Ledger;

class Journal
{
    private readonly string _path = ""ledger.txt"";

    public async Task AppendAsync(string line, byte[] snapshot, CancellationToken ct)
    {
        await DurableFile.AppendAllTextAsync(_path, line, ct).ConfigureAwait(false);
        await DurableFile.WriteAllBytesAsync(_path + "".snap"", snapshot, cancellationToken: ct);
    }
}
";
        return V.CodeFixAsync(source, new[] { WholeFile("_path"), WholeFile("_path + \".snap\"", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"using System.IO;

{|#0:File.WriteAllBytes(""state.bin"", new byte[] { 1, 2, 3 })|};
System.Console.WriteLine(""saved"");
";
        const string fixedSource = @"using System.IO;
using DurableIO;

DurableFile.WriteAllBytes(""state.bin"", new byte[] { 1, 2, 3 });
System.Console.WriteLine(""saved"");
";
        var options = Strict();
        options.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { WholeFile("\"state.bin\"") }, fixedSource, options);
    }

    [Fact]
    public Task Using_block_gets_FlushToDisk_as_its_last_statement_keeping_comments()
    {
        const string source = @"using System.IO;

namespace Ledger
{
    class Writer
    {
        public void Append(string ledgerPath, byte[] entry)
        {
            {|#1:using (var stream = File.OpenWrite(ledgerPath)) // opened for append
            {
                stream.Seek(0, SeekOrigin.End);
                /* the entry */ {|#0:stream.Write(entry, 0, entry.Length)|}; // one record
            }|}
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Ledger
{
    class Writer
    {
        public void Append(string ledgerPath, byte[] entry)
        {
            using (var stream = File.OpenWrite(ledgerPath)) // opened for append
            {
                stream.Seek(0, SeekOrigin.End);
                /* the entry */ stream.Write(entry, 0, entry.Length); // one record
                stream.FlushToDisk();
            }
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("stream") }, fixedSource, Strict());
    }

    [Fact]
    public Task A_reader_over_the_written_stream_is_not_the_flush_target()
    {
        // Found on real code (a write-ahead log read back through a BinaryReader): the fix flushes the FileStream.
        const string source = @"using System.IO;

class Log
{
    public long Length;

    public void Append(string path, byte[] entry)
    {
        {|#1:using (var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
        {
            var br = new BinaryReader(fs);
            Length = br.ReadInt64();
            fs.Seek(0, SeekOrigin.End);
            {|#0:fs.Write(entry, 0, entry.Length)|};
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Log
{
    public long Length;

    public void Append(string path, byte[] entry)
    {
        using (var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
        {
            var br = new BinaryReader(fs);
            Length = br.ReadInt64();
            fs.Seek(0, SeekOrigin.End);
            fs.Write(entry, 0, entry.Length);
            fs.FlushToDisk();
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("fs") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_flushes_at_the_end_of_its_scope()
    {
        const string source = @"using System.IO;

namespace Export;

class Exporter
{
    public void Export(string path, string csv)
    {
        {|#1:using var writer = new StreamWriter(path);|}
        writer.Write(""header"");
        {|#0:writer.WriteLine(csv)|};
        writer.Flush();
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Export;

class Exporter
{
    public void Export(string path, string csv)
    {
        using var writer = new StreamWriter(path);
        writer.Write(""header"");
        writer.WriteLine(csv);
        writer.Flush();
        writer.FlushToDisk();
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("writer") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_stream_gets_await_FlushToDiskAsync_with_the_writes_token_and_ConfigureAwait()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Store
{
    public async Task SaveAsync(string path, byte[] data, CancellationToken ct)
    {
        {|#1:await using (var fs = new FileStream(path, FileMode.Create))
        {
            await {|#0:fs.WriteAsync(data, ct)|}.ConfigureAwait(false);
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Store
{
    public async Task SaveAsync(string path, byte[] data, CancellationToken ct)
    {
        await using (var fs = new FileStream(path, FileMode.Create))
        {
            await fs.WriteAsync(data, ct).ConfigureAwait(false);
            await fs.FlushToDiskAsync(ct).ConfigureAwait(false);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("fs") }, fixedSource, Strict());
    }

    [Fact]
    public Task Explicit_Close_and_finally_Dispose()
    {
        const string source = @"using System.IO;

class Journal
{
    public void Write(string path, long[] values)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var writer = new BinaryWriter(fs);
        try
        {
            foreach (var v in values)
            {
                {|#0:writer.Write(v)|};
            }
        }
        finally
        {
            {|#1:writer.Dispose()|};
        }
    }

    public void Note(string path, string text)
    {
        var w = new StreamWriter(path, append: true);
        {|#2:w.Write(text)|};

        // done
        {|#3:w.Close()|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Journal
{
    public void Write(string path, long[] values)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var writer = new BinaryWriter(fs);
        try
        {
            foreach (var v in values)
            {
                writer.Write(v);
            }
            writer.FlushToDisk();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public void Note(string path, string text)
    {
        var w = new StreamWriter(path, append: true);
        w.Write(text);
        w.FlushToDisk();

        // done
        w.Close();
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("writer"), Stream("w", 2, 3) }, fixedSource, Strict());
    }
    [Fact]
    public Task Not_offered_where_the_rewrite_would_not_be_exact()
    {
        // An early return skips a flush at the end of the block; a GZipStream has no FlushToDisk; a type of the user's
        // named DurableFile would capture the call.
        const string source = @"using System.IO;
using System.IO.Compression;

class Store
{
    public void Save(string path, byte[] data, bool skip)
    {
        {|#1:using (var fs = File.Create(path))
        {
            fs.Write(data, 0, data.Length);
            if (skip)
            {
                return;
            }

            {|#0:fs.WriteByte(0)|};
        }|}
    }

    public void Zip(string path, byte[] data)
    {
        {|#3:using (var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
            {|#2:gz.Write(data, 0, data.Length)|};
        }|}
    }

    public void Append(string path, string text) => {|#4:File.AppendAllText(path, text)|};
}

static class DurableFile
{
}
";
        return V.CodeFixAsync(source, new[] { Stream("fs"), Stream("gz", 2, 3), WholeFile("path", 4) }, source, Strict());
    }
    [Fact]
    public Task Top_level_using_declaration_and_a_lambda()
    {
        const string source = @"using System;
using System.IO;

Action<string, string> export = (path, text) =>
{
    {|#3:using (var w = new StreamWriter(path))
    {
        {|#2:w.Write(text)|};
    }|}
};
{|#1:using var log = new StreamWriter(""log.txt"", append: true);|}
{|#0:log.WriteLine(""started"")|};
export(""a.txt"", ""a"");
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

Action<string, string> export = (path, text) =>
{
    using (var w = new StreamWriter(path))
    {
        w.Write(text);
        w.FlushToDisk();
    }
};
using var log = new StreamWriter(""log.txt"", append: true);
log.WriteLine(""started"");
export(""a.txt"", ""a"");
log.FlushToDisk();
";
        var options = Strict();
        options.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Stream("log"), Stream("w", 2, 3) }, fixedSource, options);
    }
    [Fact]
    public Task Writer_closed_before_the_file_with_leaveOpen_flushes_the_file()
    {
        const string source = @"using System.IO;
using System.Text;

class Store
{
    public void Save(string path, string text)
    {
        var fs = new FileStream(path, FileMode.Create);
        var w = new StreamWriter(fs, Encoding.UTF8, 1024, leaveOpen: true);
        w.Write(text);
        w.Dispose();
        {|#0:fs.WriteByte(10)|};
        {|#1:fs.Dispose()|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Text;
using DurableIO;

class Store
{
    public void Save(string path, string text)
    {
        var fs = new FileStream(path, FileMode.Create);
        var w = new StreamWriter(fs, Encoding.UTF8, 1024, leaveOpen: true);
        w.Write(text);
        w.Dispose();
        fs.WriteByte(10);
        fs.FlushToDisk();
        fs.Dispose();
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("fs") }, fixedSource, Strict());
    }
    [Fact]
    public Task Using_declaration_in_a_method_ending_with_return_flushes_before_the_return()
    {
        const string source = @"using System.IO;

class Exporter
{
    public int Export(string path, string[] rows)
    {
        {|#1:using var writer = new StreamWriter(path);|}
        foreach (var row in rows)
        {
            {|#0:writer.WriteLine(row)|};
        }

        return rows.Length;
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Exporter
{
    public int Export(string path, string[] rows)
    {
        using var writer = new StreamWriter(path);
        foreach (var row in rows)
        {
            writer.WriteLine(row);
        }
        writer.FlushToDisk();

        return rows.Length;
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("writer") }, fixedSource, Strict());
    }
    [Fact]
    public async Task Without_the_runtime_the_DurableFile_overload_comes_from_the_runtimes_API_and_the_title_says_so()
    {
        const string source = @"using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

class Store
{
    public async Task Save(string path, IEnumerable<string> lines, byte[] data)
    {
        File.WriteAllLines(path, lines);
        await File.WriteAllBytesAsync(path + "".bin"", data);
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<DurableIO.Analyzers.Rules.UnflushedWriteAnalyzer>(source, new DurableIO.CodeFixes.WriteWithoutFlushToDiskCodeFixProvider(), withRuntime: false);
        Assert.Equal(
            new[]
            {
                "Use DurableFile.WriteAllLines (flushes the file to disk) (needs the DurableIO package)",
                "Use DurableFile.WriteAllBytesAsync (flushes the file to disk) (needs the DurableIO package)",
            },
            offered.Select(o => o.Title));
    }
    [Fact]
    public Task Inside_a_lock_of_an_async_method_the_flush_is_synchronous()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;

class Store
{
    private readonly object _gate = new object();

    public async Task SaveAsync(string path, byte[] data)
    {
        await Task.Yield();
        lock (_gate)
        {
            {|#1:using (var fs = File.Create(path))
            {
                {|#0:fs.Write(data, 0, data.Length)|};
            }|}
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Store
{
    private readonly object _gate = new object();

    public async Task SaveAsync(string path, byte[] data)
    {
        await Task.Yield();
        lock (_gate)
        {
            using (var fs = File.Create(path))
            {
                fs.Write(data, 0, data.Length);
                fs.FlushToDisk();
            }
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("fs") }, fixedSource, Strict());
    }
}
