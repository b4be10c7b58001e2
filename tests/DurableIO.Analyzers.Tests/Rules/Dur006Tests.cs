using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.UnflushedWriteAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR006 (Hidden): file data written and closed without a flush to disk. <c>{|#0:…|}</c> is the (last) write; for a stream
/// <c>{|#1:…|}</c> is the close (additional location).
/// </summary>
public class Dur006Tests
{
    internal static DiagnosticResult WholeFile(string path, int at = 0) =>
        V.Diagnostic(Descriptors.DUR006).WithLocation(at).WithArguments(path);

    internal static DiagnosticResult Stream(string stream, int at = 0, int close = 1) =>
        V.Diagnostic(Descriptors.DUR006).WithLocation(at).WithLocation(close).WithArguments(stream);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task WriteAllText_with_parameter_path()
    {
        const string source = @"
using System.IO;

class Orders
{
    void Save(string ordersPath, string json) => {|#0:File.WriteAllText(ordersPath, json)|};
}";
        return V.AnalyzerAsync(source, WholeFile("ordersPath"));
    }

    [Fact]
    public Task AppendAllLinesAsync_awaited_with_field_path()
    {
        const string source = @"
using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Ledger
{
    private readonly string _path = ""ledger.txt"";

    async Task AppendAsync(string[] lines, CancellationToken ct)
    {
        await {|#0:File.AppendAllLinesAsync(_path, lines, ct)|}.ConfigureAwait(false);
    }
}";
        return V.AnalyzerAsync(source, WholeFile("_path"));
    }

    [Fact]
    public Task OpenWrite_in_using_block()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Append(string ledgerPath, byte[] entry)
    {
        {|#1:using (var stream = File.OpenWrite(ledgerPath))
        {
            {|#0:stream.Write(entry, 0, entry.Length)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Stream("stream"));
    }

    [Fact]
    public Task StreamWriter_using_declaration_flushed_only_to_the_OS()
    {
        const string source = @"
using System.IO;

class Exporter
{
    void Export(string path, string csv)
    {
        {|#1:using var writer = new StreamWriter(path);|}
        writer.Write(""header"");
        {|#0:writer.WriteLine(csv)|};
        writer.Flush();
    }
}";
        return V.AnalyzerAsync(source, Stream("writer"));
    }

    [Fact]
    public Task BinaryWriter_over_FileStream_closed_in_finally()
    {
        const string source = @"
using System.IO;

class Journal
{
    void Write(string path, long[] values)
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
}";
        return V.AnalyzerAsync(source, Stream("writer"));
    }

    [Fact]
    public Task Async_write_and_await_using()
    {
        const string source = @"
using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Store
{
    async Task SaveAsync(string path, byte[] data, CancellationToken ct)
    {
        {|#1:await using (var fs = new FileStream(path, FileMode.Create))
        {
            await {|#0:fs.WriteAsync(data, ct)|};
            await fs.FlushAsync(ct);
        }|}
    }
}";
        return V.AnalyzerAsync(source, Stream("fs"));
    }

    [Fact]
    public Task Lambda_body_with_FileInfo_CreateText()
    {
        const string source = @"
using System;
using System.IO;

class Exporter
{
    Action<FileInfo, string> export = (file, text) =>
    {
        {|#1:using (var w = file.CreateText())
        {
            {|#0:w.Write(text)|};
        }|}
    };
}";
        return V.AnalyzerAsync(source, Stream("w"));
    }

    [Fact]
    public Task Local_function_and_explicit_Close()
    {
        const string source = @"
using System.IO;

class Exporter
{
    void ExportAll(string[] paths, string text)
    {
        foreach (var p in paths)
        {
            Export(p);
        }

        void Export(string path)
        {
            var w = new StreamWriter(path, append: true);
            {|#0:w.Write(text)|};
            {|#1:w.Close()|};
        }
    }
}";
        return V.AnalyzerAsync(source, Stream("w"));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"
using System.IO;

{|#0:File.WriteAllBytes(""state.bin"", new byte[] { 1, 2, 3 })|};
{|#2:File.AppendAllText(""log.txt"", ""started"")|};
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), WholeFile("\"state.bin\""), WholeFile("\"log.txt\"", 2));
    }

    [Fact]
    public Task RandomAccess_write_on_a_handle()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        {|#1:using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
        {
            {|#0:RandomAccess.Write(handle, data, 0)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Stream("handle"));
    }

    [Fact]
    public Task Write_after_the_flush_to_disk_is_not_flushed()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path)
    {
        {|#1:using (var fs = new FileStream(path, FileMode.Create))
        {
            fs.WriteByte(1);
            fs.Flush(true);
            {|#0:fs.WriteByte(2)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Stream("fs"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task DurableFile_and_FlushToDisk()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    void Save(string path, string text)
    {
        DurableFile.WriteAllText(path, text);
        using (var w = new StreamWriter(path + "".log""))
        {
            w.Write(text);
            w.FlushToDisk();
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Flush_true_and_whole_file_write_followed_by_DurableFile_Sync()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = new FileStream(path, FileMode.Create))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        File.WriteAllBytes(path + "".bak"", data);
        DurableFile.Sync(path + "".bak"");
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Flush_to_disk_by_a_helper_of_the_same_compilation()
    {
        const string source = @"
using System.IO;

static class Disk
{
    public static void Fsync(FileStream stream) => stream.Flush(true);
}

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = File.Create(path))
        {
            fs.Write(data, 0, data.Length);
            Disk.Fsync(fs);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_listed_in_editorconfig()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Native
    {
        public static void Sync(FileStream stream) { }
    }

    class Store
    {
        void Save(string path, byte[] data)
        {
            using (var fs = File.Create(path))
            {
                fs.Write(data, 0, data.Length);
                Native.Sync(fs);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Native.Sync(System.IO.FileStream)"));
    }

    [Fact]
    public Task Streams_received_as_parameters_or_not_closed_here()
    {
        const string source = @"
using System.IO;

class Store
{
    void Write(FileStream fs, StreamWriter w, byte[] data)
    {
        fs.Write(data, 0, data.Length);
        fs.Dispose();
        w.Write(""x"");
        w.Dispose();
    }

    FileStream Open(string path, byte[] data)
    {
        var fs = File.Create(path);
        fs.Write(data, 0, data.Length);
        return fs;
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Reads_only_and_writers_over_a_MemoryStream()
    {
        const string source = @"
using System.IO;

class Store
{
    byte[] Load(string path)
    {
        var text = File.ReadAllText(path);
        using (var ms = new MemoryStream())
        {
            using (var w = new StreamWriter(ms))
            {
                w.Write(text);
            }

            return ms.ToArray();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Write_through_stream()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            fs.Write(data, 0, data.Length);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Temporary_file_renamed_later_is_DUR001s_business()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, string text)
    {
        File.WriteAllText(path + "".tmp"", text);
        File.Move(path + "".tmp"", path, overwrite: true);

        using (var w = new StreamWriter(path + "".new""))
        {
            w.Write(text);
        }

        File.Replace(path + "".new"", path, null);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Stream_handed_to_unknown_code_or_path_to_a_user_helper()
    {
        const string source = @"
using System.IO;

public interface ISerializer { void Write(Stream stream, object value); }

static class Disk
{
    public static void Persist(string path) { /* calls into native code */ }
}

class Store
{
    private readonly ISerializer _serializer;

    public Store(ISerializer serializer) { _serializer = serializer; }

    void Save(string path, object value, string text)
    {
        using (var fs = File.Create(path))
        {
            fs.WriteByte(0);
            _serializer.Write(fs, value);
        }

        File.WriteAllText(path + "".txt"", text);
        Disk.Persist(path + "".txt"");
    }
}";
        return V.AnalyzerAsync(source);
    }
    [Fact]
    public Task Delete_on_close_file_is_temporary()
    {
        const string source = @"
using System.IO;

class Scratch
{
    void Use(string path, byte[] content)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous))
        {
            fs.Write(content, 0, content.Length);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Private_helper_whose_every_caller_renames_the_file_but_not_one_a_caller_keeps()
    {
        const string source = @"
using System.IO;

class Settings
{
    public void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        WriteTemporary(tmp, json);
        File.Move(tmp, path, overwrite: true);
    }

    public void Export(string path, string json) => WriteKept(path, json);

    private static void WriteTemporary(string path, string json) => File.WriteAllText(path, json);

    private static void WriteKept(string path, string json) => {|#0:File.WriteAllText(path, json)|};
}";
        return V.AnalyzerAsync(source, WholeFile("path"));
    }

    [Fact]
    public Task File_Copy_writes_its_destination_whole()
    {
        const string source = @"
using System.IO;

class Backup
{
    void Take(string path, string backup) => {|#0:File.Copy(path, backup, overwrite: true)|};
}";
        return V.AnalyzerAsync(source, WholeFile("backup"));
    }

    [Fact]
    public Task Stream_handed_to_a_delegate_runs_the_callers_code()
    {
        // Action<Stream>.Invoke is declared in System, but what it runs is the caller's: it may well flush to disk.
        const string source = @"
using System;
using System.IO;

class Store
{
    static void Save(string path, Action<Stream> write)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write);
        write(fs);
    }

    static void SaveVia(string path, Func<Stream, int> write)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write);
        write.Invoke(fs);
    }
}";
        return V.AnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Writer_created_by_a_private_helper_but_not_a_fields_stream_returned_by_one()
    {
        const string source = @"
using System.IO;

class Log
{
    private readonly FileStream _log = new FileStream(""log.bin"", FileMode.Append);

    private static StreamWriter OpenLog(string path) => new StreamWriter(path, append: true);

    private FileStream Current() => _log;

    public void Append(string path, string line)
    {
        {|#1:using (var writer = OpenLog(path))
        {
            {|#0:writer.WriteLine(line)|};
        }|}
    }

    public void AppendShared(byte[] data)
    {
        var log = Current();
        log.Write(data, 0, data.Length);
        log.Dispose();
    }
}";
        return V.AnalyzerAsync(source, Stream("writer"));
    }

    [Fact]
    public Task Write_by_a_private_helper_is_reported_in_the_helper_once_and_not_when_every_caller_renames_the_file()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Save(string path, string text)
    {
        WriteText(path + "".tmp"", text);
        File.Move(path + "".tmp"", path, true);
    }

    public void Keep(string path, string text)
    {
        WriteKept(path, text);
        File.Delete(path + "".old"");
    }

    private static void WriteText(string p, string text) => File.WriteAllText(p, text);

    private static void WriteKept(string p, string text) => {|#0:File.WriteAllText(p, text)|};
}";
        return V.AnalyzerAsync(source, WholeFile("p"));
    }
}
