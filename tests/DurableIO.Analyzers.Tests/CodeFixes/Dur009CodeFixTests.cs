using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using DurableIO.CodeFixes;
using static DurableIO.Analyzers.Tests.Rules.Dur001Tests;
using static DurableIO.Analyzers.Tests.Rules.Dur009Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer, DurableIO.CodeFixes.TempFileDirectoryCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR009 code fixes: the temporary file goes next to the target (<c>target + "." + Path.GetRandomFileName() + ".tmp"</c>),
/// or a single <c>File.WriteAll*</c> + move collapses into <c>DurableFile.WriteAll*(target, …)</c>. The fixed code compiles
/// warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur009CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task GetTempFileName_in_a_block_namespace_keeps_comments_and_adds_no_using()
    {
        const string source = @"using System.IO;

namespace Docs
{
    class Store
    {
        public void Save(string target, byte[] data)
        {
            // a fresh temporary file
            var tmp = Path.GetTempFileName(); // unique name
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            {|#0:File.Move(tmp, target)|};
        }
    }
}
";
        const string fixedSource = @"using System.IO;

namespace Docs
{
    class Store
    {
        public void Save(string target, byte[] data)
        {
            // a fresh temporary file
            var tmp = target + ""."" + Path.GetRandomFileName() + "".tmp""; // unique name
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            File.Move(tmp, target);
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009("tmp", "target") }, fixedSource, Strict());
    }

    [Fact]
    public Task Temp_folder_combine_in_a_file_scoped_namespace_with_a_field_target()
    {
        const string source = @"using System.IO;
using DurableIO;

namespace Settings;

class Store
{
    private readonly string _path = ""settings.json"";

    public void Save(byte[] data)
    {
        var tmp = Path.Combine(Path.GetTempPath(), ""settings.tmp"");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.FlushToDisk();
        }

        {|#0:File.Move(tmp, _path)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Settings;

class Store
{
    private readonly string _path = ""settings.json"";

    public void Save(byte[] data)
    {
        var tmp = _path + ""."" + Path.GetRandomFileName() + "".tmp"";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.FlushToDisk();
        }

        File.Move(tmp, _path);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009("tmp", "_path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements_with_a_combined_target()
    {
        const string source = @"using System;
using System.IO;

var dir = AppContext.BaseDirectory;
var tmp = Path.GetTempFileName();
using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
{
    fs.WriteByte(42);
    fs.Flush(true);
}

{|#0:File.Move(tmp, Path.Combine(dir, ""state.bin""))|};
";
        const string fixedSource = @"using System;
using System.IO;

var dir = AppContext.BaseDirectory;
var tmp = Path.Combine(dir, ""state.bin"") + ""."" + Path.GetRandomFileName() + "".tmp"";
using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
{
    fs.WriteByte(42);
    fs.Flush(true);
}

File.Move(tmp, Path.Combine(dir, ""state.bin""));
";
        return V.CodeFixAsync(source, new[] { Dur009("tmp", "Path.Combine(dir, \"state.bin\")") }, fixedSource, new VerifyOptions { WithDurableRuntimeLibrary = true }.AsConsoleApplication());
    }

    [Fact]
    public Task Async_method_with_a_qualified_Path_and_Fix_All()
    {
        const string source = @"using System.Threading;
using System.Threading.Tasks;

class Downloads
{
    public async Task StoreAsync(string target, byte[] data, CancellationToken cancellationToken)
    {
        var part = System.IO.Path.GetTempPath() + ""download.part"";
        await using (var fs = new System.IO.FileStream(part, System.IO.FileMode.Create, System.IO.FileAccess.Write))
        {
            await fs.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await fs.FlushAsync(cancellationToken).ConfigureAwait(false);
            fs.Flush(true);
        }

        {|#0:System.IO.File.Move(part, target)|};
    }

    public void Store(string other, byte[] data)
    {
        var tmp = System.IO.Path.GetTempFileName();
        using (var fs = System.IO.File.Open(tmp, System.IO.FileMode.Create))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#1:System.IO.File.Move(tmp, other)|};
    }
}
";
        const string fixedSource = @"using System.Threading;
using System.Threading.Tasks;

class Downloads
{
    public async Task StoreAsync(string target, byte[] data, CancellationToken cancellationToken)
    {
        var part = target + ""."" + System.IO.Path.GetRandomFileName() + "".tmp"";
        await using (var fs = new System.IO.FileStream(part, System.IO.FileMode.Create, System.IO.FileAccess.Write))
        {
            await fs.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await fs.FlushAsync(cancellationToken).ConfigureAwait(false);
            fs.Flush(true);
        }

        System.IO.File.Move(part, target);
    }

    public void Store(string other, byte[] data)
    {
        var tmp = other + ""."" + System.IO.Path.GetRandomFileName() + "".tmp"";
        using (var fs = System.IO.File.Open(tmp, System.IO.FileMode.Create))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        System.IO.File.Move(tmp, other);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009("part", "target"), Dur009("tmp", "other", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Collapse_a_single_async_write_into_DurableFile_keeping_token_and_ConfigureAwait()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Documents
{
    public async Task SaveAsync(string target, string json, CancellationToken cancellationToken)
    {
        var tmp = Path.GetTempFileName();
        // write the new content
        await {|#1:File.WriteAllTextAsync(tmp, json, cancellationToken)|}.ConfigureAwait(false);
        {|#0:File.Move(tmp, target, overwrite: true)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Documents
{
    public async Task SaveAsync(string target, string json, CancellationToken cancellationToken)
    {
        // write the new content
        await DurableFile.WriteAllTextAsync(target, json, cancellationToken).ConfigureAwait(false);
    }
}
";
        var options = Strict();
        options.FixedDiagnosticsAreExplicit = true;
        return V.CodeFixAsync(source, new[] { Dur009Collapsible("tmp", "target"), Dur001("tmp", "target"), Dur002("target") }, fixedSource, options);
    }

    [Fact]
    public Task Second_option_moves_the_temporary_file_next_to_the_target_and_keeps_the_write()
    {
        const string source = @"using System.IO;

class Documents
{
    public void Save(string target, string json)
    {
        var tmp = Path.GetTempFileName();
        {|#1:File.WriteAllText(tmp, json)|};
        {|#0:File.Move(tmp, target, overwrite: true)|};
    }
}
";
        const string fixedSource = @"using System.IO;

class Documents
{
    public void Save(string target, string json)
    {
        var tmp = target + ""."" + Path.GetRandomFileName() + "".tmp"";
        {|#1:File.WriteAllText(tmp, json)|};
        {|#0:File.Move(tmp, target, overwrite: true)|};
    }
}
";
        var options = Strict();
        options.FixedDiagnosticsAreExplicit = true;
        options.CodeActionEquivalenceKey = TempFileDirectoryCodeFixProvider.NextToTargetKey;
        options.FixedDiagnostics.Add(Dur001("tmp", "target"));
        options.FixedDiagnostics.Add(Dur002("target"));
        return V.CodeFixAsync(source, new[] { Dur009Collapsible("tmp", "target"), Dur001("tmp", "target"), Dur002("target") }, fixedSource, options);
    }

    [Fact]
    public Task Using_declaration_and_a_local_target_declared_before_the_temporary()
    {
        const string source = @"using System.IO;

class Store
{
    public void Save(string dir, byte[] data)
    {
        var target = Path.Combine(dir, ""data.bin"");
        var tmp = Path.GetTempFileName();
        using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write);
        fs.Write(data, 0, data.Length);
        fs.Flush(true);
        fs.Dispose();
        {|#0:File.Move(tmp, target)|};
    }
}
";
        const string fixedSource = @"using System.IO;

class Store
{
    public void Save(string dir, byte[] data)
    {
        var target = Path.Combine(dir, ""data.bin"");
        var tmp = target + ""."" + Path.GetRandomFileName() + "".tmp"";
        using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write);
        fs.Write(data, 0, data.Length);
        fs.Flush(true);
        fs.Dispose();
        File.Move(tmp, target);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009("tmp", "target") }, fixedSource, Strict());
    }

    [Fact]
    public Task No_fix_when_the_file_must_exist_the_target_is_declared_later_or_the_name_is_reassigned()
    {
        const string source = @"using System.IO;

class Store
{
    public void Append(string target, byte[] data)
    {
        var tmp = Path.GetTempFileName();
        using (var fs = new FileStream(tmp, FileMode.Open, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#0:File.Move(tmp, target)|};
    }

    public void Later(string dir, byte[] data)
    {
        var tmp = Path.GetTempFileName();
        var target = Path.Combine(dir, ""x.bin"");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#1:File.Move(tmp, target)|};
    }

    public void Reassigned(string target, byte[] data)
    {
        var tmp = Path.GetTempFileName();
        tmp = Path.Combine(Path.GetTempPath(), ""y.bin"");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#2:File.Move(tmp, target)|};
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009("tmp", "target"), Dur009("tmp", "target", 1), Dur009("tmp", "target", 2) }, source, Strict());
    }

    // DUR002's fix turns File.Move into DurableFile.Move, which still reports DUR009 when the temporary file is in the
    // temp folder; when dotnet format applies that fix first, DUR009's fixes must still be offered on its result.
    [Fact]
    public Task Collapse_after_DUR002s_fix_wrote_DurableFile_Move()
    {
        const string source = @"using System.IO;
using DurableIO;

class Documents
{
    public void Save(string target, string json)
    {
        var tmp = Path.GetTempFileName();
        {|#1:File.WriteAllText(tmp, json)|};
        {|#0:DurableFile.Move(tmp, target, true)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Documents
{
    public void Save(string target, string json)
    {
        DurableFile.WriteAllText(target, json);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009Collapsible("tmp", "target") }, fixedSource, Strict());
    }

    [Fact]
    public Task Next_to_target_after_DUR002s_fix_wrote_DurableFile_Replace()
    {
        const string source = @"using System.IO;
using DurableIO;

class Documents
{
    public void Save(string target, byte[] data)
    {
        var tmp = Path.GetTempFileName();
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
        }

        {|#0:DurableFile.Replace(tmp, target, null)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Documents
{
    public void Save(string target, byte[] data)
    {
        var tmp = target + ""."" + Path.GetRandomFileName() + "".tmp"";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
        }

        DurableFile.Replace(tmp, target, null);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur009("tmp", "target") }, fixedSource, Strict());
    }
}
