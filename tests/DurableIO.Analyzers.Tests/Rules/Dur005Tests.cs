using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>DUR005: Flush()/FlushAsync() believed to reach the disk. Markup: <c>{|#0:…|}</c> is the flush.</summary>
public class Dur005Tests
{
    internal static DiagnosticResult Dur005(string name, int at = 0) =>
        V.Diagnostic(Descriptors.DUR005).WithLocation(at).WithArguments(name);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Using_declaration_StreamWriter_on_a_path()
    {
        const string source = @"
using System;
using System.IO;

class Bank
{
    void Commit(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(""Critical transaction data"");
        {|#0:writer.Flush()|};
        Console.WriteLine(""Data safely written to disk"");
    }
}";
        return V.AnalyzerAsync(source, Dur005("writer"));
    }

    [Fact]
    public Task Async_FlushAsync_with_token_and_ConfigureAwait()
    {
        const string source = @"
using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Uploads
{
    async Task SaveAsync(string path, byte[] payload, CancellationToken ct)
    {
        await using var stream = File.Create(path);
        await stream.WriteAsync(payload, ct);
        await {|#0:stream.FlushAsync(ct)|}.ConfigureAwait(false);
    }
}";
        return V.AnalyzerAsync(source, Dur005("stream"));
    }

    [Fact]
    public Task Using_block_FileStream_with_FileInfo()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(FileInfo file, byte[] data)
    {
        using (var fs = file.OpenWrite())
        {
            fs.Write(data, 0, data.Length);
            {|#0:fs.Flush()|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur005("fs"));
    }

    [Fact]
    public Task Try_finally_BinaryWriter()
    {
        const string source = @"
using System.IO;

class Index
{
    void Save(string path, int[] values)
    {
        var writer = new BinaryWriter(File.Open(path, FileMode.Create));
        try
        {
            foreach (var v in values)
            {
                writer.Write(v);
            }

            {|#0:writer.Flush()|};
        }
        finally
        {
            writer.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source, Dur005("writer"));
    }

    [Fact]
    public Task Lambda_with_File_CreateText()
    {
        const string source = @"
using System;
using System.IO;

class Settings
{
    public Action<string, string> Save = (path, text) =>
    {
        var w = File.CreateText(path);
        w.Write(text);
        {|#0:w.Flush()|};
        w.Dispose();
    };
}";
        return V.AnalyzerAsync(source, Dur005("w"));
    }

    [Fact]
    public Task Local_function()
    {
        const string source = @"
using System.IO;

class Report
{
    void Run(string path, string text)
    {
        Write();

        void Write()
        {
            using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
            using var writer = new StreamWriter(fs);
            writer.Write(text);
            {|#0:writer.Flush()|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur005("writer"));
    }

    [Fact]
    public Task Top_level_statements_with_AppendText()
    {
        const string source = @"
using System.IO;

using var log = File.AppendText(""app.log"");
log.WriteLine(""started"");
{|#0:log.Flush()|};
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur005("log"));
    }

    [Fact]
    public Task Async_writer_FlushAsync_without_await_of_a_token()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Report
{
    async Task WriteAsync(string path, string text)
    {
        using var writer = new StreamWriter(path, append: true);
        await writer.WriteAsync(text);
        await {|#0:writer.FlushAsync()|};
    }
}";
        return V.AnalyzerAsync(source, Dur005("writer"));
    }

    [Fact]
    public Task BufferedStream_over_a_file()
    {
        const string source = @"
using System.IO;

class Blocks
{
    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var buffered = new BufferedStream(fs);
        buffered.Write(data, 0, data.Length);
        {|#0:buffered.Flush()|};
    }
}";
        return V.AnalyzerAsync(source, Dur005("buffered"));
    }

    [Fact]
    public Task Field_opened_in_the_same_method()
    {
        const string source = @"
using System.IO;

class Journal
{
    private FileStream _fs;

    public void Start(string path, byte[] header)
    {
        _fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        _fs.Write(header, 0, header.Length);
        {|#0:_fs.Flush()|};
    }
}";
        return V.AnalyzerAsync(source, Dur005("_fs"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Explicit_Flush_false_is_a_choice()
    {
        const string source = @"
using System.IO;

class Progress
{
    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data, 0, data.Length);
        fs.Flush(false);
        fs.Write(data, 0, data.Length);
        fs.Flush(flushToDisk: false);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_followed_by_a_flush_to_disk()
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
    public Task Flush_to_disk_by_a_helper_of_the_same_compilation()
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
        Sync(stream);
    }

    static void Sync(FileStream fs) => fs.Flush(true);
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_to_disk_by_a_helper_listed_in_editorconfig()
    {
        const string source = @"
using System.IO;

namespace MyCo.IO
{
    static class Disk
    {
        public static void Sync(FileStream stream) { }
    }

    class Ledger
    {
        void Commit(string path, byte[] entry)
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
            stream.Write(entry);
            stream.Flush();
            Disk.Sync(stream);
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.IO.Disk.Sync(System.IO.FileStream)"));
    }

    [Fact]
    public Task Streams_received_as_parameters()
    {
        const string source = @"
using System.IO;

class Serializer
{
    public static void Write(Stream output, StreamWriter writer, FileStream file, byte[] data)
    {
        output.Write(data, 0, data.Length);
        output.Flush();
        writer.Write(""x"");
        writer.Flush();
        file.Write(data);
        file.Flush();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writer_over_a_MemoryStream()
    {
        const string source = @"
using System.IO;

class Buffers
{
    byte[] Render(string text)
    {
        var memory = new MemoryStream();
        using var writer = new StreamWriter(memory);
        writer.Write(text);
        writer.Flush();
        return memory.ToArray();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Reads_only_and_flush_without_writes()
    {
        const string source = @"
using System.IO;

class Reader
{
    string Load(string path, string other)
    {
        using var fs = File.OpenRead(path);
        fs.Flush();
        using var w = new FileStream(other, FileMode.OpenOrCreate);
        w.Flush();
        return new StreamReader(fs).ReadToEnd();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Stream_handed_to_unknown_code_or_returned()
    {
        const string source = @"
using System.IO;

class Factory
{
    FileStream Open(string path, byte[] header)
    {
        var fs = new FileStream(path, FileMode.Create);
        fs.Write(header);
        fs.Flush();
        return fs;
    }

    void Save(string path, byte[] data, Sink sink)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data);
        fs.Flush();
        sink.Take(fs);
    }
}

class Sink { public void Take(Stream s) { } }";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Write_through_stream_and_DurableFile_Sync_after_close()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Log
{
    void Append(string path, byte[] record)
    {
        using (var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough))
        {
            log.Write(record);
            log.Flush();
        }

        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(record);
            fs.Flush();
        }

        DurableFile.Sync(path);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Stream_created_by_a_private_helper_but_not_a_fields_stream_returned_by_one()
    {
        const string source = @"
using System.IO;

class Journal
{
    private readonly FileStream _shared = new FileStream(""shared.log"", FileMode.Append);

    private static FileStream OpenJournal(string path) => new FileStream(path, FileMode.Append, FileAccess.Write);

    private FileStream Shared() => _shared;

    public void Commit(string path, byte[] entry)
    {
        using (var fs = OpenJournal(path))
        {
            fs.Write(entry, 0, entry.Length);
            {|#0:fs.Flush()|};
        }
    }

    public void CommitShared(byte[] entry)
    {
        var fs = Shared();
        fs.Write(entry, 0, entry.Length);
        fs.Flush();
    }
}";
        return V.AnalyzerAsync(source, Dur005("fs"));
    }
}
