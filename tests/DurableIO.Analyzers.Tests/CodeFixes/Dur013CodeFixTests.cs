using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur013Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.ReadOnlyFlushAnalyzer, DurableIO.CodeFixes.FlushOnReadOnlyStreamCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR013 code fix: <c>DurableFile.Sync(path)</c> — the whole open-and-flush when the stream has no other use, else the
/// <c>Flush(true)</c> call alone. Markup as in <see cref="Rules.Dur013Tests"/>: <c>#0</c> the flush, <c>#1</c> the open. Fixed
/// code compiles warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur013CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task OpenRead_in_using_block_in_a_block_namespace_keeps_comments()
    {
        const string source = @"using System.IO;

namespace Import
{
    class Importer
    {
        public void Import(string source, string target)
        {
            File.Copy(source, target, overwrite: true);

            // Make sure the copy reached the disk
            using (var stream = {|#1:File.OpenRead(target)|})
            {
                {|#0:stream.Flush(true)|};
            }

            System.Console.WriteLine(""imported"");
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Import
{
    class Importer
    {
        public void Import(string source, string target)
        {
            File.Copy(source, target, overwrite: true);

            // Make sure the copy reached the disk
            DurableFile.Sync(target);

            System.Console.WriteLine(""imported"");
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur013("stream") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_in_a_file_scoped_namespace()
    {
        const string source = @"using System.IO;

namespace Import;

class Importer
{
    public void Persist(string path)
    {
        using var fs = {|#1:new FileStream(path, FileMode.Open, FileAccess.Read)|};
        {|#0:fs.Flush(flushToDisk: true)|}; // persist
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Import;

class Importer
{
    public void Persist(string path)
    {
        DurableFile.Sync(path); // persist
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur013("fs") }, fixedSource, Strict());
    }

    [Fact]
    public Task Stream_with_other_uses_keeps_them_and_only_the_flush_changes_in_async_code()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Importer
{
    public async Task<int> ChecksumAsync(string path)
    {
        using (var fs = {|#1:File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read)|})
        {
            var buffer = new byte[16];
            var read = await fs.ReadAsync(buffer, 0, buffer.Length);
            {|#0:fs.Flush(true)|};
            return read;
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Importer
{
    public async Task<int> ChecksumAsync(string path)
    {
        using (var fs = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var buffer = new byte[16];
            var read = await fs.ReadAsync(buffer, 0, buffer.Length);
            DurableFile.Sync(path);
            return read;
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur013("fs") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"using System.IO;

File.WriteAllText(""data.txt"", ""x"");
using (var fs = {|#1:File.OpenRead(""data.txt"")|})
{
    {|#0:fs.Flush(true)|};
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

File.WriteAllText(""data.txt"", ""x"");
DurableFile.Sync(""data.txt"");
";
        var options = Strict();
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur013("fs") }, fixedSource, options);
    }

    [Fact]
    public Task FileInfo_with_explicit_Close_and_an_expression_bodied_member()
    {
        const string source = @"using System.IO;

class Importer
{
    public void Persist(FileInfo file)
    {
        // reopen
        var s = {|#1:file.OpenRead()|};
        {|#0:s.Flush(true)|};
        s.Close();
    }

    public void Persist(string path) => {|#2:{|#3:File.OpenRead(path)|}.Flush(true)|};
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Importer
{
    public void Persist(FileInfo file)
    {
        // reopen
        DurableFile.Sync(file.FullName);
    }

    public void Persist(string path) => DurableFile.Sync(path);
}
";
        return V.CodeFixAsync(source, new[] { Dur013("s"), Dur013("File.OpenRead(path)", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task Not_offered_when_the_path_changes_or_is_out_of_reach()
    {
        // The path local is reassigned after the open; the path is an expression with a side effect.
        const string source = @"using System.IO;

class Importer
{
    private int _count;

    public void A(string path)
    {
        var p = path;
        using (var fs = {|#1:File.OpenRead(p)|})
        {
            p = null;
            var b = fs.ReadByte();
            {|#0:fs.Flush(true)|};
        }
    }

    public void B(string[] paths)
    {
        using (var fs = {|#3:File.OpenRead(paths[_count++])|})
        {
            var b = fs.ReadByte();
            {|#2:fs.Flush(true)|};
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur013("fs"), Dur013("fs", 2, 3) }, source, Strict());
    }
}
