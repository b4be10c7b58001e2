using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur001Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer, DurableIO.CodeFixes.RenameWithoutDirectorySyncCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR002 code fix: <c>DurableFile.Move(…, overwrite: true)</c>/<c>DurableFile.Replace</c>, or <c>DurableDirectory.Sync</c> of the
/// destination's directory after the rename. Fixed code compiles against the real runtime; the sync compiles warning-free
/// under <c>#nullable enable</c>; Fix All is checked by the verifier.
/// </summary>
public class Dur002CodeFixTests
{
    private static VerifyOptions Strict(string? key = null) =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings, CodeActionEquivalenceKey = key, FixedDiagnosticsAreExplicit = true };

    private const string FlushedThenMoved = @"using System.IO;

namespace Settings
{
    class Store
    {
        public void Save(string path, byte[] data)
        {
            var tmp = path + "".tmp"";
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            // publish
            {|#0:File.Move(tmp, path, overwrite: true)|}; // atomic
        }
    }
}
";

    [Fact]
    public Task DurableFile_Move_keeps_the_named_overwrite_argument_and_comments_in_a_block_namespace()
    {
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Settings
{
    class Store
    {
        public void Save(string path, byte[] data)
        {
            var tmp = path + "".tmp"";
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            // publish
            DurableFile.Move(tmp, path, overwrite: true); // atomic
        }
    }
}
";
        return V.CodeFixAsync(FlushedThenMoved, new[] { Dur002("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Directory_sync_inserted_after_the_rename_compiles_warning_free_under_nullable_enable()
    {
        const string source = "#nullable enable\n" + FlushedThenMoved;
        const string fixedSource = @"#nullable enable
using System.IO;
using DurableIO;

namespace Settings
{
    class Store
    {
        public void Save(string path, byte[] data)
        {
            var tmp = path + "".tmp"";
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            // publish
            File.Move(tmp, path, overwrite: true); // atomic
            DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur002("path") }, fixedSource, Strict(RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey));
    }

    [Fact]
    public Task File_Replace_of_fields_in_a_file_scoped_namespace_with_the_using_already_there_both_options()
    {
        const string source = @"#nullable enable
using System.IO;
using DurableIO;

namespace App.State;

class Store
{
    private readonly string _target = ""/var/lib/app/state.json"";
    private readonly string _staging = ""/var/lib/app/state.json.new"";
    private readonly string? _backup = null;

    public void Publish()
    {
        {|#0:File.Replace(_staging, _target, _backup)|};
    }
}
";
        const string durable = @"#nullable enable
using System.IO;
using DurableIO;

namespace App.State;

class Store
{
    private readonly string _target = ""/var/lib/app/state.json"";
    private readonly string _staging = ""/var/lib/app/state.json.new"";
    private readonly string? _backup = null;

    public void Publish()
    {
        DurableFile.Replace(_staging, _target, _backup);
    }
}
";
        const string synced = @"#nullable enable
using System.IO;
using DurableIO;

namespace App.State;

class Store
{
    private readonly string _target = ""/var/lib/app/state.json"";
    private readonly string _staging = ""/var/lib/app/state.json.new"";
    private readonly string? _backup = null;

    public void Publish()
    {
        File.Replace(_staging, _target, _backup);
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(_target))!);
    }
}
";
        return Task.WhenAll(
            V.CodeFixAsync(source, new[] { Dur002("_target") }, durable, Strict(RenameWithoutDirectorySyncCodeFixProvider.DurableRenameKey)),
            V.CodeFixAsync(source, new[] { Dur002("_target") }, synced, Strict(RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey)));
    }

    [Fact]
    public Task Top_level_statements_without_using_System_IO_get_a_qualified_Path_with_Fix_All()
    {
        const string source = @"using System.Threading.Tasks;

await Task.Yield();
{|#0:System.IO.File.Move(""staged.json"", ""settings.json"", overwrite: true)|}; // publish
{|#1:System.IO.File.Move(""staged.log"", ""app.log"", true)|};
";
        const string fixedSource = @"using System.Threading.Tasks;
using DurableIO;

await Task.Yield();
System.IO.File.Move(""staged.json"", ""settings.json"", overwrite: true); // publish
DurableDirectory.Sync(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(""settings.json""))!);
System.IO.File.Move(""staged.log"", ""app.log"", true);
DurableDirectory.Sync(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(""app.log""))!);
";
        var options = Strict(RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey).AsConsoleApplication();
        return V.CodeFixAsync(source, new[] { Dur002("\"settings.json\""), Dur002("\"app.log\"", at: 1) }, fixedSource, options);
    }

    [Fact]
    public Task Async_FileInfo_MoveTo_with_named_arguments_becomes_DurableFile_Move_of_its_FullName()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Publisher
{
    public async Task PublishAsync(string staged, string target, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        var info = new FileInfo(staged);
        if (info.Length > 0)
        {
            {|#0:info.MoveTo(destFileName: target, overwrite: true)|};
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Publisher
{
    public async Task PublishAsync(string staged, string target, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        var info = new FileInfo(staged);
        if (info.Length > 0)
        {
            DurableFile.Move(info.FullName, destFileName: target, overwrite: true);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur002("target") }, fixedSource, Strict());
    }

    [Fact]
    public Task Sync_after_a_rename_in_a_lambda_and_in_a_switch_section_keeps_trivia_and_indentation()
    {
        const string source = @"using System;
using System.IO;

class Publisher
{
    public Action<string, string> Publish = (staged, target) =>
    {
        // swap
        {|#0:File.Move(staged, target, true)|}; // atomic
    };

    public void Commit(int mode, string staged, string target)
    {
        switch (mode)
        {
            case 1:
                {|#1:new FileInfo(staged).Replace(target, null)|};
                break;
        }
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Publisher
{
    public Action<string, string> Publish = (staged, target) =>
    {
        // swap
        File.Move(staged, target, true); // atomic
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);
    };

    public void Commit(int mode, string staged, string target)
    {
        switch (mode)
        {
            case 1:
                new FileInfo(staged).Replace(target, null);
                DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);
                break;
        }
    }
}
";
        return V.CodeFixAsync(
            source, new[] { Dur002("target"), Dur002("target", at: 1) }, fixedSource, Strict(RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey));
    }

    [Fact]
    public Task FileInfo_Replace_whose_result_is_used_gets_the_directory_sync_as_its_first_fix()
    {
        const string source = @"using System;
using System.IO;

class Publisher
{
    public void Commit(FileInfo staged, string target)
    {
        var published = {|#0:staged.Replace(target, null)|};
        Console.WriteLine(published.Length);
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Publisher
{
    public void Commit(FileInfo staged, string target)
    {
        var published = staged.Replace(target, null);
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);
        Console.WriteLine(published.Length);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur002("target") }, fixedSource, Strict());
    }

    [Fact]
    public Task Sync_after_a_rename_while_a_using_declaration_keeps_the_flushed_stream_open()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;

namespace Journal;

sealed class Writer
{
    async Task CommitAsync(string tmp, string path, byte[] data)
    {
        await using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write);
        await fs.WriteAsync(data).ConfigureAwait(false);
        fs.Flush(true);
        {|#0:File.Move(tmp, path, overwrite: true)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

namespace Journal;

sealed class Writer
{
    async Task CommitAsync(string tmp, string path, byte[] data)
    {
        await using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write);
        await fs.WriteAsync(data).ConfigureAwait(false);
        fs.Flush(true);
        File.Move(tmp, path, overwrite: true);
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur002("path") }, fixedSource, Strict(RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey));
    }

    [Fact]
    public Task When_the_same_rename_has_a_collapsible_DUR001_the_collapse_comes_first()
    {
        // Fixing DUR002 first (as dotnet format may) gives the same code as fixing DUR001 first.
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
        DurableFile.WriteAllText(path, json);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur001("tmp", "path"), Dur002("path") }, fixedSource, Strict());
    }

    [Fact]
    public async Task Fix_All_with_the_sync_key_uses_DurableFile_where_no_sync_can_be_inserted()
    {
        const string source = @"using System.IO;

class Publisher
{
    public void A(string staged, string target)
    {
        File.Move(staged, target, true);
    }

    public void B(string staged, string target) => File.Move(staged, target, true);
}";
        var document = CodeFixProbe.CreateDocument(source);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, ImmutableArray.Create<DiagnosticAnalyzer>(new RenameAnalyzer()));
        Assert.Equal(2, diagnostics.Count(d => d.Id == "DUR002"));
        var fixedDocument = await CodeFixProbe.FixAllAsync(document, diagnostics, new RenameWithoutDirectorySyncCodeFixProvider(), RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey);

        Assert.Equal(
            @"using System.IO;
using DurableIO;

class Publisher
{
    public void A(string staged, string target)
    {
        File.Move(staged, target, true);
        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);
    }

    public void B(string staged, string target) => DurableFile.Move(staged, target, true);
}",
            (await fixedDocument.GetTextAsync()).ToString());
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
    }

    [Fact]
    public Task A_member_named_Path_makes_the_sync_qualify_System_IO_Path()
    {
        const string source = @"using System.IO;

class Document
{
    public string Path { get; } = ""doc.json"";

    public void Publish(string staged)
    {
        {|#0:File.Move(staged, Path, true)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Document
{
    public string Path { get; } = ""doc.json"";

    public void Publish(string staged)
    {
        File.Move(staged, Path, true);
        DurableDirectory.Sync(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur002("Path") }, fixedSource, Strict(RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey));
    }

    // ------------------------------------------------------------------ not offered where the rewrite would not be exact

    [Fact]
    public async Task Only_the_sync_is_offered_when_the_FileInfo_is_used_after_MoveTo_and_nothing_for_an_expression_body()
    {
        const string source = @"using System;
using System.IO;

class Publisher
{
    public void Commit(string staged, string target)
    {
        var info = new FileInfo(staged);
        info.MoveTo(target, true);
        Console.WriteLine(info.FullName);
    }

    public void Parameter(FileInfo info, string target)
    {
        info.MoveTo(target, true);
    }

    public void Commit2(string staged, string target) => File.Move(staged, target, true);
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameWithoutDirectorySyncCodeFixProvider());
        Assert.Equal(
            new[] { RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey, RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey, RenameWithoutDirectorySyncCodeFixProvider.DurableRenameKey },
            offered.Select(o => o.EquivalenceKey));
    }

    [Fact]
    public async Task No_sync_is_inserted_for_a_destination_that_could_change_when_evaluated_again()
    {
        const string source = @"using System.IO;

class Publisher
{
    int _n;
    string Next() => ""out"" + _n++;

    public void Commit(string staged, string dir)
    {
        File.Move(staged, Path.Combine(dir, Next()), true);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameWithoutDirectorySyncCodeFixProvider());
        Assert.Equal(new[] { RenameWithoutDirectorySyncCodeFixProvider.DurableRenameKey }, offered.Select(o => o.EquivalenceKey));
    }

    // ------------------------------------------------------------------ titles, C# 7.3

    [Fact]
    public async Task Titles_say_the_package_is_needed_only_when_the_runtime_is_not_referenced()
    {
        var source = SyntaxFreeOfMarkup(FlushedThenMoved);
        var without = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameWithoutDirectorySyncCodeFixProvider(), withRuntime: false);
        var with = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameWithoutDirectorySyncCodeFixProvider(), withRuntime: true);

        string[] titles = { "Use DurableFile.Move (syncs the directory after the rename)", "Sync the destination directory after the rename (DurableDirectory.Sync)" };
        Assert.Equal(titles.Select(t => t + DurableIOCodeFixProvider.PackageNeededSuffix), without.Select(o => o.Title));
        Assert.Equal(titles, with.Select(o => o.Title));
    }

    [Fact]
    public async Task At_CSharp_7_3_the_sync_has_no_null_forgiving_operator_and_compiles()
    {
        var document = CodeFixProbe.CreateDocument(SyntaxFreeOfMarkup(FlushedThenMoved).Replace("overwrite: true", "true"), languageVersion: LanguageVersion.CSharp7_3);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, ImmutableArray.Create<DiagnosticAnalyzer>(new RenameAnalyzer()));
        var offered = await CodeFixProbe.OfferedAsync(document, diagnostics, new RenameWithoutDirectorySyncCodeFixProvider());
        var sync = offered.Single(o => o.EquivalenceKey == RenameWithoutDirectorySyncCodeFixProvider.SyncDirectoryKey);
        var fixedDocument = await CodeFixProbe.ApplyAsync(document, sync.Action);
        var text = (await fixedDocument.GetTextAsync()).ToString();

        Assert.Contains("DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path)));", text);
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
    }

    private static string SyntaxFreeOfMarkup(string source) => Verify<RenameAnalyzer>.StripMarkup(source);
}
