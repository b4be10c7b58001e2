using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushInLoopAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR003: a flush to disk on every iteration of a loop. Markup: <c>{|#0:…|}</c> is the flush (or the write-through
/// write), <c>{|#1:…|}</c> the loop, the diagnostic's additional location.
/// </summary>
public class Dur003Tests
{
    internal static DiagnosticResult Dur003(string name, int at = 0, int loop = 1) =>
        V.Diagnostic(Descriptors.DUR003).WithLocation(at).WithLocation(loop).WithArguments(name);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Local_stream_and_writer_flushed_to_disk_for_every_line()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Export
{
    void Write(string path, IReadOnlyList<string> lines)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        {|#1:for (var i = 0; i < lines.Count; i++)
        {
            writer.WriteLine(lines[i]);
            writer.Flush();
            {|#0:stream.Flush(true)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("stream"));
    }

    [Fact]
    public Task Field_stream_of_a_log_flushed_per_record()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Log
{
    private readonly FileStream _log = new FileStream(""log.bin"", FileMode.Append);

    public void AppendAll(IEnumerable<byte[]> records)
    {
        {|#1:foreach (var record in records)
        {
            _log.Write(record, 0, record.Length);
            {|#0:_log.Flush(true)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("_log"));
    }

    [Fact]
    public Task Parameter_stream_flushed_with_RandomAccess_in_a_while_loop()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Sink
{
    public static void Drain(FileStream fs, Queue<byte[]> queue)
    {
        {|#1:while (queue.Count > 0)
        {
            var item = queue.Dequeue();
            fs.Write(item);
            {|#0:RandomAccess.FlushToDisk(fs.SafeFileHandle)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("fs"));
    }

    [Fact]
    public Task Async_writer_FlushToDiskAsync_with_ConfigureAwait()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Export
{
    async Task WriteAsync(string path, IEnumerable<string> lines, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path);
        {|#1:foreach (var line in lines)
        {
            await writer.WriteLineAsync(line);
            await {|#0:writer.FlushToDiskAsync(ct)|}.ConfigureAwait(false);
        }|}
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur003("writer"));
    }

    [Fact]
    public Task Using_block_and_do_while_with_FlushToDisk_of_the_stream()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Journal
{
    void Fill(string path, byte[] block, int count)
    {
        using (var fs = File.OpenWrite(path))
        {
            var n = 0;
            {|#1:do
            {
                fs.Write(block, 0, block.Length);
                {|#0:fs.FlushToDisk()|};
                n++;
            }
            while (n < count);|}
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur003("fs"));
    }

    [Fact]
    public Task Try_finally_with_BinaryWriter_over_FileInfo_stream()
    {
        const string source = @"
using System.IO;

class Samples
{
    void Record(FileInfo file, double[] values)
    {
        var fs = file.Open(FileMode.Append, FileAccess.Write);
        var writer = new BinaryWriter(fs);
        try
        {
            {|#1:foreach (var v in values)
            {
                writer.Write(v);
                {|#0:fs.Flush(true)|};
            }|}
        }
        finally
        {
            writer.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source, Dur003("fs"));
    }

    [Fact]
    public Task Lambda_body_is_analyzed_on_its_own()
    {
        const string source = @"
using System;
using System.IO;

class Worker
{
    public Action<string, string[]> Save = (path, lines) =>
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var writer = new StreamWriter(fs);
        {|#1:foreach (var line in lines)
        {
            writer.WriteLine(line);
            writer.Flush();
            {|#0:fs.Flush(true)|};
        }|}
    };
}";
        return V.AnalyzerAsync(source, Dur003("fs"));
    }

    [Fact]
    public Task Local_function_with_a_fsync_helper_listed_in_editorconfig()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    static class Disk
    {
        public static void Sync(FileStream stream) { }
    }

    class Export
    {
        void Run(string path, byte[][] chunks)
        {
            WriteAll();

            void WriteAll()
            {
                using var fs = File.Create(path);
                {|#1:for (var i = 0; i < chunks.Length; i++)
                {
                    fs.Write(chunks[i], 0, chunks[i].Length);
                    {|#0:Disk.Sync(fs)|};
                }|}
            }
        }
    }
}";
        return V.AnalyzerAsync(
            source,
            new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Disk.Sync(System.IO.FileStream)"),
            Dur003("fs"));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"
using System.IO;

using var stream = new FileStream(""timing.txt"", FileMode.Create);
using var writer = new StreamWriter(stream);
{|#1:for (var i = 0; i < 300; i++)
{
    writer.WriteLine($""line {i}"");
    writer.Flush();
    {|#0:stream.Flush(true)|};
}|}
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur003("stream"));
    }

    [Fact]
    public Task Single_line_method_with_a_field_stream()
    {
        const string source = @"
using System.IO;

class Writer
{
    private readonly FileStream _fs = File.Create(""x"");

    public void WriteAll(byte[][] blocks) { {|#1:foreach (var b in blocks) { _fs.Write(b); {|#0:_fs.Flush(true)|}; }|} }

    public void Close() => _fs.Dispose();
}";
        return V.AnalyzerAsync(source, Dur003("_fs"));
    }

    [Fact]
    public Task Write_through_stream_written_in_a_loop()
    {
        const string source = @"
using System.IO;

class Log
{
    void Append(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        {|#1:foreach (var record in records)
        {
            {|#0:log.Write(record)|};
            log.Write(record);
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("log"));
    }

    [Fact]
    public Task Flush_inside_a_try_of_the_loop_body_without_exit_after_it()
    {
        const string source = @"
using System;
using System.IO;

class Log
{
    void Append(string path, string[] lines)
    {
        using var fs = new FileStream(path, FileMode.Append);
        using var w = new StreamWriter(fs);
        {|#1:foreach (var line in lines)
        {
            try
            {
                w.WriteLine(line);
                w.Flush();
                {|#0:fs.Flush(true)|};
            }
            catch (IOException e)
            {
                Console.WriteLine(e);
                throw;
            }
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("fs"));
    }

    [Fact]
    public Task Flush_under_a_flag_the_loop_never_changes()
    {
        const string source = @"
using System.IO;

class Timing
{
    private readonly bool _durable = true;

    void Write(string path, int count, bool useFsync)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        var verbose = count > 10;
        {|#1:for (var i = 0; i < count; i++)
        {
            writer.WriteLine($""Line {i}"");
            if (useFsync && !verbose)
            {
                writer.Flush();
                {|#0:stream.Flush(true)|};
            }
            else if (_durable)
            {
                {|#2:stream.Flush(true)|};
            }
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("stream"), Dur003("stream", at: 2));
    }

    [Fact]
    public Task Writer_with_leaveOpen_created_and_disposed_in_each_iteration()
    {
        const string source = @"
using System.IO;

class Log
{
    void Append(string path, string[] entries)
    {
        using var fs = new FileStream(path, FileMode.Append);
        {|#1:foreach (var entry in entries)
        {
            using (var w = new StreamWriter(fs, leaveOpen: true))
            {
                w.WriteLine(entry);
            }

            {|#0:fs.Flush(true)|};
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur003("fs"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Do_while_false_runs_once_and_a_stream_closed_in_the_loop()
    {
        const string source = @"
using System.IO;

class Saver
{
    void Save(string path, byte[] data, byte[][] records)
    {
        using var fs = File.Create(path);
        do
        {
            fs.Write(data);
            fs.Flush(true);
        }
        while (false);

        var other = File.Create(path + "".2"");
        foreach (var record in records)
        {
            other.Write(record);
            other.Flush(true);
            other.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }


    [Fact]
    public Task Flush_under_a_condition_that_changes_in_the_loop()
    {
        const string source = @"
using System.IO;

class Export
{
    void Write(string path, string[] lines, bool flag)
    {
        using var fs = File.Create(path);
        using var w = new StreamWriter(fs);
        var pending = 0;
        foreach (var line in lines)
        {
            w.WriteLine(line);
            pending++;
            if (pending > 64)
            {
                w.Flush();
                fs.Flush(true);
                pending = 0;
            }

            if (line.Length == 0 && flag)
            {
                fs.Flush(true);
            }

            flag = !flag;
            if (flag)
            {
                fs.Flush(true);
            }
        }
    }
}";
        return V.AnalyzerAsync(source);
    }


    [Fact]
    public Task Flush_after_the_loop()
    {
        const string source = @"
using System.IO;

class Export
{
    void Write(string path, string[] lines)
    {
        using var stream = new FileStream(path, FileMode.Create);
        using var writer = new StreamWriter(stream);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }

        writer.Flush();
        stream.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Stream_created_inside_the_loop_is_one_file_per_iteration()
    {
        const string source = @"
using System.IO;

class Export
{
    void Write(string dir, string[] names, byte[] data)
    {
        foreach (var name in names)
        {
            using var fs = new FileStream(Path.Combine(dir, name), FileMode.Create);
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task One_flush_per_batch_of_inner_loop_writes()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Batches
{
    void Write(string path, List<List<byte[]>> batches)
    {
        using var stream = File.Create(path);
        foreach (var batch in batches)
        {
            stream.WriteByte(0xFF); // batch header
            foreach (var record in batch)
            {
                stream.Write(record);
            }

            stream.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_every_hundred_records_is_batching()
    {
        const string source = @"
using System.IO;

class Export
{
    void Write(string path, byte[][] records)
    {
        using var fs = File.Create(path);
        for (var i = 0; i < records.Length; i++)
        {
            fs.Write(records[i]);
            if (i % 100 == 99)
            {
                fs.Flush(true);
            }
        }

        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Retry_loop_that_breaks_after_the_flush()
    {
        const string source = @"
using System.IO;
using System.Threading;

class Saver
{
    void Save(string path, byte[] data)
    {
        using var fs = File.Create(path);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                fs.Write(data);
                fs.Flush(true);
                break;
            }
            catch (IOException) when (attempt < 3)
            {
                Thread.Sleep(100);
            }
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Loop_that_only_flushes_without_writing()
    {
        const string source = @"
using System.IO;

class Syncer
{
    void Sync(string path, int times)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        for (var i = 0; i < times; i++)
        {
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Foreach_over_streams_flushes_a_different_stream_each_time()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Group
{
    void SyncAll(IEnumerable<FileStream> streams, byte[] trailer)
    {
        foreach (var fs in streams)
        {
            fs.Write(trailer);
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writes_by_a_helper_method_are_not_visible_per_record_writes()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Batches
{
    void Write(string path, List<string[]> batches)
    {
        using var fs = File.Create(path);
        using var w = new StreamWriter(fs);
        foreach (var batch in batches)
        {
            WriteBatch(w, batch);
            w.Flush();
            fs.Flush(true);
        }
    }

    static void WriteBatch(StreamWriter w, string[] batch)
    {
        foreach (var line in batch)
        {
            w.WriteLine(line);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Writer_over_a_MemoryStream_and_reads_only()
    {
        const string source = @"
using System.IO;

class Buffers
{
    void Fill(string path, string[] lines)
    {
        var memory = new MemoryStream();
        var writer = new StreamWriter(memory);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
            writer.Flush();
        }

        using var input = File.OpenRead(path);
        var buffer = new byte[4096];
        while (input.Read(buffer, 0, buffer.Length) > 0)
        {
            input.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Stream_reopened_in_the_loop_parameter_reassigned()
    {
        const string source = @"
using System.IO;

class Rotating
{
    void Write(FileStream fs, string dir, byte[][] records)
    {
        for (var i = 0; i < records.Length; i++)
        {
            fs = new FileStream(Path.Combine(dir, i + "".seg""), FileMode.Create);
            fs.Write(records[i]);
            fs.Flush(true);
            fs.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_to_disk_with_a_variable_flag_and_Flush_to_the_OS_in_the_loop()
    {
        const string source = @"
using System.IO;

class Export
{
    void Write(string path, byte[][] records, bool durable)
    {
        using var fs = File.Create(path);
        foreach (var record in records)
        {
            fs.Write(record);
            fs.Flush(durable);
            fs.Flush();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Write_through_stream_opened_inside_the_loop()
    {
        const string source = @"
using System.IO;

class Log
{
    void Append(string dir, byte[][] records)
    {
        foreach (var record in records)
        {
            using var log = new FileStream(Path.Combine(dir, ""r""), FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);
            log.Write(record);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task One_flush_per_copied_file_is_batching()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Bundle
{
    async Task ConcatAsync(string target, string[] parts)
    {
        await using var output = new FileStream(target, FileMode.Create);
        foreach (var part in parts)
        {
            await using var input = File.OpenRead(part);
            await input.CopyToAsync(output);
            output.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Stream_created_by_a_private_helper_flushed_to_disk_per_record()
    {
        const string source = @"
using System.IO;

class Recorder
{
    private static FileStream OpenLog(string path) => new FileStream(path, FileMode.Append, FileAccess.Write);

    public void Record(string path, byte[][] records)
    {
        using (var fs = OpenLog(path))
        {
            {|#1:foreach (var r in records)
            {
                fs.Write(r, 0, r.Length);
                {|#0:fs.Flush(true)|};
            }|}
        }
    }
}";
        return V.AnalyzerAsync(source, Dur003("fs"));
    }
}
