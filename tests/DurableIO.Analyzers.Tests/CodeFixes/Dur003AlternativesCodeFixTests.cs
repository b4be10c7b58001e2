using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur003Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushInLoopAnalyzer, DurableIO.CodeFixes.FlushInLoopCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR003's options beyond the flush move (issue 13): "Append through DurableLog" for a per-record flush of an append-mode
/// log, and "Open without WriteThrough and flush to disk once after the loop" for writes to a write-through stream.
/// </summary>
public class Dur003AlternativesCodeFixTests
{
    private static VerifyOptions Strict(string? key = null) =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings, CodeActionEquivalenceKey = key };

    [Fact]
    public Task DurableLog_replaces_an_append_mode_stream_with_a_using_declaration_and_Fix_All_fixes_both_methods()
    {
        const string source = @"using System.IO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        // one record per line of business
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        {|#1:foreach (var record in records)
        {
            log.Write(record); // the record
            {|#0:log.Flush(true)|};
        }|}
    }

    void AppendAll(string path, byte[][] records)
    {
        using (FileStream log = File.Open(path, FileMode.Append))
        {
            {|#3:for (var i = 0; i < records.Length; i++)
            {
                var record = records[i];
                log.Write(record, 0, record.Length);
                {|#2:log.Flush(true)|};
            }|}
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        // one record per line of business
        using var log = DurableLog.Open(path);
        foreach (var record in records)
        {
            log.Append(record); // the record
        }
    }

    void AppendAll(string path, byte[][] records)
    {
        using (DurableLog log = DurableLog.Open(path))
        {
            for (var i = 0; i < records.Length; i++)
            {
                var record = records[i];
                log.Append(record);
            }
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("log"), Dur003("log", 2, 3) }, fixedSource, Strict(FlushInLoopCodeFixProvider.DurableLogKey));
    }

    [Fact]
    public Task DurableLog_async_keeps_token_and_ConfigureAwait_with_CRLF()
    {
        const string source = "using System.IO;\r\nusing System.Threading;\r\nusing System.Threading.Tasks;\r\nusing DurableIO;\r\n\r\nclass Journal\r\n{\r\n    async Task AppendAsync(string path, byte[][] records, CancellationToken ct)\r\n    {\r\n        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);\r\n        {|#1:foreach (var record in records)\r\n        {\r\n            await log.WriteAsync(record, 0, record.Length, ct).ConfigureAwait(false);\r\n            await {|#0:log.FlushToDiskAsync(ct)|}.ConfigureAwait(false);\r\n        }|}\r\n    }\r\n\r\n    async Task AppendMemoryAsync(string path, ReadOnlyMemory<byte>[] records)\r\n    {\r\n        using var log = File.Open(path, FileMode.Append, FileAccess.Write);\r\n        {|#3:foreach (var record in records)\r\n        {\r\n            await log.WriteAsync(record);\r\n            {|#2:log.FlushToDisk()|};\r\n        }|}\r\n    }\r\n}\r\n";
        const string fixedSource = "using System.IO;\r\nusing System.Threading;\r\nusing System.Threading.Tasks;\r\nusing DurableIO;\r\n\r\nclass Journal\r\n{\r\n    async Task AppendAsync(string path, byte[][] records, CancellationToken ct)\r\n    {\r\n        using var log = DurableLog.Open(path);\r\n        foreach (var record in records)\r\n        {\r\n            await log.AppendAsync(record, ct).ConfigureAwait(false);\r\n        }\r\n    }\r\n\r\n    async Task AppendMemoryAsync(string path, ReadOnlyMemory<byte>[] records)\r\n    {\r\n        using var log = DurableLog.Open(path);\r\n        foreach (var record in records)\r\n        {\r\n            await log.AppendAsync(record);\r\n        }\r\n    }\r\n}\r\n";
        return V.CodeFixAsync(
            source.Replace("ReadOnlyMemory<byte>", "System.ReadOnlyMemory<byte>"),
            new[] { Dur003("log"), Dur003("log", 2, 3) },
            fixedSource.Replace("ReadOnlyMemory<byte>", "System.ReadOnlyMemory<byte>"),
            Strict(FlushInLoopCodeFixProvider.DurableLogKey));
    }

    [Fact]
    public Task Write_through_stream_opens_without_WriteThrough_and_flushes_once_after_the_loop_by_default()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Journal
{
    void Append(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        {|#1:foreach (var record in records)
        {
            {|#0:log.Write(record)|};
        }|}

        System.Console.WriteLine(""done"");
    }

    async Task CopyAsync(string path, byte[][] blocks, CancellationToken ct)
    {
        using (var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous | FileOptions.WriteThrough))
        {
            {|#3:foreach (var block in blocks)
            {
                await {|#2:target.WriteAsync(block, ct)|};
            }|}
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
        foreach (var record in records)
        {
            log.Write(record);
        }
        log.FlushToDisk();

        System.Console.WriteLine(""done"");
    }

    async Task CopyAsync(string path, byte[][] blocks, CancellationToken ct)
    {
        using (var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            foreach (var block in blocks)
            {
                await target.WriteAsync(block, ct);
            }
            await target.FlushToDiskAsync(ct);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("log"), Dur003("target", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task Write_through_append_log_can_go_through_DurableLog()
    {
        const string source = @"using System.IO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        {|#1:foreach (var record in records)
        {
            {|#0:log.Write(record)|};
        }|}

        log.Dispose();
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        var log = DurableLog.Open(path);
        foreach (var record in records)
        {
            log.Append(record);
        }

        log.Dispose();
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("log") }, fixedSource, Strict(FlushInLoopCodeFixProvider.DurableLogKey));
    }

    [Fact]
    public async Task The_flush_move_is_offered_first_and_DurableLog_second_with_honest_titles()
    {
        const string source = @"using System.IO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        foreach (var record in records)
        {
            log.Write(record);
            log.Flush(true);
        }
    }

    void WriteThrough(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        foreach (var record in records)
        {
            log.Write(record);
        }
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider());
        Assert.Equal(
            new[] { FlushInLoopCodeFixProvider.MoveAfterLoopKey, FlushInLoopCodeFixProvider.DurableLogKey, FlushInLoopCodeFixProvider.MoveAfterLoopKey, FlushInLoopCodeFixProvider.DurableLogKey },
            offered.Select(o => o.EquivalenceKey).ToArray());
        Assert.Equal(FlushInLoopCodeFixProvider.Title, offered[0].Title);
        Assert.Equal(FlushInLoopAlternatives.DurableLogTitle, offered[1].Title);
        Assert.Equal(FlushInLoopAlternatives.WithoutWriteThroughTitle, offered[2].Title);
        Assert.Contains("changes the file format", offered[1].Title, System.StringComparison.Ordinal);
        Assert.Contains("DurableLog.ReadAll", offered[1].Title, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log.Write(record);", "log.Seek(0, SeekOrigin.End);")]
    [InlineData("log.Write(record);", "System.Console.WriteLine(log.Position);")]
    [InlineData("log.Write(record);", "Audit(log);")]
    [InlineData("log.Write(record);", "log.WriteByte(10);")]
    [InlineData("log.Write(record, 1, record.Length - 1);", "")]
    public async Task DurableLog_is_not_offered_when_the_stream_is_used_otherwise(string write, string other)
    {
        var source = @"using System.IO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        foreach (var record in records)
        {
            " + write + @"
            " + other + @"
            log.Flush(true);
        }
    }

    static void Audit(Stream stream) { }
}
";
        await OnlyTheMoveAsync(source);
    }

    [Theory]
    [InlineData("new FileStream(path, FileMode.Create, FileAccess.Write)")]
    [InlineData("new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write)")]
    [InlineData("File.OpenWrite(path)")]
    [InlineData("File.Create(path)")]
    [InlineData("new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.DeleteOnClose)")]
    public async Task DurableLog_is_not_offered_when_the_file_is_not_opened_in_append_mode(string open)
    {
        var source = @"using System.IO;

class Journal
{
    void Append(string path, byte[][] records)
    {
        using var log = " + open + @";
        foreach (var record in records)
        {
            log.Write(record);
            log.Flush(true);
        }
    }
}
";
        await OnlyTheMoveAsync(source);
    }

    [Fact]
    public async Task DurableLog_is_not_offered_for_a_text_writer_or_a_header_written_before_the_loop()
    {
        const string source = @"using System.IO;

class Journal
{
    void Lines(string path, string[] lines)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(log);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
            writer.Flush();
            log.Flush(true);
        }
    }

    void Header(string path, byte[] header, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        log.Write(header);
        foreach (var record in records)
        {
            log.Write(record);
            log.Flush(true);
        }
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider());
        Assert.Equal(2, offered.Count);
        Assert.All(offered, o => Assert.Equal(FlushInLoopCodeFixProvider.MoveAfterLoopKey, o.EquivalenceKey));
    }

    [Fact]
    public async Task Write_through_fix_is_not_offered_when_the_stream_is_written_outside_the_loop()
    {
        const string source = @"using System.IO;

class Journal
{
    void Append(string path, byte[] header, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        foreach (var record in records)
        {
            log.Write(record);
        }

        log.Write(header);
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider());
        Assert.Empty(offered);
    }

    [Fact]
    public async Task DurableLog_is_never_offered_first_no_action_when_the_move_is_not_exact()
    {
        const string source = @"using System.IO;

class Journal
{
    bool Append(string path, byte[][] records)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        foreach (var record in records)
        {
            if (record.Length == 0)
            {
                return false;
            }

            log.Write(record);
            log.Flush(true);
        }

        return true;
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider());
        Assert.Empty(offered);
    }

    [Fact]
    public Task DurableLog_with_await_using_and_a_switch_section()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;

class Journal
{
    async Task AppendAsync(string path, byte[][] records, int mode)
    {
        switch (mode)
        {
            case 1:
                await using (var log = new FileStream(path, FileMode.Append))
                {
                    {|#1:foreach (var record in records)
                    {
                        await log.WriteAsync(record);
                        {|#0:log.Flush(true)|};
                    }|}
                }

                break;
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Journal
{
    async Task AppendAsync(string path, byte[][] records, int mode)
    {
        switch (mode)
        {
            case 1:
                await using (var log = DurableLog.Open(path))
                {
                    foreach (var record in records)
                    {
                        await log.AppendAsync(record);
                    }
                }

                break;
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("log") }, fixedSource, Strict(FlushInLoopCodeFixProvider.DurableLogKey));
    }

    private static async Task OnlyTheMoveAsync(string source)
    {
        var offered = await CodeFixProbe.OfferedAsync<FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider());
        var only = Assert.Single(offered);
        Assert.Equal(FlushInLoopCodeFixProvider.MoveAfterLoopKey, only.EquivalenceKey);
    }
}
