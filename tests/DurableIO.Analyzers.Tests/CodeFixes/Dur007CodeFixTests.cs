using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur007Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.NewFileDirectoryAnalyzer, DurableIO.CodeFixes.NewFileDirectoryNotSyncedCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR007 code fix: <c>DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!)</c> after the new file is closed.
/// Markup as in <see cref="Rules.Dur007Tests"/>: <c>#0</c> creation, <c>#1</c> path, <c>#2</c> close. Fixed code compiles
/// warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur007CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Using_block_in_a_block_namespace_keeps_comments()
    {
        const string source = @"using System.IO;

namespace Spool
{
    class Queue
    {
        public void Enqueue(string path, byte[] content)
        {
            // write the message
            {|#2:using (var stream = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew, FileAccess.Write)|})
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(true); // data on disk
            }|} // closed

            System.Console.WriteLine(""queued"");
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Spool
{
    class Queue
    {
        public void Enqueue(string path, byte[] content)
        {
            // write the message
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(true); // data on disk
            } // closed
            DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);

            System.Console.WriteLine(""queued"");
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_in_the_method_body_syncs_at_the_end_of_its_scope_in_a_file_scoped_namespace()
    {
        const string source = @"using System.IO;

namespace Spool;

class Queue
{
    public void Enqueue(string dir, string id, byte[] content)
    {
        {|#2:using var fs = {|#0:File.Create({|#1:Path.Combine(dir, id + "".msg"")|})|};|}
        fs.Write(content, 0, content.Length);
        fs.Flush(true);
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Spool;

class Queue
{
    public void Enqueue(string dir, string id, byte[] content)
    {
        using var fs = File.Create(Path.Combine(dir, id + "".msg""));
        fs.Write(content, 0, content.Length);
        fs.Flush(true);
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(dir, id + "".msg"")))!);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("Path.Combine(dir, id + \".msg\")") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_in_an_inner_block_syncs_after_the_block()
    {
        const string source = @"using System.IO;

class Queue
{
    public void Enqueue(string path, byte[] content)
    {
        {
            {|#2:using var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew)|};|}
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }

        System.Console.WriteLine(path);
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Queue
{
    public void Enqueue(string path, byte[] content)
    {
        {
            using var fs = new FileStream(path, FileMode.CreateNew);
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);

        System.Console.WriteLine(path);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_await_using_with_an_existing_using_DurableIO()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Queue
{
    public async Task EnqueueAsync(string path, byte[] content)
    {
        {|#2:await using (var fs = {|#0:new FileStream({|#1:path|}, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write })|})
        {
            await fs.WriteAsync(content, 0, content.Length);
            await fs.FlushToDiskAsync();
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Queue
{
    public async Task EnqueueAsync(string path, byte[] content)
    {
        await using (var fs = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }))
        {
            await fs.WriteAsync(content, 0, content.Length);
            await fs.FlushToDiskAsync();
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"using System.IO;

{|#2:using (var fs = {|#0:new FileStream({|#1:""order-1.json""|}, FileMode.CreateNew)|})
{
    fs.WriteByte(1);
    fs.Flush(true);
}|}
System.Console.WriteLine(""done"");
";
        const string fixedSource = @"using System.IO;
using DurableIO;

using (var fs = new FileStream(""order-1.json"", FileMode.CreateNew))
{
    fs.WriteByte(1);
    fs.Flush(true);
}
DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(""order-1.json""))!);
System.Console.WriteLine(""done"");
";
        var options = Strict();
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur007("\"order-1.json\"") }, fixedSource, options);
    }

    [Fact]
    public Task Try_finally_and_FileInfo_and_stacked_usings()
    {
        const string source = @"using System.IO;

class Ledger
{
    private readonly string _ledgerPath = ""ledger.txt"";

    public void Start(string header)
    {
        var fs = {|#0:new FileStream({|#1:_ledgerPath|}, FileMode.CreateNew)|};
        try
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }
        finally
        {
            {|#2:fs.Dispose()|};
        }
    }

    public void Create(FileInfo file, string text)
    {
        using (var fs = {|#3:{|#4:file|}.Create()|})
        {|#5:using (var w = new StreamWriter(fs))
        {
            w.Write(text);
            w.Flush();
            fs.Flush(true);
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Ledger
{
    private readonly string _ledgerPath = ""ledger.txt"";

    public void Start(string header)
    {
        var fs = new FileStream(_ledgerPath, FileMode.CreateNew);
        try
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }
        finally
        {
            fs.Dispose();
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(_ledgerPath))!);
    }

    public void Create(FileInfo file, string text)
    {
        using (var fs = file.Create())
        using (var w = new StreamWriter(fs))
        {
            w.Write(text);
            w.Flush();
            fs.Flush(true);
        }
        DurableDirectory.Sync(file.DirectoryName!);
    }
}
";
        var second = V.Diagnostic(Analyzers.Descriptors.DUR007).WithLocation(3).WithLocation(4).WithLocation(5)
            .WithArguments("file", "after a crash the file can be missing although its data was flushed to disk");
        return V.CodeFixAsync(source, new[] { Dur007("_ledgerPath"), second }, fixedSource, Strict());
    }

    [Fact]
    public Task Not_offered_where_the_place_or_the_path_is_not_exact()
    {
        // An early return skips the sync; a path reassigned after the create names another file; a path local declared
        // in the block that a using declaration closes is out of scope after that block.
        const string source = @"using System.IO;

class Queue
{
    public void A(string path, bool skip)
    {
        {|#2:using (var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew)|})
        {
            fs.Flush(true);
            if (skip)
            {
                return;
            }
        }|}
    }

    public void B(string path)
    {
        {|#5:using (var fs = {|#3:new FileStream({|#4:path|}, FileMode.CreateNew)|})
        {
            fs.Flush(true);
        }|}

        path = path + "".next"";
    }

    public void C(string dir)
    {
        {
            var p = Path.Combine(dir, ""x"");
            {|#8:using var fs = {|#6:new FileStream({|#7:p|}, FileMode.CreateNew)|};|}
            fs.Flush(true);
        }

        System.Console.WriteLine(dir);
    }
}
";
        const string consequence = "after a crash the file can be missing although its data was flushed to disk";
        return V.CodeFixAsync(
            source,
            new[]
            {
                Dur007("path"),
                V.Diagnostic(Analyzers.Descriptors.DUR007).WithLocation(3).WithLocation(4).WithLocation(5).WithArguments("path", consequence),
                V.Diagnostic(Analyzers.Descriptors.DUR007).WithLocation(6).WithLocation(7).WithLocation(8).WithArguments("p", consequence),
            },
            source,
            Strict());
    }
    [Fact]
    public Task Local_function_with_explicit_Close()
    {
        const string source = @"using System.IO;

class Spool
{
    public void EnqueueAll(string[] paths, byte[] content)
    {
        foreach (var p in paths)
        {
            Enqueue(p);
        }

        void Enqueue(string path)
        {
            var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)|};
            fs.Write(content, 0, content.Length);
            {|#2:fs.Close()|}; // closed
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Spool
{
    public void EnqueueAll(string[] paths, byte[] content)
    {
        foreach (var p in paths)
        {
            Enqueue(p);
        }

        void Enqueue(string path)
        {
            var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);
            fs.Write(content, 0, content.Length);
            fs.Close(); // closed
            DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path", fromCaller: true) }, fixedSource, Strict());
    }
    [Fact]
    public Task Using_declarations_in_a_method_ending_with_return_sync_before_the_return()
    {
        const string source = @"using System;
using System.Diagnostics;
using System.IO;

class Timing
{
    public static TimeSpan TestWrite(string path, int count, bool useFsync)
    {
        var watch = Stopwatch.StartNew();
        using var stream = {|#0:new FileStream({|#1:path|}, FileMode.Create, FileAccess.Write)|};
        {|#2:using var writer = new StreamWriter(stream);|}
        for (var i = 0; i < count; i++)
        {
            writer.WriteLine(i);
            if (useFsync)
            {
                writer.Flush();
                stream.Flush(true);
            }
        }

        return watch.Elapsed;
    }
}
";
        const string fixedSource = @"using System;
using System.Diagnostics;
using System.IO;
using DurableIO;

class Timing
{
    public static TimeSpan TestWrite(string path, int count, bool useFsync)
    {
        var watch = Stopwatch.StartNew();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        for (var i = 0; i < count; i++)
        {
            writer.WriteLine(i);
            if (useFsync)
            {
                writer.Flush();
                stream.Flush(true);
            }
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);

        return watch.Elapsed;
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path") }, fixedSource, Strict());
    }
    [Fact]
    public Task Created_inside_try_and_closed_with_a_null_conditional_Dispose_in_finally()
    {
        const string source = @"using System.IO;

class Spool
{
    public void Enqueue(string path, byte[] content)
    {
        FileStream fs = null;
        try
        {
            fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew)|};
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
        finally
        {
            fs?{|#2:.Dispose()|};
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Spool
{
    public void Enqueue(string path, byte[] content)
    {
        FileStream fs = null;
        try
        {
            fs = new FileStream(path, FileMode.CreateNew);
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
        finally
        {
            fs?.Dispose();
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path") }, fixedSource, Strict());
    }

    private const string ProbeSource = @"using System.IO;

class Queue
{
    public void Enqueue(string path, byte[] content)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
    }
}
";

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3, NullableContextOptions.Disable, "DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path)));")]
    [InlineData(LanguageVersion.Latest, NullableContextOptions.Enable, "DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);")]
    public async Task Fixed_code_compiles_warning_free_at_CSharp_7_3_and_with_nullable_enabled(LanguageVersion languageVersion, NullableContextOptions nullable, string expected)
    {
        var document = CodeFixProbe.CreateDocument(ProbeSource, languageVersion: languageVersion, nullable: nullable);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new DurableIO.Analyzers.Rules.NewFileDirectoryAnalyzer()));
        var offered = await CodeFixProbe.OfferedAsync(document, diagnostics, new DurableIO.CodeFixes.NewFileDirectoryNotSyncedCodeFixProvider());
        var fix = Assert.Single(offered);
        var fixedDocument = await CodeFixProbe.ApplyAsync(document, fix.Action);
        var text = (await fixedDocument.GetTextAsync()).ToString();
        Assert.Contains(expected, text, System.StringComparison.Ordinal);
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
    }

    [Fact]
    public async Task Title_says_the_package_is_needed_when_the_project_lacks_the_runtime()
    {
        var offered = await CodeFixProbe.OfferedAsync<DurableIO.Analyzers.Rules.NewFileDirectoryAnalyzer>(ProbeSource, new DurableIO.CodeFixes.NewFileDirectoryNotSyncedCodeFixProvider(), withRuntime: false);
        var fix = Assert.Single(offered);
        Assert.Equal("Sync the new file's directory after it is closed (DurableDirectory.Sync) (needs the DurableIO package)", fix.Title);
        Assert.Equal(DurableIO.CodeFixes.NewFileDirectoryNotSyncedCodeFixProvider.SyncDirectoryKey, fix.EquivalenceKey);
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task New_file_a_private_helper_creates_and_returns_syncs_the_directory_of_the_calls_argument()
    {
        const string source = @"using System.IO;

class Spool
{
    private static FileStream CreateEntry(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write);

    public void Enqueue(string path, byte[] content)
    {
        {|#2:using (var stream = {|#0:CreateEntry({|#1:path|})|})
        {
            stream.Write(content, 0, content.Length);
            stream.Flush(true);
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Spool
{
    private static FileStream CreateEntry(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write);

    public void Enqueue(string path, byte[] content)
    {
        using (var stream = CreateEntry(path))
        {
            stream.Write(content, 0, content.Length);
            stream.Flush(true);
        }
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur007("path") }, fixedSource, Strict());
    }
}
