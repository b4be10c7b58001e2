using System.Linq;
using System.Threading.Tasks;
using DurableIO.CodeFixes;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur005Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer, DurableIO.CodeFixes.FlushDoesNotReachDiskCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR005 code fix: <c>Flush()</c> → <c>FlushToDisk()</c>, <c>FlushAsync(…)</c> → <c>FlushToDiskAsync(…)</c>. Fixed code
/// compiles warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur005CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Using_declaration_writer_in_a_block_namespace_adds_the_using_and_keeps_comments()
    {
        const string source = @"using System;
using System.IO;

namespace Bank
{
    class Ledger
    {
        void Commit(string path, string other)
        {
            using var writer = new StreamWriter(path);
            writer.WriteLine(""Critical transaction data"");
            // make it safe
            {|#0:writer.Flush()|}; // really?
            Console.WriteLine(""Data safely written to disk"");

            using var fs = new FileStream(other, FileMode.Create);
            fs.WriteByte(1);
            {|#1:fs /* the file */ .Flush()|};
        }
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

namespace Bank
{
    class Ledger
    {
        void Commit(string path, string other)
        {
            using var writer = new StreamWriter(path);
            writer.WriteLine(""Critical transaction data"");
            // make it safe
            writer.FlushToDisk(); // really?
            Console.WriteLine(""Data safely written to disk"");

            using var fs = new FileStream(other, FileMode.Create);
            fs.WriteByte(1);
            fs /* the file */ .FlushToDisk();
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur005("writer"), Dur005("fs", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_keeps_token_and_ConfigureAwait_in_a_file_scoped_namespace_with_existing_using()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Uploads;

class Store
{
    async Task SaveAsync(string path, byte[] payload, CancellationToken ct)
    {
        await using var stream = File.Create(path);
        await stream.WriteAsync(payload, ct);
        await {|#0:stream.FlushAsync(ct)|}.ConfigureAwait(false);
    }

    async Task NoteAsync(string path, string text, CancellationToken ct)
    {
        using var writer = new StreamWriter(path, append: true);
        await writer.WriteAsync(text);
        await {|#1:writer.FlushAsync(cancellationToken: ct)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Uploads;

class Store
{
    async Task SaveAsync(string path, byte[] payload, CancellationToken ct)
    {
        await using var stream = File.Create(path);
        await stream.WriteAsync(payload, ct);
        await stream.FlushToDiskAsync(ct).ConfigureAwait(false);
    }

    async Task NoteAsync(string path, string text, CancellationToken ct)
    {
        using var writer = new StreamWriter(path, append: true);
        await writer.WriteAsync(text);
        await writer.FlushToDiskAsync(cancellationToken: ct);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur005("stream"), Dur005("writer", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements_with_AppendText()
    {
        const string source = @"using System.IO;

using var log = File.AppendText(""app.log"");
log.WriteLine(""started"");
{|#0:log.Flush()|};
";
        const string fixedSource = @"using System.IO;
using DurableIO;

using var log = File.AppendText(""app.log"");
log.WriteLine(""started"");
log.FlushToDisk();
";
        var options = Strict();
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur005("log") }, fixedSource, options);
    }

    [Fact]
    public Task Try_finally_BinaryWriter_and_BufferedStream_and_FlushAsync_without_token()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;

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

    async Task SaveAsync(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var buffered = new BufferedStream(fs);
        await buffered.WriteAsync(data, 0, data.Length);
        await {|#1:buffered.FlushAsync()|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

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

            writer.FlushToDisk();
        }
        finally
        {
            writer.Dispose();
        }
    }

    async Task SaveAsync(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var buffered = new BufferedStream(fs);
        await buffered.WriteAsync(data, 0, data.Length);
        await buffered.FlushToDiskAsync();
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur005("writer"), Dur005("buffered", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Lambda_and_conditional_access_with_a_header_comment_and_no_usings_yet()
    {
        const string source = @"// Copyright header
class Jobs
{
    public System.Action<string, string> Save = (path, text) =>
    {
        var w = System.IO.File.CreateText(path);
        w.Write(text);
        w?{|#0:.Flush()|};
        w.Dispose();
    };
}
";
        const string fixedSource = @"// Copyright header
using DurableIO;

class Jobs
{
    public System.Action<string, string> Save = (path, text) =>
    {
        var w = System.IO.File.CreateText(path);
        w.Write(text);
        w?.FlushToDisk();
        w.Dispose();
    };
}
";
        return V.CodeFixAsync(source, new[] { Dur005("w") }, fixedSource, Strict());
    }

    [Fact]
    public Task No_fix_when_the_writer_is_over_a_compressor_or_typed_as_a_base_class()
    {
        const string source = @"using System.IO;
using System.IO.Compression;

class Archive
{
    void Save(string path, string text)
    {
        using var fs = File.Create(path);
        using var gzip = new GZipStream(fs, CompressionLevel.Optimal);
        using var writer = new StreamWriter(gzip);
        writer.Write(text);
        {|#0:writer.Flush()|};

        using var other = File.Create(path + "".2"");
        TextWriter text2 = new StreamWriter(other);
        text2.Write(text);
        {|#1:text2.Flush()|};
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur005("writer"), Dur005("text2", 1) }, source, Strict());
    }

    [Fact]
    public async Task Titles_say_when_the_package_is_needed_and_Flush_true_needs_nothing()
    {
        const string source = @"using System.IO;

class Saver
{
    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data);
        fs.Flush();
    }
}
";
        var fixer = new FlushDoesNotReachDiskCodeFixProvider();
        var without = await CodeFixProbe.OfferedAsync<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer>(source, fixer, withRuntime: false);
        Assert.Equal(
            new[] { "Flush to disk with FlushToDisk() (needs the DurableIO package)", "Flush to disk with Flush(true)" },
            without.Select(o => o.Title));
        var with = await CodeFixProbe.OfferedAsync<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer>(source, fixer);
        Assert.Equal(
            new[] { (FlushDoesNotReachDiskCodeFixProvider.FlushToDiskKey, "Flush to disk with FlushToDisk()"), (FlushDoesNotReachDiskCodeFixProvider.FlushTrueKey, "Flush to disk with Flush(true)") },
            with.Select(o => (o.EquivalenceKey!, o.Title)));
    }

    [Fact]
    public Task Flush_true_option_for_a_FileStream()
    {
        const string source = @"using System.IO;

class Saver
{
    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data);
        {|#0:fs.Flush( /* now */ )|}; // done
    }
}
";
        const string fixedSource = @"using System.IO;

class Saver
{
    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data);
        fs.Flush( /* now */ true); // done
    }
}
";
        var options = Strict();
        options.CodeActionEquivalenceKey = FlushDoesNotReachDiskCodeFixProvider.FlushTrueKey;
        return V.CodeFixAsync(source, new[] { Dur005("fs") }, fixedSource, options);
    }
}
