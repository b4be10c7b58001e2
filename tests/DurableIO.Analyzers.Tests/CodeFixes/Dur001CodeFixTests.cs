using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur001Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer, DurableIO.CodeFixes.RenameBeforeFlushCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR001 code fix: collapse <c>File.WriteAll*(tmp)</c> + <c>File.Move(tmp, target, overwrite: true)</c> into
/// <c>DurableFile.WriteAll*(target)</c>, else use <c>DurableFile.Move</c>/<c>Replace</c>. The fixed code is compiled against the
/// real DurableIO runtime (warnings included where the source is warning-free), and Fix All is checked by the verifier.
/// </summary>
public class Dur001CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings, FixedDiagnosticsAreExplicit = true };

    [Fact]
    public Task Collapse_in_block_namespace_adds_the_using_keeps_every_comment_and_removes_the_temporary()
    {
        const string source = @"using System;
using System.IO;

namespace Settings
{
    static class Store
    {
        public static void Replace(string fileName, string content)
        {
            // Write next to the target first
            var tempName = fileName + /* same directory */ "".tmp"";
            {|#1:File.WriteAllText(tempName, content)|}; // UTF-8, no BOM

            // Rename is atomic: readers see either the old or the new file
            {|#0:File.Move(tempName, fileName, overwrite: true)|};

            Console.WriteLine(""replaced"");
        }
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

namespace Settings
{
    static class Store
    {
        public static void Replace(string fileName, string content)
        {
            // Write next to the target first
            // UTF-8, no BOM
            // Rename is atomic: readers see either the old or the new file
            /* same directory */
            DurableFile.WriteAllText(fileName, content);

            Console.WriteLine(""replaced"");
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tempName", "fileName"), Dur002("fileName") }, fixedSource, Strict());
    }

    [Fact]
    public Task Collapse_async_keeps_argument_names_token_and_ConfigureAwait_in_file_scoped_namespace_with_existing_using()
    {
        const string source = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace App.Storage;

sealed class Snapshot
{
    public async Task SaveAsync(string path, string json, CancellationToken ct)
    {
        var tmp = path + "".new"";
        Console.WriteLine(tmp);
        await {|#1:File.WriteAllTextAsync(path: tmp, contents: json, cancellationToken: ct)|}.ConfigureAwait(false);
        {|#0:File.Move(tmp, path, true)|};
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace App.Storage;

sealed class Snapshot
{
    public async Task SaveAsync(string path, string json, CancellationToken ct)
    {
        var tmp = path + "".new"";
        Console.WriteLine(tmp);
        await DurableFile.WriteAllTextAsync(path: path, contents: json, cancellationToken: ct).ConfigureAwait(false);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "path"), Dur002("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Collapse_twice_in_top_level_statements_with_Fix_All()
    {
        const string source = @"using System.IO;

{|#1:File.WriteAllText(""a.json.tmp"", ""{}"")|};
{|#0:File.Move(""a.json.tmp"", ""a.json"", overwrite: true)|};
{|#3:File.WriteAllBytes(""b.bin.tmp"", new byte[] { 1, 2 })|};
{|#2:File.Move(""b.bin.tmp"", ""b.bin"", overwrite: true)|};
";
        const string fixedSource = @"using System.IO;
using DurableIO;

DurableFile.WriteAllText(""a.json"", ""{}"");
DurableFile.WriteAllBytes(""b.bin"", new byte[] { 1, 2 });
";
        var options = Strict().AsConsoleApplication();
        return V.CodeFixAsync(
            source,
            new[]
            {
                Dur001("\"a.json.tmp\"", "\"a.json\""), Dur002("\"a.json\""),
                Dur001("\"b.bin.tmp\"", "\"b.bin\"", at: 2, write: 3), Dur002("\"b.bin\"", at: 2),
            },
            fixedSource,
            options);
    }

    [Fact]
    public Task Collapse_WriteAllLines_with_encoding_through_using_static()
    {
        const string source = @"using System.Collections.Generic;
using System.Text;
using static System.IO.File;

class Report
{
    void Save(string target, IEnumerable<string> lines)
    {
        var tmp = target + "".new"";
        {|#1:WriteAllLines(tmp, lines, Encoding.Latin1)|};
        {|#0:Move(tmp, target, overwrite: true)|};
    }
}
";
        const string fixedSource = @"using System.Collections.Generic;
using System.Text;
using DurableIO;
using static System.IO.File;

class Report
{
    void Save(string target, IEnumerable<string> lines)
    {
        DurableFile.WriteAllLines(target, lines, Encoding.Latin1);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "target"), Dur002("target") }, fixedSource, Strict());
    }

    [Fact]
    public async Task A_Path_GetTempFileName_temporary_goes_with_the_collapse()
    {
        // The file GetTempFileName creates was moved away by the original code: dropping the call leaves the same files behind.
        const string source = @"using System.IO;

class Document
{
    void Save(string target, string json)
    {
        var tmp = Path.GetTempFileName();
        File.WriteAllText(tmp, json);
        File.Move(tmp, target, overwrite: true);
    }
}";
        var document = CodeFixProbe.CreateDocument(source);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new RenameAnalyzer()));
        var offered = await CodeFixProbe.OfferedAsync(document, diagnostics, new RenameBeforeFlushCodeFixProvider());
        var collapse = offered.Single(o => o.EquivalenceKey == RenameBeforeFlushCodeFixProvider.WriteDirectlyKey);
        var fixedDocument = await CodeFixProbe.ApplyAsync(document, collapse.Action);

        Assert.Equal(
            @"using System.IO;
using DurableIO;

class Document
{
    void Save(string target, string json)
    {
        DurableFile.WriteAllText(target, json);
    }
}",
            (await fixedDocument.GetTextAsync()).ToString());
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
    }

    [Fact]
    public Task Collapse_keeps_the_comments_inside_the_dropped_rename_and_path()
    {
        const string source = @"using System.IO;

class Settings
{
    void Save(string path, string json)
    {
        {|#1:File.WriteAllText(path + /* same dir */ "".tmp"", /* pretty */ json)|};
        {|#0:File.Move(path + "".tmp"", /* the real one */ path, overwrite: /* replace */ true)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Settings
{
    void Save(string path, string json)
    {
        /* the real one */
        /* replace */
        /* same dir */
        DurableFile.WriteAllText(path, /* pretty */ json);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("path + \".tmp\"", "path"), Dur002("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task A_temporary_declared_further_up_stays()
    {
        const string source = @"using System;
using System.IO;

class Settings
{
    void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        Console.WriteLine(""saving"");
        {|#1:File.WriteAllText(tmp, json)|};
        {|#0:File.Move(tmp, path, overwrite: true)|};
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Settings
{
    void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        Console.WriteLine(""saving"");
        DurableFile.WriteAllText(path, json);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "path"), Dur002("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Second_option_keeps_the_write_and_makes_the_rename_durable()
    {
        const string source = @"using System.IO;

class Settings
{
    void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        {|#1:File.WriteAllText(tmp, json)|};
        {|#0:File.Move(tmp, path, overwrite: true)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Settings
{
    void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        File.WriteAllText(tmp, json);
        DurableFile.Move(tmp, path, overwrite: true);
    }
}
";
        var options = Strict();
        options.CodeActionEquivalenceKey = RenameBeforeFlushCodeFixProvider.DurableRenameKey;
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "path"), Dur002("path") }, fixedSource, options);
    }

    [Fact]
    public Task Stream_written_in_a_using_block_then_File_Replace_with_comments_everywhere()
    {
        const string source = @"using System.IO;

class Journal
{
    void Commit(string tmp, string target, byte[] data)
    {
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            {|#1:fs.Write(data, 0, data.Length)|};
        }

        /* swap in */ {|#0:File.Replace(tmp, /* keep */ target, target + "".bak"")|}; // done
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Journal
{
    void Commit(string tmp, string target, byte[] data)
    {
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
        }

        /* swap in */ DurableFile.Replace(tmp, /* keep */ target, target + "".bak""); // done
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "target"), Dur002("target") }, fixedSource, Strict());
    }

    [Fact]
    public Task FileInfo_MoveTo_not_used_afterwards_with_usings_inside_the_namespace()
    {
        const string source = @"namespace Export
{
    using System.IO;

    class Exporter
    {
        public void Export(string path, string csv)
        {
            var tmp = new FileInfo(path + "".part"");
            using (var writer = tmp.CreateText())
            {
                {|#1:writer.Write(csv)|};
                writer.Flush();
            }

            {|#0:tmp.MoveTo(path)|};
        }
    }
}
";
        const string fixedSource = @"namespace Export
{
    using System.IO;
    using DurableIO;

    class Exporter
    {
        public void Export(string path, string csv)
        {
            var tmp = new FileInfo(path + "".part"");
            using (var writer = tmp.CreateText())
            {
                writer.Write(csv);
                writer.Flush();
            }

            DurableFile.Move(tmp.FullName, path);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_scope_that_ends_before_the_rename_and_a_move_without_overwrite_under_nullable()
    {
        const string source = @"#nullable enable
using System.IO;
using System.Threading.Tasks;

class Exporter
{
    public async Task ExportAsync(string dir, byte[] data)
    {
        var tmp = Path.Combine(dir, ""export.tmp"");
        {
            await using var fs = File.Create(tmp);
            await {|#1:fs.WriteAsync(data)|};
        }

        {|#0:File.Move(tmp, Path.Combine(dir, ""export.bin""))|};
    }
}
";
        const string fixedSource = @"#nullable enable
using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Exporter
{
    public async Task ExportAsync(string dir, byte[] data)
    {
        var tmp = Path.Combine(dir, ""export.tmp"");
        {
            await using var fs = File.Create(tmp);
            await fs.WriteAsync(data);
        }

        DurableFile.Move(tmp, Path.Combine(dir, ""export.bin""));
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "Path.Combine(dir, \"export.bin\")") }, fixedSource, Strict());
    }

    [Fact]
    public Task Stream_closed_in_finally_and_AppendAllText_in_a_lambda_fixed_together()
    {
        const string source = @"using System;
using System.IO;

class Journal
{
    public Action<string, string> Save = (path, text) =>
    {
        {|#3:File.AppendAllText(path + "".tmp"", text)|};
        {|#2:File.Move(path + "".tmp"", path)|};
    };

    public void Commit(string dir, long[] values)
    {
        var tmp = Path.Combine(dir, ""journal.tmp"");
        var fs = File.Create(tmp);
        var writer = new BinaryWriter(fs);
        try
        {
            foreach (var v in values)
            {
                {|#1:writer.Write(v)|};
            }
        }
        finally
        {
            writer.Dispose();
        }

        {|#0:File.Move(tmp, Path.Combine(dir, ""journal""))|};
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Journal
{
    public Action<string, string> Save = (path, text) =>
    {
        File.AppendAllText(path + "".tmp"", text);
        DurableFile.Move(path + "".tmp"", path);
    };

    public void Commit(string dir, long[] values)
    {
        var tmp = Path.Combine(dir, ""journal.tmp"");
        var fs = File.Create(tmp);
        var writer = new BinaryWriter(fs);
        try
        {
            foreach (var v in values)
            {
                writer.Write(v);
            }
        }
        finally
        {
            writer.Dispose();
        }

        DurableFile.Move(tmp, Path.Combine(dir, ""journal""));
    }
}
";
        return V.CodeFixAsync(
            source,
            new[] { Dur001("path + \".tmp\"", "path", at: 2, write: 3), Dur001("tmp", "Path.Combine(dir, \"journal\")") },
            fixedSource,
            Strict());
    }

    // ------------------------------------------------------------------ not offered where the rewrite would not be exact

    [Fact]
    public async Task Nothing_is_offered_while_a_using_declaration_keeps_the_writer_open_at_the_rename()
    {
        const string source = @"using System.IO;

class Writer
{
    public static void Write(string path, string text)
    {
        string tmp = Path.ChangeExtension(path, "".tmp"");
        using var writer = new StreamWriter(tmp);
        writer.Write(text);
        File.Move(Path.ChangeExtension(path, "".tmp""), path);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Empty(offered);
    }

    [Fact]
    public async Task Nothing_is_offered_when_the_writer_leaves_the_stream_open()
    {
        const string source = @"using System.IO;
using System.Text;

class Writer
{
    public static void Write(string tmp, string path, string text)
    {
        var fs = new FileStream(tmp, FileMode.Create);
        using (var writer = new StreamWriter(fs, Encoding.UTF8, 1024, leaveOpen: true))
        {
            writer.Write(text);
        }

        File.Move(tmp, path);
        fs.Dispose();
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Empty(offered);
    }

    [Fact]
    public async Task FileInfo_used_after_MoveTo_is_not_rewritten()
    {
        const string source = @"using System;
using System.IO;

class Exporter
{
    public void Export(string path, string csv)
    {
        var tmp = new FileInfo(path + "".part"");
        using (var writer = tmp.CreateText())
        {
            writer.Write(csv);
        }

        tmp.MoveTo(path);
        Console.WriteLine(tmp.FullName);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Empty(offered);
    }

    [Fact]
    public async Task Move_without_overwrite_or_a_statement_in_between_is_not_collapsed()
    {
        const string source = @"using System;
using System.IO;

class Settings
{
    void A(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        File.Move(path + "".tmp"", path);
    }

    void B(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        Console.WriteLine(json);
        File.Move(path + "".tmp"", path, overwrite: true);
    }

    void C(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        File.Move(path + "".tmp"", Next(path), overwrite: true);
    }

    static string Next(string path) => path + ""2"";
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Equal(3, offered.Count);
        Assert.All(offered, o => Assert.Equal(RenameBeforeFlushCodeFixProvider.DurableRenameKey, o.EquivalenceKey));
    }

    [Fact]
    public async Task Fix_All_with_the_collapse_key_makes_the_renames_that_cannot_collapse_durable_too()
    {
        // dotnet format applies the first offered option's key to every occurrence: no occurrence may be left behind.
        const string source = @"using System.IO;

class Settings
{
    void A(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        File.Move(path + "".tmp"", path, overwrite: true);
    }

    void B(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        File.Move(path + "".tmp"", path);
    }
}";
        var document = CodeFixProbe.CreateDocument(source);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new RenameAnalyzer()));
        Assert.Equal(2, diagnostics.Count(d => d.Id == "DUR001"));
        var fixedDocument = await CodeFixProbe.FixAllAsync(document, diagnostics, new RenameBeforeFlushCodeFixProvider(), RenameBeforeFlushCodeFixProvider.WriteDirectlyKey);
        var text = (await fixedDocument.GetTextAsync()).ToString();

        Assert.Equal(
            @"using System.IO;
using DurableIO;

class Settings
{
    void A(string path, string json)
    {
        DurableFile.WriteAllText(path, json);
    }

    void B(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        DurableFile.Move(path + "".tmp"", path);
    }
}",
            text);
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
    }

    [Fact]
    public async Task No_collapse_across_a_preprocessor_directive()
    {
        const string source = @"using System.IO;

class Settings
{
    void Save(string path, string json)
    {
#if DEBUG
        File.WriteAllText(path + "".tmp"", json);
#else
        File.WriteAllText(path + "".tmp"", json.Trim());
#endif
        File.Move(path + "".tmp"", path, overwrite: true);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Equal(new[] { RenameBeforeFlushCodeFixProvider.DurableRenameKey }, offered.Select(o => o.EquivalenceKey));
    }

    // ------------------------------------------------------------------ titles

    [Fact]
    public async Task Titles_say_the_package_is_needed_only_when_the_runtime_is_not_referenced()
    {
        const string source = @"using System.IO;

class Settings
{
    void Save(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        File.Move(path + "".tmp"", path, overwrite: true);
    }
}";
        var without = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider(), withRuntime: false);
        var with = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider(), withRuntime: true);

        Assert.Equal(
            new[]
            {
                "Write 'path' with DurableFile.WriteAllText instead of a temporary file" + DurableIOCodeFixProvider.PackageNeededSuffix,
                "Use DurableFile.Move (flushes the file to disk before the rename)" + DurableIOCodeFixProvider.PackageNeededSuffix,
            },
            without.Select(o => o.Title));
        Assert.Equal(
            new[]
            {
                "Write 'path' with DurableFile.WriteAllText instead of a temporary file",
                "Use DurableFile.Move (flushes the file to disk before the rename)",
            },
            with.Select(o => o.Title));
        Assert.Equal(
            new[] { RenameBeforeFlushCodeFixProvider.WriteDirectlyKey, RenameBeforeFlushCodeFixProvider.DurableRenameKey },
            without.Select(o => o.EquivalenceKey));
    }

    [Fact]
    public async Task Without_the_runtime_the_fix_is_still_applied_and_adds_the_using()
    {
        const string source = @"using System.IO;

class Settings
{
    void Save(string path, string json)
    {
        File.WriteAllText(path + "".tmp"", json);
        File.Move(path + "".tmp"", path, overwrite: true);
    }
}";
        var document = CodeFixProbe.CreateDocument(source, withRuntime: false);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new RenameAnalyzer()));
        var offered = await CodeFixProbe.OfferedAsync(document, diagnostics, new RenameBeforeFlushCodeFixProvider());
        var fixedDocument = await CodeFixProbe.ApplyAsync(document, offered[0].Action);
        var text = (await fixedDocument.GetTextAsync()).ToString();

        Assert.Equal(
            @"using System.IO;
using DurableIO;

class Settings
{
    void Save(string path, string json)
    {
        DurableFile.WriteAllText(path, json);
    }
}",
            text);
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public async Task Write_by_a_private_helper_makes_the_rename_durable_and_is_never_collapsed()
    {
        // The helper opens, writes and closes the file: DurableFile.Move's flush of the source covers its data.
        const string source = @"using System.IO;

class Store
{
    void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        {|#1:WriteTemp(tmp, json)|};
        {|#0:File.Move(tmp, path, overwrite: true)|};
    }

    private static void WriteTemp(string tmp, string json) => File.WriteAllText(tmp, json);
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Store
{
    void Save(string path, string json)
    {
        var tmp = path + "".tmp"";
        WriteTemp(tmp, json);
        DurableFile.Move(tmp, path, overwrite: true);
    }

    private static void WriteTemp(string tmp, string json) => File.WriteAllText(tmp, json);
}
";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source.Replace("{|#1:", string.Empty).Replace("{|#0:", string.Empty).Replace("|}", string.Empty), new RenameBeforeFlushCodeFixProvider());
        Assert.Equal(new[] { RenameBeforeFlushCodeFixProvider.DurableRenameKey }, offered.Select(o => o.EquivalenceKey));
        await V.CodeFixAsync(source, new[] { Dur001("tmp", "path"), Dur002("path") }, fixedSource, Strict());
    }
}
