using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushFailureAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR014 (Info): <c>Flush(true)</c>/<c>RandomAccess.FlushToDisk</c> whose failure the code visibly handles — the only
/// file operation of a try with an IOException catch, or followed by a success report — although on Linux and macOS a
/// failed fsync is never reported. Markup: <c>{|#0:…|}</c> is the flush.
/// </summary>
public class Dur014Tests
{
    internal const string CatchNeverRuns = "this catch clause does not run for it";
    internal const string SuccessReported = "the success reported after the flush is also reported when the data did not reach the disk";

    internal static DiagnosticResult Dur014(string file, string how, int at = 0) =>
        V.Diagnostic(Descriptors.DUR014).WithLocation(at).WithArguments(file, how);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Flush_true_alone_in_a_try_whose_catch_logs_and_rethrows()
    {
        const string source = @"
using System;
using System.IO;

class Journal
{
    public void Append(string path, byte[] record)
    {
        using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write))
        {
            fs.Write(record, 0, record.Length);
            fs.Flush();
            try
            {
                {|#0:fs.Flush(true)|};
            }
            catch (IOException e)
            {
                Console.WriteLine(""fsync failed: "" + e.Message);
                throw;
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Dur014("fs", CatchNeverRuns));
    }

    [Fact]
    public Task Success_reported_right_after_the_flush_under_a_writer()
    {
        const string source = @"
using System;
using System.IO;

class TransactionLog
{
    private readonly string _path = ""transaction.log"";

    public void LogTransaction(string data)
    {
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(data);
        writer.Flush();
        {|#0:stream.Flush(true)|};
        Console.WriteLine(""Transaction safely logged"");
    }
}";
        return V.AnalyzerAsync(source, Dur014("stream", SuccessReported));
    }

    [Fact]
    public Task RandomAccess_FlushToDisk_in_a_try_with_an_Exception_catch()
    {
        const string source = @"
using System;
using System.IO;

class Pages
{
    public void Write(string path, byte[] page, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write);
        RandomAccess.Write(handle, page, offset);
        try
        {
            {|#0:RandomAccess.FlushToDisk(handle)|};
        }
        catch (Exception)
        {
            throw new InvalidOperationException(""page not durable"");
        }
    }
}";
        return V.AnalyzerAsync(source, Dur014("handle", CatchNeverRuns));
    }

    [Fact]
    public Task Field_stream_with_a_logger_reporting_success()
    {
        const string source = @"
using System.IO;

interface ILog { void Info(string message); }

class Wal
{
    private readonly FileStream _stream;
    private readonly ILog _log;

    public Wal(FileStream stream, ILog log)
    {
        _stream = stream;
        _log = log;
    }

    public void Commit(byte[] entry)
    {
        _stream.Write(entry, 0, entry.Length);
        {|#0:_stream.Flush(flushToDisk: true)|};
        _log.Info($""entry {entry.Length} bytes persisted"");
    }
}";
        return V.AnalyzerAsync(source, Dur014("_stream", SuccessReported));
    }

    [Fact]
    public Task Async_method_reporting_success()
    {
        const string source = @"
using System;
using System.IO;
using System.Threading.Tasks;

class Exporter
{
    public async Task ExportAsync(string path, byte[] data)
    {
        await using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        await fs.WriteAsync(data, 0, data.Length);
        {|#0:fs.Flush(true)|};
        Console.WriteLine($""{path} synced to disk"");
    }
}";
        return V.AnalyzerAsync(source, Dur014("fs", SuccessReported));
    }

    [Fact]
    public Task Lambda_with_a_parameter_stream()
    {
        const string source = @"
using System;
using System.IO;

class Sync
{
    public Action<FileStream> Commit = fs =>
    {
        try
        {
            {|#0:fs.Flush(true)|};
        }
        catch (IOException)
        {
            Environment.FailFast(""data lost"");
        }
    };
}";
        return V.AnalyzerAsync(source, Dur014("fs", CatchNeverRuns));
    }

    [Fact]
    public Task Local_function_with_a_SystemException_catch()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    public bool Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data, 0, data.Length);
        return Commit();

        bool Commit()
        {
            try
            {
                {|#0:fs.Flush(true)|};
                return true;
            }
            catch (SystemException)
            {
                return false;
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Dur014("fs", CatchNeverRuns));
    }

    [Fact]
    public Task Top_level_statements_reporting_success()
    {
        const string source = @"
using System;
using System.IO;

using var fs = new FileStream(""state.bin"", FileMode.Create, FileAccess.Write);
fs.WriteByte(42);
{|#0:fs.Flush(true)|};
Console.WriteLine(""Data successfully synchronized to disk"");
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur014("fs", SuccessReported));
    }

    [Fact]
    public Task FileInfo_stream_with_a_rethrowing_catch()
    {
        const string source = @"
using System.IO;

class Exporter
{
    public void Export(FileInfo file, byte[] data)
    {
        using (var stream = file.Open(FileMode.Append, FileAccess.Write))
        {
            stream.Write(data, 0, data.Length);
            stream.Flush();
            try
            {
                {|#0:stream.Flush(true)|};
            }
            catch (IOException e)
            {
                throw new IOException(""could not persist "" + file.Name, e);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Dur014("stream", CatchNeverRuns));
    }

    [Fact]
    public Task Swallowing_catch_is_also_DUR008()
    {
        const string source = @"
using System;
using System.IO;

class ErrorHandling
{
    public static void WriteWithGuarantee(string fileName, string data)
    {
        using var stream = new FileStream(fileName, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.Write(data);
        writer.Flush();

        try
        {
            {|#0:stream.Flush(true)|};
            Console.WriteLine(""Data successfully synchronized to disk"");
        }
        catch (IOException e)
        {
            Console.WriteLine($""Warning: fsync not supported on this file system: {e.Message}"");
        }
    }
}";
        return V.AnalyzerAsync(source, Dur014("stream", CatchNeverRuns), Dur008Tests.Dur008("stream", Dur008Tests.Ignored));
    }

    [Fact]
    public Task Severity_can_be_raised_to_warning()
    {
        const string source = @"
using System;
using System.IO;

class C
{
    void M(FileStream fs)
    {
        {|#0:fs.Flush(true)|};
        Console.WriteLine(""saved"");
    }
}";
        return V.AnalyzerAsync(
            source,
            new VerifyOptions().WithEditorConfig("dotnet_diagnostic.DUR014.severity = warning"),
            Dur014("fs", SuccessReported).WithSeverity(DiagnosticSeverity.Warning));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Flush_true_without_error_handling_or_success_report()
    {
        const string source = @"
using System.IO;

class C
{
    void M(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        fs.Write(data, 0, data.Length);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Try_around_a_whole_block_of_work_for_cleanup_and_rethrow()
    {
        const string source = @"
using System.IO;

class C
{
    void Save(string path, byte[] data)
    {
        var tmp = path + "".tmp"";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            File.Move(tmp, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(tmp);
            throw;
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task FlushToDisk_of_the_runtime_reports_the_failure()
    {
        const string source = @"
using System;
using System.IO;
using DurableIO;

class C
{
    void M(FileStream fs)
    {
        try
        {
            fs.FlushToDisk();
            Console.WriteLine(""synced"");
        }
        catch (IOException)
        {
            throw;
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Message_that_does_not_claim_durability()
    {
        const string source = @"
using System;
using System.Diagnostics;
using System.IO;

class Timing
{
    void M(FileStream fs)
    {
        var watch = Stopwatch.StartNew();
        fs.WriteByte(1);
        fs.Flush(true);
        Console.WriteLine($""fsync took {watch.ElapsedMilliseconds} ms"");
        Console.WriteLine(""Synced"");
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_and_flush_to_disk_in_one_try_handle_write_errors_too()
    {
        const string source = @"
using System.IO;

class C
{
    void M(FileStream fs, byte[] data)
    {
        try
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }
        catch (IOException)
        {
            throw;
        }

        try
        {
            fs.Flush();
            fs.Flush(true);
        }
        finally
        {
            fs.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Unrelated_catch_and_try_finally()
    {
        const string source = @"
using System;
using System.IO;

class C
{
    void M(FileStream fs)
    {
        try
        {
            fs.Flush(true);
        }
        catch (ObjectDisposedException)
        {
            throw;
        }

        try
        {
            fs.Flush(true);
        }
        finally
        {
            Console.WriteLine(""done"");
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_in_the_same_compilation_and_configured_helper_followed_by_a_success_message()
    {
        const string source = @"
using System;
using System.IO;

namespace MyCo.Io
{
    public static class Fs
    {
        public static void Sync(FileStream stream) { }
    }

    class C
    {
        static void SafeSync(FileStream stream) => stream.Flush(true);

        void M(FileStream fs)
        {
            SafeSync(fs);
            Console.WriteLine(""Data safely written"");
            Fs.Sync(fs);
            Console.WriteLine(""Data safely written"");
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Fs.Sync(System.IO.FileStream)"));
    }

    [Fact]
    public Task Flush_false_and_memory_streams_and_success_before_the_flush()
    {
        const string source = @"
using System;
using System.IO;

class C
{
    void M(FileStream fs, string text)
    {
        fs.Flush(false);
        Console.WriteLine(""saved"");

        var memory = new MemoryStream();
        using (var writer = new StreamWriter(memory))
        {
            writer.Write(text);
            writer.Flush();
            Console.WriteLine(""written"");
        }

        Console.WriteLine(""about to sync"");
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Read_only_stream_is_DUR013s_business()
    {
        const string source = @"
using System;
using System.IO;

class C
{
    void M(string path)
    {
        using var fs = File.OpenRead(path);
        fs.Flush(true);
        Console.WriteLine(""synced"");
    }
}";
        return V.AnalyzerAsync(source);
    }
}
