using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur010Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer, DurableIO.CodeFixes.DeleteBeforeRenameCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR010 code fix: the delete (and its <c>if (File.Exists(…))</c>) goes, the move becomes
/// <c>DurableFile.Move(src, dst, overwrite: true)</c>. The fixed code compiles warning-free against the real runtime library;
/// Fix All is checked by the verifier.
/// </summary>
public class Dur010CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Guarded_delete_in_a_block_namespace_without_using_DurableIO_keeps_comments()
    {
        const string source = @"using System.IO;
using System.Text;

namespace State
{
    static class Updater
    {
        public static void Update(string statePath, string newState)
        {
            var tmp = statePath + "".new"";
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                var bytes = Encoding.UTF8.GetBytes(newState);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }

            // remove the old state first
            if (File.Exists(statePath))
            {
                {|#0:File.Delete(statePath)|};
            }

            {|#1:File.Move(tmp, statePath)|}; // swap in
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Text;
using DurableIO;

namespace State
{
    static class Updater
    {
        public static void Update(string statePath, string newState)
        {
            var tmp = statePath + "".new"";
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                var bytes = Encoding.UTF8.GetBytes(newState);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }

            // remove the old state first
            DurableFile.Move(tmp, statePath, overwrite: true); // swap in
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur010("statePath") }, fixedSource, Strict());
    }

    [Fact]
    public Task File_scoped_namespace_with_existing_using_and_named_arguments()
    {
        const string source = @"using System.IO;
using DurableIO;

namespace Store;

class Swapper
{
    private readonly string _path = ""store.db"";

    public void Swap(string next)
    {
        {|#0:File.Delete(_path)|};
        {|#1:File.Move(sourceFileName: next, destFileName: _path)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Store;

class Swapper
{
    private readonly string _path = ""store.db"";

    public void Swap(string next)
    {
        DurableFile.Move(sourceFileName: next, destFileName: _path, overwrite: true);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur010("_path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements_with_literal_paths()
    {
        const string source = @"using System.IO;

if (File.Exists(""config.json""))
{
    {|#0:File.Delete(""config.json"")|};
}

{|#1:File.Move(""config.json.new"", ""config.json"")|};
";
        const string fixedSource = @"using System.IO;
using DurableIO;

DurableFile.Move(""config.json.new"", ""config.json"", overwrite: true);
";
        return V.CodeFixAsync(source, new[] { Dur010("\"config.json\"") }, fixedSource, new VerifyOptions { WithDurableRuntimeLibrary = true }.AsConsoleApplication());
    }

    [Fact]
    public Task Async_method_and_an_explicit_false_overwrite()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Store
{
    public async Task SaveAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        var tmp = path + "".tmp"";
        await using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            await fs.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await fs.FlushAsync(cancellationToken).ConfigureAwait(false);
            fs.Flush(true);
        }

        {|#0:File.Delete(path)|};
        {|#1:File.Move(tmp, path, false)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Store
{
    public async Task SaveAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        var tmp = path + "".tmp"";
        await using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            await fs.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await fs.FlushAsync(cancellationToken).ConfigureAwait(false);
            fs.Flush(true);
        }

        DurableFile.Move(tmp, path, overwrite: true);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur010("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_in_an_inner_block_and_a_DurableFile_delete()
    {
        const string source = @"using System.IO;
using DurableIO;

class Store
{
    public void Save(string path, byte[] data)
    {
        var tmp = path + "".tmp"";
        {
            using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write);
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#0:DurableFile.Delete(path)|};
        {|#1:DurableFile.Move(tmp, path, false)|};
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Store
{
    public void Save(string path, byte[] data)
    {
        var tmp = path + "".tmp"";
        {
            using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write);
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        DurableFile.Move(tmp, path, overwrite: true);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur010("path") }, fixedSource, Strict());
    }

    [Fact]
    public Task Fix_All_in_a_document_with_a_statement_in_between()
    {
        const string source = @"using System;
using System.IO;

class Store
{
    public void SwapA(string a, string next)
    {
        if (File.Exists(a)) {|#0:File.Delete(a)|};
        {|#1:File.Move(next, a)|};
    }

    public void SwapB(string b, string next)
    {
        /* the old one goes */
        {|#2:File.Delete(b)|};
        Console.WriteLine(""replacing"");
        {|#3:File.Move(next, b)|};
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Store
{
    public void SwapA(string a, string next)
    {
        DurableFile.Move(next, a, overwrite: true);
    }

    public void SwapB(string b, string next)
    {
        /* the old one goes */
        Console.WriteLine(""replacing"");
        DurableFile.Move(next, b, overwrite: true);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur010("a"), Dur010("b", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task No_fix_for_FileInfo_another_guard_or_a_statement_that_looks_at_the_target()
    {
        const string source = @"using System;
using System.IO;

class Store
{
    public void SwapA(string path, string next)
    {
        var target = new FileInfo(path);
        if (target.Exists)
            {|#0:target.Delete()|};
        {|#1:File.Move(next, path)|};
    }

    public void SwapB(bool replace, string path, string next)
    {
        if (replace)
        {
            {|#2:File.Delete(path)|};
        }

        {|#3:File.Move(next, path)|};
    }

    public void SwapC(string path, string next)
    {
        {|#4:File.Delete(path)|};
        Console.WriteLine(File.Exists(path));
        {|#5:File.Move(next, path)|};
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur010("path"), Dur010("path", 2, 3), Dur010("path", 4, 5) }, source, Strict());
    }
}
