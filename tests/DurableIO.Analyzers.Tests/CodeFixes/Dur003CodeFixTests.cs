using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur003Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushInLoopAnalyzer, DurableIO.CodeFixes.FlushInLoopCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR003 code fix: the flush to disk moves after the loop (with its comments). Fixed code compiles warning-free against
/// the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur003CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Using_declarations_in_a_block_namespace_keep_comments()
    {
        const string source = @"using System.Collections.Generic;
using System.IO;

namespace Export
{
    class Writer
    {
        void Write(string path, IReadOnlyList<string> lines)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            {|#1:for (var i = 0; i < lines.Count; i++)
            {
                writer.WriteLine(lines[i]);
                writer.Flush();
                // make the line durable
                {|#0:stream.Flush(true)|}; // fsync
            }|}

            System.Console.WriteLine(""done"");
        }
    }
}
";
        const string fixedSource = @"using System.Collections.Generic;
using System.IO;

namespace Export
{
    class Writer
    {
        void Write(string path, IReadOnlyList<string> lines)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            for (var i = 0; i < lines.Count; i++)
            {
                writer.WriteLine(lines[i]);
                writer.Flush();
            }
            // make the line durable
            stream.Flush(true); // fsync

            System.Console.WriteLine(""done"");
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("stream") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_FlushToDiskAsync_keeps_token_and_ConfigureAwait_in_a_file_scoped_namespace_with_existing_using()
    {
        const string source = @"using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Export;

class Writer
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
}
";
        const string fixedSource = @"using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Export;

class Writer
{
    async Task WriteAsync(string path, IEnumerable<string> lines, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path);
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(line);
        }
        await writer.FlushToDiskAsync(ct).ConfigureAwait(false);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("writer") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"using System.IO;

using var stream = new FileStream(""timing.txt"", FileMode.Create);
using var writer = new StreamWriter(stream);
{|#1:for (var i = 0; i < 300; i++)
{
    writer.WriteLine($""line {i}"");
    writer.Flush();
    {|#0:stream.Flush(true)|};
}|}
System.Console.WriteLine(""written"");
";
        const string fixedSource = @"using System.IO;

using var stream = new FileStream(""timing.txt"", FileMode.Create);
using var writer = new StreamWriter(stream);
for (var i = 0; i < 300; i++)
{
    writer.WriteLine($""line {i}"");
    writer.Flush();
}
stream.Flush(true);
System.Console.WriteLine(""written"");
";
        var options = Strict();
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur003("stream") }, fixedSource, options);
    }

    [Fact]
    public Task Flag_guarded_flush_keeps_its_guard_after_the_loop()
    {
        const string source = @"using System.IO;

class Timing
{
    void Write(string path, int count, bool useFsync)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        {|#1:for (var i = 0; i < count; i++)
        {
            writer.WriteLine($""Line {i}"");
            if (useFsync)
            {
                writer.Flush();
                {|#0:stream.Flush(true)|};
            }
        }|}
    }

    void Sync(string path, byte[][] records, bool durable)
    {
        using var fs = File.Create(path);
        {|#3:foreach (var record in records)
        {
            fs.Write(record);
            if (durable)
            {
                {|#2:fs.Flush(true)|};
            }
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;

class Timing
{
    void Write(string path, int count, bool useFsync)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        for (var i = 0; i < count; i++)
        {
            writer.WriteLine($""Line {i}"");
            if (useFsync)
            {
                writer.Flush();
            }
        }
        if (useFsync)
        {
            stream.Flush(true);
        }
    }

    void Sync(string path, byte[][] records, bool durable)
    {
        using var fs = File.Create(path);
        foreach (var record in records)
        {
            fs.Write(record);
        }
        if (durable)
        {
            fs.Flush(true);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("stream"), Dur003("fs", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task Flush_that_already_follows_the_loop_is_not_duplicated_and_FileInfo_stream_with_FlushToDisk()
    {
        const string source = @"using System.IO;
using DurableIO;

class Samples
{
    void Record(FileInfo file, double[] values)
    {
        using var fs = file.Open(FileMode.Append, FileAccess.Write);
        using var writer = new BinaryWriter(fs);
        {|#1:foreach (var v in values)
        {
            writer.Write(v);
            {|#0:fs.FlushToDisk()|};
        }|}
        fs.FlushToDisk();
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Samples
{
    void Record(FileInfo file, double[] values)
    {
        using var fs = file.Open(FileMode.Append, FileAccess.Write);
        using var writer = new BinaryWriter(fs);
        foreach (var v in values)
        {
            writer.Write(v);
        }
        fs.FlushToDisk();
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("fs") }, fixedSource, Strict());
    }

    [Fact]
    public Task Two_files_in_one_loop_and_a_field_in_a_while_loop()
    {
        const string source = @"using System.Collections.Generic;
using System.IO;

class Log
{
    private readonly FileStream _log = new FileStream(""log.bin"", FileMode.Append);

    void Mirror(string a, string b, byte[][] records)
    {
        using var first = File.Create(a);
        using var second = File.Create(b);
        {|#1:foreach (var record in records)
        {
            first.Write(record);
            second.Write(record);
            {|#0:first.Flush(true)|};
            {|#2:second.Flush(true)|};
        }|}
    }

    public void Drain(Queue<byte[]> queue)
    {
        {|#4:while (queue.Count > 0)
        {
            var item = queue.Dequeue();
            _log.Write(item);
            {|#3:RandomAccess.FlushToDisk(_log.SafeFileHandle)|};
        }|}
    }
}
";
        const string fixedSource = @"using System.Collections.Generic;
using System.IO;

class Log
{
    private readonly FileStream _log = new FileStream(""log.bin"", FileMode.Append);

    void Mirror(string a, string b, byte[][] records)
    {
        using var first = File.Create(a);
        using var second = File.Create(b);
        foreach (var record in records)
        {
            first.Write(record);
            second.Write(record);
        }
        first.Flush(true);
        second.Flush(true);
    }

    public void Drain(Queue<byte[]> queue)
    {
        while (queue.Count > 0)
        {
            var item = queue.Dequeue();
            _log.Write(item);
        }
        RandomAccess.FlushToDisk(_log.SafeFileHandle);
    }
}
";
        return V.CodeFixAsync(
            source, new[] { Dur003("first"), V.Diagnostic(Descriptors.DUR003).WithLocation(2).WithLocation(1).WithArguments("second"), Dur003("_log", 3, 4) }, fixedSource, Strict());
    }

    [Fact]
    public Task No_fix_when_the_loop_can_return_or_the_flush_uses_a_loop_variable_or_sits_in_a_try()
    {
        const string source = @"using System.IO;

class Export
{
    bool Write(string path, byte[][] records)
    {
        using var fs = File.Create(path);
        {|#1:foreach (var record in records)
        {
            if (record.Length == 0)
            {
                return false;
            }

            fs.Write(record);
            {|#0:fs.Flush(true)|};
        }|}

        return true;
    }

    void WriteAll(string path, string[] lines)
    {
        using var fs = File.Create(path);
        using var w = new StreamWriter(fs);
        {|#3:foreach (var line in lines)
        {
            try
            {
                w.WriteLine(line);
                w.Flush();
                {|#2:fs.Flush(true)|};
            }
            finally
            {
                System.Console.WriteLine(line);
            }
        }|}
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur003("fs"), Dur003("fs", 2, 3) }, source, Strict());
    }

    [Fact]
    public async Task Title_says_the_durability_point_moves_and_needs_no_package()
    {
        const string source = @"using System.IO;

class Export
{
    void Write(string path, byte[][] records)
    {
        using var fs = File.Create(path);
        foreach (var record in records)
        {
            fs.Write(record);
            fs.Flush(true);
        }
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<DurableIO.Analyzers.Rules.FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider(), withRuntime: false);
        var only = Assert.Single(offered);
        Assert.Equal("Move the flush to disk after the loop (the durability point moves to the end of the loop)", only.Title);
        Assert.Equal(FlushInLoopCodeFixProvider.MoveAfterLoopKey, only.EquivalenceKey);
    }
}
