using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushFailureAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR008: a failed flush to disk of a file is ignored by a catch, retried by a loop, or (P/Invoke) never checked.
/// Markup: <c>{|#0:…|}</c> is the flush. The same analyzer reports DUR014 where <c>Flush(true)</c> alone sits in a
/// try with an IOException catch; those cases expect both.
/// </summary>
public class Dur008Tests
{
    internal const string Ignored = "ignored by the catch clause";
    internal const string Retried = "retried by the enclosing loop";

    internal static DiagnosticResult Dur008(string file, string how, int at = 0) =>
        V.Diagnostic(Descriptors.DUR008).WithLocation(at).WithArguments(file, how);

    internal static DiagnosticResult Discarded(string file, string function, int at = 0) =>
        Dur008(file, "never checked (the result of '" + function + "' is discarded)", at);

    internal static DiagnosticResult Dur014(string file, int at = 0) =>
        V.Diagnostic(Descriptors.DUR014).WithLocation(at).WithArguments(file, "this catch clause does not run for it");

    /// <summary>DurabilityException of the runtime library (the stubs lack it).</summary>
    internal const string DurabilityExceptionSource = @"
namespace DurableIO
{
    public class DurabilityException : System.IO.IOException
    {
        public DurabilityException(string message) : base(message) { }
    }
}";

    private static VerifyOptions Runtime() => new VerifyOptions().WithDurableRuntime().WithSource(DurabilityExceptionSource);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Local_stream_write_and_flush_in_try_whose_catch_only_logs()
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
            try
            {
                fs.Write(record, 0, record.Length);
                {|#0:fs.Flush(true)|};
            }
            catch (IOException e)
            {
                Console.WriteLine(""Warning: could not sync: "" + e.Message);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("fs", Ignored));
    }

    [Fact]
    public Task Field_stream_flushed_alone_with_an_untyped_catch()
    {
        const string source = @"
using System.IO;

class Log
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append);

    public void Commit()
    {
        try
        {
            {|#0:_stream.Flush(true)|};
        }
        catch
        {
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("_stream", Ignored), Dur014("_stream"));
    }

    [Fact]
    public Task Parameter_stream_FlushToDisk_with_a_DurabilityException_catch_that_returns()
    {
        const string source = @"
using System;
using System.IO;
using DurableIO;

class Store
{
    public void Commit(FileStream stream)
    {
        try
        {
            {|#0:stream.FlushToDisk()|};
        }
        catch (DurabilityException e)
        {
            Console.Error.WriteLine(e);
            return;
        }

        Console.WriteLine(""committed"");
    }
}";
        return V.AnalyzerAsync(source, Runtime(), Dur008("stream", Ignored));
    }

    [Fact]
    public Task Retry_loop_around_FlushToDisk()
    {
        const string source = @"
using System.IO;
using System.Threading;
using DurableIO;

class Store
{
    public void Commit(FileStream stream)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                {|#0:stream.FlushToDisk()|};
                break;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Runtime(), Dur008("stream", Retried));
    }

    [Fact]
    public Task Async_retry_loop_with_a_filter_on_the_attempt_count()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Store
{
    private readonly FileStream _log = new FileStream(""wal"", FileMode.Append);

    public async Task CommitAsync()
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                await {|#0:_log.FlushToDiskAsync()|};
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                attempt++;
                await Task.Delay(50);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Runtime(), Dur008("_log", Retried));
    }

    [Fact]
    public Task PInvoke_fsync_result_discarded_in_a_local_function()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

class Native
{
    [DllImport(""libc"", SetLastError = true)]
    private static extern int fsync(int fd);

    public void Write(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(data, 0, data.Length);
        Sync();

        void Sync()
        {
            stream.Flush();
            {|#0:fsync(stream.SafeFileHandle.DangerousGetHandle().ToInt32())|};
        }
    }
}";
        return V.AnalyzerAsync(source, Discarded("stream", "fsync"));
    }

    [Fact]
    public Task PInvoke_fsync_result_discarded_in_top_level_statements()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

using var stream = new FileStream(""data.bin"", FileMode.Create, FileAccess.Write);
stream.WriteByte(1);
stream.Flush();
_ = {|#0:Native.fsync((int)stream.SafeFileHandle.DangerousGetHandle())|};

static class Native
{
    [DllImport(""libc"", SetLastError = true)]
    public static extern int fsync(int fd);
}
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Discarded("stream", "fsync"));
    }

    [Fact]
    public Task PInvoke_FlushFileBuffers_in_an_expression_bodied_member()
    {
        const string source = @"
using System;
using System.Runtime.InteropServices;

class Native
{
    private IntPtr _handle;

    [DllImport(""kernel32.dll"", SetLastError = true)]
    private static extern bool FlushFileBuffers(IntPtr handle);

    public void Sync() => {|#0:FlushFileBuffers(_handle)|};
}";
        return V.AnalyzerAsync(source, Discarded("_handle", "FlushFileBuffers"));
    }

    [Fact]
    public Task Lambda_that_swallows_the_failure_of_a_captured_stream()
    {
        const string source = @"
using System;
using System.IO;

class Worker
{
    public Action MakeCommit(string path)
    {
        var fs = new FileStream(path, FileMode.Append, FileAccess.Write);
        return () =>
        {
            try
            {
                fs.WriteByte(0);
                {|#0:fs.Flush(true)|};
            }
            catch (Exception)
            {
                Console.WriteLine(""flush failed"");
            }
        };
    }
}";
        return V.AnalyzerAsync(source, Dur008("fs", Ignored));
    }

    [Fact]
    public Task FileInfo_stream_with_a_logger_in_the_catch()
    {
        const string source = @"
using System;
using System.IO;

interface ILog { void Warn(string message, Exception e); }

class Exporter
{
    private readonly ILog _log;
    public Exporter(ILog log) => _log = log;

    public void Export(FileInfo file, byte[] data)
    {
        using (var stream = file.OpenWrite())
        {
            stream.Write(data, 0, data.Length);
            try
            {
                stream.Flush();
                {|#0:stream.Flush(true)|};
            }
            catch (IOException e)
            {
                _log.Warn(""sync failed"", e);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("stream", Ignored));
    }

    [Fact]
    public Task Inner_catch_wraps_and_throws_and_outer_catch_swallows()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    public void Commit(FileStream fs)
    {
        try
        {
            fs.WriteByte(1);
            try
            {
                {|#0:fs.Flush(true)|};
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(""sync failed"", e);
            }
        }
        catch (Exception)
        {
            Console.WriteLine(""ignored"");
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("fs", Ignored), Dur014("fs"));
    }

    [Fact]
    public Task DurableFile_Sync_of_a_path_retried()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    public void Persist(string path)
    {
        var done = false;
        while (!done)
        {
            try
            {
                {|#0:DurableFile.Sync(path)|};
                done = true;
            }
            catch (IOException)
            {
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Runtime(), Dur008("path", Retried));
    }

    [Fact]
    public Task Helper_of_the_same_compilation_that_flushes_its_argument()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    private static void SafeSync(FileStream stream) => stream.Flush(true);

    public void Commit(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        fs.Write(data, 0, data.Length);
        try
        {
            {|#0:SafeSync(fs)|};
        }
        catch (IOException)
        {
            Console.WriteLine(""could not sync"");
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("fs", Ignored));
    }

    [Fact]
    public Task Stream_returned_by_a_property_is_named_by_its_expression()
    {
        const string source = @"
using System;
using System.IO;

class Segment
{
    public FileStream Current { get; } = new FileStream(""segment.log"", FileMode.Append);
}

class Log
{
    private readonly Segment _segment = new Segment();

    public void Commit()
    {
        try
        {
            _segment.Current.WriteByte(1);
            {|#0:_segment.Current.Flush(true)|};
        }
        catch (Exception e)
        {
            Console.WriteLine(e);
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("_segment.Current", Ignored), Dur014("_segment.Current"));
    }

    [Fact]
    public Task PInvoke_fsync_of_a_file_in_a_data_directory()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

class Wal
{
    private const int O_WRONLY = 1;

    [DllImport(""libc"", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport(""libc"", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport(""libc"", SetLastError = true)]
    private static extern int close(int fd);

    public void Sync(string dataDir)
    {
        var fd = open(Path.Combine(dataDir, ""wal.log""), O_WRONLY);
        {|#0:fsync(fd)|};
        close(fd);
    }
}";
        return V.AnalyzerAsync(source, Discarded("fd", "fsync"));
    }

    [Fact]
    public Task One_file_per_iteration_whose_failure_is_skipped()
    {
        const string source = @"
using System;
using System.IO;

class Exporter
{
    public void ExportAll(string[] paths, byte[] data)
    {
        foreach (var path in paths)
        {
            using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                try
                {
                    {|#0:fs.Flush(true)|};
                }
                catch (IOException e)
                {
                    Console.WriteLine(""skipping "" + path + "": "" + e.Message);
                }
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Dur008("fs", Ignored), Dur014("fs"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Catch_that_rethrows()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    public void Commit(FileStream fs)
    {
        fs.WriteByte(1);
        try
        {
            fs.Flush(true);
            fs.WriteByte(2);
        }
        catch (IOException e)
        {
            Console.WriteLine(e.Message);
            throw;
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Catch_that_wraps_and_throws()
    {
        const string source = @"
using System.IO;
using DurableIO;

class StoreCorruptedException : System.Exception
{
    public StoreCorruptedException(string message, System.Exception inner) : base(message, inner) { }
}

class Store
{
    public void Commit(FileStream fs)
    {
        try
        {
            fs.FlushToDisk();
        }
        catch (DurabilityException e)
        {
            throw new StoreCorruptedException(""The store's content is unknown"", e);
        }
    }
}";
        return V.AnalyzerAsync(source, Runtime());
    }

    [Fact]
    public Task Failed_directory_sync_ignored_is_accepted_practice()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;
using DurableIO;

class Store
{
    [DllImport(""libc"", SetLastError = true)]
    private static extern int open(string path, int flags);

    [DllImport(""libc"", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport(""libc"", SetLastError = true)]
    private static extern int close(int fd);

    public void SyncParent(string file)
    {
        try
        {
            DurableDirectory.Sync(Path.GetDirectoryName(file));
        }
        catch (IOException)
        {
        }
    }

    public static void SyncDirectory(string dir)
    {
        int fd = open(dir, 0);
        fsync(fd);
        close(fd);
    }

    public static void SyncFd(int dirFd)
    {
        fsync(dirFd);
    }

    public static void SyncParentOf(string path)
    {
        const int O_DIRECTORY = 0x10000;
        int fd = open(Path.GetFullPath(path + ""/.."") , O_DIRECTORY);
        fsync(fd);
        close(fd);
    }
}";
        return V.AnalyzerAsync(source, Runtime());
    }

    [Fact]
    public Task Catch_all_around_the_whole_save_that_logs_and_carries_on()
    {
        const string source = @"
using System;
using System.IO;

class Settings
{
    public void Save(string path, byte[] data)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
            fs.Write(data, 0, data.Length);
            {|#0:fs.Flush(true)|};
            Console.WriteLine(""Settings safely written to disk"");
        }
        catch (Exception e)
        {
            Console.WriteLine(""could not save settings: "" + e.Message);
        }
    }
}";
        return V.AnalyzerAsync(
            source,
            Dur008("fs", "logged and ignored by the catch-all clause"),
            V.Diagnostic(Descriptors.DUR014).WithLocation(0).WithArguments("fs", "the success reported after the flush is also reported when the data did not reach the disk"));
    }

    [Fact]
    public Task Try_around_the_whole_save_is_not_about_the_flush()
    {
        const string source = @"
using System;
using System.IO;

class Settings
{
    public bool Saved { get; private set; }

    public void Save(string path, byte[] data)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }
        catch (IOException e)
        {
            Console.WriteLine(""could not save settings: "" + e.Message);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Retry_that_reopens_and_rewrites_the_file()
    {
        const string source = @"
using System.IO;
using System.Threading;

class Settings
{
    public void Save(string path, byte[] data)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                try
                {
                    fs.Write(data, 0, data.Length);
                    fs.Flush(true);
                    return;
                }
                catch (IOException)
                {
                    Thread.Sleep(100);
                }
            }
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task PInvoke_result_checked()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

class Native
{
    [DllImport(""libc"", SetLastError = true)]
    private static extern int fsync(int fd);

    public void Sync(FileStream stream)
    {
        if (fsync(stream.SafeFileHandle.DangerousGetHandle().ToInt32()) != 0)
        {
            throw new IOException(""fsync failed"", Marshal.GetLastWin32Error());
        }

        var result = fsync(stream.SafeFileHandle.DangerousGetHandle().ToInt32());
        if (result < 0) throw new IOException();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Catch_that_reports_the_failure_to_the_caller_or_poisons_the_store()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    private readonly FileStream _fs = new FileStream(""db"", FileMode.OpenOrCreate);
    private Exception _failure;
    private bool _poisoned;

    public bool TryCommit()
    {
        try
        {
            _fs.WriteByte(1);
            _fs.Flush(true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Commit()
    {
        try
        {
            _fs.WriteByte(1);
            _fs.Flush(true);
        }
        catch (IOException e)
        {
            _failure = e;
        }
    }

    public void Commit2()
    {
        try
        {
            _fs.WriteByte(1);
            _fs.Flush(true);
        }
        catch (IOException)
        {
            _poisoned = true;
            Environment.FailFast(""store lost data"");
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Durable_write_in_a_swallowing_catch_rewrites_from_memory()
    {
        const string source = @"
using System;
using System.IO;
using DurableIO;

class Settings
{
    public void Save(string path, string json)
    {
        for (var i = 0; i < 3; i++)
        {
            try
            {
                DurableFile.WriteAllText(path, json);
                return;
            }
            catch (IOException)
            {
                Console.WriteLine(""retrying the whole write"");
            }
        }
    }
}";
        return V.AnalyzerAsync(source, Runtime());
    }

    [Fact]
    public Task Flush_to_the_OS_only_and_unrelated_catches()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    public void Commit(FileStream fs, StreamWriter writer)
    {
        try
        {
            writer.Flush();
            fs.Flush();
        }
        catch (IOException)
        {
        }

        try
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Filter_on_the_exception_picks_what_to_ignore()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    private const int EINVAL = 22;

    public void Commit(FileStream fs)
    {
        try
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }
        catch (IOException e) when (e.HResult == EINVAL)
        {
            Console.WriteLine(""file system without fsync"");
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Configured_directory_sync_helper_in_a_swallowing_catch()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Fs
    {
        public static void Sync(string path) { }
    }

    class Store
    {
        public void Commit(string path)
        {
            try
            {
                Fs.Sync(Path.GetDirectoryName(path));
            }
            catch (IOException)
            {
            }
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Fs.Sync(System.String)"));
    }

    [Fact]
    public Task Writer_over_a_MemoryStream_and_reads_only()
    {
        const string source = @"
using System;
using System.IO;

class Codec
{
    public byte[] Encode(string text, string path)
    {
        var memory = new MemoryStream();
        using (var writer = new StreamWriter(memory))
        {
            try
            {
                writer.Write(text);
                writer.Flush();
            }
            catch (IOException)
            {
            }
        }

        using (var reader = File.OpenRead(path))
        {
            try
            {
                reader.ReadByte();
                reader.Flush(true);
            }
            catch (IOException)
            {
            }
        }

        return memory.ToArray();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_of_the_same_compilation_that_rethrows_and_a_caller_that_rethrows()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    private static void SyncOrFail(FileStream stream)
    {
        try
        {
            stream.WriteByte(0);
            stream.Flush(true);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(""the store's content is unknown"", e);
        }
    }

    public void Commit(string path)
    {
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write);
        fs.WriteByte(1);
        try
        {
            SyncOrFail(fs);
        }
        catch (InvalidOperationException)
        {
            Console.WriteLine(""not durable"");
            throw;
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_listed_in_editorconfig_whose_failure_is_rethrown()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Fs
    {
        public static void Sync(FileStream stream) { }
    }

    class Store
    {
        public void Commit(FileStream fs)
        {
            fs.WriteByte(1);
            try
            {
                Fs.Sync(fs);
            }
            catch (IOException)
            {
                fs.Dispose();
                throw;
            }
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Fs.Sync(System.IO.FileStream)"));
    }

    [Fact]
    public Task Helper_listed_in_editorconfig_whose_failure_is_swallowed_is_reported()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Fs
    {
        public static void Sync(FileStream stream) { }
    }

    class Store
    {
        public void Commit(FileStream fs)
        {
            fs.WriteByte(1);
            try
            {
                {|#0:Fs.Sync(fs)|};
            }
            catch (IOException)
            {
            }
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Fs.Sync(System.IO.FileStream)"), Dur008("fs", Ignored));
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Retry_of_a_private_helper_that_writes_the_file_anew_but_not_of_one_that_only_syncs_it()
    {
        // WriteDurably writes from memory (FileMode.Create), like DurableFile.WriteAll*: running it again is a recovery.
        // SyncFile only fsyncs what is there: retrying it after a failed fsync can report success for lost data.
        const string source = @"
using System.IO;

class Store
{
    public void Save(string path, byte[] data)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                WriteDurably(path, data);
                break;
            }
            catch (IOException)
            {
            }
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                {|#0:SyncFile(path)|};
                break;
            }
            catch (IOException)
            {
            }
        }
    }

    private static void WriteDurably(string p, byte[] d)
    {
        using var fs = new FileStream(p, FileMode.Create);
        fs.Write(d, 0, d.Length);
        fs.Flush(true);
    }

    private static void SyncFile(string p)
    {
        using var fs = new FileStream(p, FileMode.Open, FileAccess.Write);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Dur008("path", Retried));
    }
}
