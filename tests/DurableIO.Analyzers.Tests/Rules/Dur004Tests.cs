using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR004: a flush to disk while a buffering writer above the stream still holds data. Markup: <c>{|#0:…|}</c> is the
/// flush to disk, <c>{|#1:…|}</c> the pending write (the additional location).
/// </summary>
public class Dur004Tests
{
    internal static DiagnosticResult Dur004(string stream, string writer, int at = 0, int write = 1) =>
        V.Diagnostic(Descriptors.DUR004).WithLocation(at).WithLocation(write).WithArguments(stream, writer);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Using_declarations_StreamWriter_written_then_stream_flushed_to_disk()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Commit(string path, string entry)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        {|#1:writer.WriteLine($""Transaction: {entry}"")|};
        {|#0:stream.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur004("stream", "writer"));
    }

    [Fact]
    public Task Using_blocks_with_BufferedStream_and_RandomAccess_FlushToDisk()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = File.Create(path))
        using (var buffered = new BufferedStream(fs, 1 << 16))
        {
            {|#1:buffered.Write(data, 0, data.Length)|};
            {|#0:RandomAccess.FlushToDisk(fs.SafeFileHandle)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur004("fs", "buffered"));
    }

    [Fact]
    public Task Try_finally_GZipStream_not_finished_before_the_flush()
    {
        const string source = @"
using System.IO;
using System.IO.Compression;

class Archive
{
    void Save(string path, byte[] data)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var gzip = new GZipStream(fs, CompressionLevel.Optimal, leaveOpen: true);
        try
        {
            {|#1:gzip.Write(data, 0, data.Length)|};
            {|#0:fs.Flush(true)|};
        }
        finally
        {
            gzip.Dispose();
            fs.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source, Dur004("fs", "gzip"));
    }

    [Fact]
    public Task Async_writer_written_then_runtime_FlushToDiskAsync_of_the_stream()
    {
        const string source = @"
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Ledger
{
    async Task CommitAsync(string path, string entry, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        await using var writer = new StreamWriter(stream);
        await {|#1:writer.WriteLineAsync(entry)|};
        await {|#0:stream.FlushToDiskAsync(ct)|};
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur004("stream", "writer"));
    }

    [Fact]
    public Task Writer_over_a_parameter_stream_flushed_through_BaseStream()
    {
        const string source = @"
using System.IO;

class Report
{
    public static void Write(FileStream output, string text)
    {
        var writer = new StreamWriter(output, leaveOpen: true);
        {|#1:writer.Write(text)|};
        {|#0:((FileStream)writer.BaseStream).Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur004("output", "writer"));
    }

    [Fact]
    public Task Field_stream_with_a_writer_written_after_its_last_Flush()
    {
        const string source = @"
using System.IO;

class Journal
{
    private FileStream _fs;

    public Journal(string path) => _fs = File.Open(path, FileMode.Append);

    public void Append(string a, string b)
    {
        var w = new StreamWriter(_fs, leaveOpen: true);
        w.WriteLine(a);
        w.Flush();
        {|#1:w.WriteLine(b)|};
        {|#0:_fs.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur004("_fs", "w"));
    }

    [Fact]
    public Task Top_level_statements_with_a_FileInfo_stream()
    {
        const string source = @"
using System.IO;

var info = new FileInfo(""data.txt"");
using var fs = info.Open(FileMode.Create, FileAccess.Write);
using var writer = new StreamWriter(fs);
{|#1:writer.Write(""hello"")|};
{|#0:fs.Flush(true)|};
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur004("fs", "writer"));
    }

    [Fact]
    public Task Lambda_with_StreamWriter_over_BufferedStream_names_the_outer_writer()
    {
        const string source = @"
using System;
using System.IO;

class Jobs
{
    public Action<string, string> Save = (path, text) =>
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var buffered = new BufferedStream(fs);
        using var writer = new StreamWriter(buffered);
        {|#1:writer.Write(text)|};
        {|#0:fs.Flush(true)|};
    };
}";
        return V.AnalyzerAsync(source, Dur004("fs", "writer"));
    }

    [Fact]
    public Task Local_function_with_a_configured_sync_helper()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    static class Disk
    {
        public static void Sync(FileStream stream) { }
    }

    class Saver
    {
        void Save(string path, string text)
        {
            Run();

            void Run()
            {
                using var fs = File.Create(path);
                using var w = new StreamWriter(fs);
                {|#1:w.Write(text)|};
                {|#0:Disk.Sync(fs)|};
            }
        }
    }
}";
        return V.AnalyzerAsync(
            source,
            new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Disk.Sync(System.IO.FileStream)"),
            Dur004("fs", "w"));
    }

    [Fact]
    public Task CryptoStream_written_without_its_final_block()
    {
        const string source = @"
using System.IO;
using System.Security.Cryptography;

class Vault
{
    void Save(string path, byte[] data, ICryptoTransform transform)
    {
        using var fs = File.Create(path);
        using var crypto = new CryptoStream(fs, transform, CryptoStreamMode.Write, leaveOpen: true);
        {|#1:crypto.Write(data, 0, data.Length)|};
        {|#0:fs.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur004("fs", "crypto"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Writer_flushed_before_the_stream_is_flushed_to_disk()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Commit(string path, string entry)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(entry);
        writer.Flush();
        stream.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task BinaryWriter_keeps_no_buffer()
    {
        const string source = @"
using System.IO;

class Index
{
    void Save(string path, long[] offsets)
    {
        using var fs = File.Create(path);
        using var writer = new BinaryWriter(fs);
        foreach (var o in offsets)
        {
            writer.Write(o);
        }

        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writer_FlushToDisk_flushes_every_buffer()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Ledger
{
    void Commit(string path, string entry)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(entry);
        writer.FlushToDisk();
        stream.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Compressor_finished_with_leaveOpen_before_the_flush()
    {
        const string source = @"
using System.IO;
using System.IO.Compression;

class Archive
{
    void Save(string path, byte[] data)
    {
        using var stream = File.Create(path);
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data, 0, data.Length);
        }

        stream.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task CryptoStream_FlushFinalBlock_before_the_flush()
    {
        const string source = @"
using System.IO;
using System.Security.Cryptography;

class Vault
{
    void Save(string path, byte[] data, ICryptoTransform transform)
    {
        using var fs = File.Create(path);
        using var crypto = new CryptoStream(fs, transform, CryptoStreamMode.Write, leaveOpen: true);
        crypto.Write(data, 0, data.Length);
        crypto.FlushFinalBlock();
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task AutoFlush_writer_pushes_each_write_into_the_stream()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Commit(string path, string a, string b)
    {
        using var fs = new FileStream(path, FileMode.Append);
        using var w1 = new StreamWriter(fs, leaveOpen: true) { AutoFlush = true };
        w1.WriteLine(a);
        fs.Flush(true);
        var w2 = new StreamWriter(fs);
        w2.AutoFlush = true;
        w2.WriteLine(b);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writer_flushed_by_a_helper_of_the_same_compilation_that_receives_it()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Commit(string path, string entry)
    {
        using var fs = new FileStream(path, FileMode.Append);
        using var w = new StreamWriter(fs);
        w.WriteLine(entry);
        Drain(w);
        fs.Flush(true);
    }

    static void Drain(StreamWriter writer) => writer.Flush();
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Streams_received_as_parameters_are_not_linked()
    {
        const string source = @"
using System.IO;

class Ledger
{
    static void Commit(StreamWriter writer, FileStream stream, string entry)
    {
        writer.WriteLine(entry);
        stream.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writer_over_a_MemoryStream_and_a_reader()
    {
        const string source = @"
using System.IO;

class Copy
{
    void Run(string path)
    {
        var memory = new MemoryStream();
        var writer = new StreamWriter(memory);
        writer.Write(""x"");
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        using var reader = new StreamReader(fs);
        reader.ReadToEnd();
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writer_disposed_before_the_flush_to_disk()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Commit(string path, string entry)
    {
        var fs = new FileStream(path, FileMode.Append);
        using (var w = new StreamWriter(fs, leaveOpen: true))
        {
            w.WriteLine(entry);
        }

        fs.Flush(true);
        fs.Dispose();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task A_serializer_that_received_the_writer_may_flush_it()
    {
        const string source = @"
using System.IO;
using System.Xml.Linq;

class Config
{
    void Save(string path, XDocument document)
    {
        using var fs = File.Create(path);
        using var writer = new StreamWriter(fs);
        document.Save(writer);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task A_write_after_the_serializer_is_pending_again()
    {
        const string source = @"
using System.IO;
using System.Xml.Linq;

class Config
{
    void Save(string path, XDocument document)
    {
        using var fs = File.Create(path);
        using var writer = new StreamWriter(fs);
        document.Save(writer);
        {|#1:writer.WriteLine(""<!-- end -->"")|};
        {|#0:fs.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur004("fs", "writer"));
    }
}
