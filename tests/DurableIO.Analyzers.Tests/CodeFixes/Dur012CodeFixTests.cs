using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur012Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.DirectoryOpenAnalyzer, DurableIO.CodeFixes.DirectoryOpenedAsFileCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR012 code fix: the open of the directory and its flush become <c>DurableDirectory.Sync(dir)</c>. Fixed code compiles
/// warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur012CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Using_block_in_a_block_namespace_keeps_comments()
    {
        const string source = @"using System.IO;

namespace Store
{
    class Saver
    {
        public void Save(string fileName, string content)
        {
            File.WriteAllText(fileName, content);

            // Sync directory metadata, like os.open + os.fsync
            var dirPath = Path.GetDirectoryName(Path.GetFullPath(fileName));
            using (var dir = {|#0:new FileStream(dirPath, FileMode.Open, FileAccess.Read)|})
            {
                dir.Flush(true);
            } // done
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Store
{
    class Saver
    {
        public void Save(string fileName, string content)
        {
            File.WriteAllText(fileName, content);

            // Sync directory metadata, like os.open + os.fsync
            var dirPath = Path.GetDirectoryName(Path.GetFullPath(fileName));
            DurableDirectory.Sync(dirPath); // done
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("dirPath") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_declaration_in_a_file_scoped_namespace_takes_the_place_of_the_flush()
    {
        const string source = @"using System.IO;

namespace Store;

class Saver
{
    public void Save(string path, string json)
    {
        var dir = Path.GetDirectoryName(path);
        // open the directory
        using var handle = {|#0:new FileStream(dir, FileMode.Open, FileAccess.Read)|};
        File.WriteAllText(path, json);
        handle.Flush(true); // the sync
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Store;

class Saver
{
    public void Save(string path, string json)
    {
        var dir = Path.GetDirectoryName(path);
        File.WriteAllText(path, json);
        // open the directory
        DurableDirectory.Sync(dir); // the sync
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("dir") }, fixedSource, Strict());
    }

    [Fact]
    public Task OpenHandle_with_RandomAccess_FlushToDisk_and_an_existing_using()
    {
        const string source = @"using System.IO;
using DurableIO;

class Saver
{
    public void SyncDirectory(FileInfo file)
    {
        using (var handle = {|#0:File.OpenHandle(file.DirectoryName, FileMode.Open, FileAccess.Read)|})
        {
            RandomAccess.FlushToDisk(handle);
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Saver
{
    public void SyncDirectory(FileInfo file)
    {
        DurableDirectory.Sync(file.DirectoryName);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("file.DirectoryName") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_method_with_FlushAsync_then_Flush_true()
    {
        const string source = @"using System.IO;
using System.Threading.Tasks;

class Saver
{
    public async Task SaveAsync(string dir, byte[] data)
    {
        var info = Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, ""a.bin""), data);
        using (var fs = {|#0:new FileStream(info.FullName, FileMode.Open, FileAccess.Read)|})
        {
            await fs.FlushAsync();
            fs.Flush(true);
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Saver
{
    public async Task SaveAsync(string dir, byte[] data)
    {
        var info = Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, ""a.bin""), data);
        DurableDirectory.Sync(info.FullName);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("info.FullName") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements_with_explicit_Close()
    {
        const string source = @"using System;
using System.IO;

File.WriteAllText(""settings.json"", ""{}"");
var fs = {|#0:new FileStream(AppContext.BaseDirectory, FileMode.Open, FileAccess.Read)|};
fs.Flush(true);
fs.Close();
Console.WriteLine(""saved"");
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

File.WriteAllText(""settings.json"", ""{}"");
DurableDirectory.Sync(AppContext.BaseDirectory);
Console.WriteLine(""saved"");
";
        var options = Strict();
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur012("AppContext.BaseDirectory") }, fixedSource, options);
    }

    [Fact]
    public Task Expression_statement_and_two_occurrences_for_Fix_All()
    {
        const string source = @"using System.IO;

class Saver
{
    public void SyncBoth(string a, string b)
    {
        {|#0:File.OpenRead(Path.GetDirectoryName(a))|}.Flush(true);
        using (var fs = {|#1:File.Open(Path.GetDirectoryName(b), FileMode.Open)|})
            fs.Flush(true);
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Saver
{
    public void SyncBoth(string a, string b)
    {
        DurableDirectory.Sync(Path.GetDirectoryName(a));
        DurableDirectory.Sync(Path.GetDirectoryName(b));
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("Path.GetDirectoryName(a)"), Dur012("Path.GetDirectoryName(b)", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Declaration_with_try_finally_inside_a_best_effort_try_catch()
    {
        const string source = @"using System;
using System.IO;

class Store
{
    private readonly string _file = ""data/store.db"";

    public void SyncDirectory()
    {
        try
        {
            var fs = {|#0:File.Open(Path.GetDirectoryName(_file), FileMode.Open)|};
            try
            {
                fs.Flush(true);
            }
            finally
            {
                fs.Dispose();
            }
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Store
{
    private readonly string _file = ""data/store.db"";

    public void SyncDirectory()
    {
        try
        {
            DurableDirectory.Sync(Path.GetDirectoryName(_file));
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("Path.GetDirectoryName(_file)") }, fixedSource, Strict());
    }

    [Fact]
    public Task Not_offered_when_the_pattern_is_not_wholly_removable()
    {
        // The handle is also used for something else; the directory is never flushed (not a sync attempt); the directory
        // local is reassigned between the open and the flush; a FileInfo over the directory is no directory string.
        const string source = @"using System.IO;

class Saver
{
    public long A(string path)
    {
        using (var fs = {|#0:new FileStream(Path.GetDirectoryName(path), FileMode.Open, FileAccess.Read)|})
        {
            fs.Flush(true);
            return fs.Length;
        }
    }

    public FileStream B(string path) => {|#1:File.OpenRead(Path.GetDirectoryName(path))|};

    public void C(string path)
    {
        var dir = Path.GetDirectoryName(path);
        var fs = {|#2:File.Open(dir, FileMode.Open)|};
        dir = path;
        fs.Flush(true);
        fs.Dispose();
    }

    public void D(string path)
    {
        using (var fs = {|#3:new FileInfo(Path.GetDirectoryName(path)).OpenRead()|})
        {
            fs.Flush(true);
        }
    }
}
";
        return V.CodeFixAsync(
            source,
            new[] { Dur012("Path.GetDirectoryName(path)"), Dur012("Path.GetDirectoryName(path)", 1), Dur012("dir", 2), Dur012("new FileInfo(Path.GetDirectoryName(path))", 3) },
            source,
            Strict());
    }

    [Fact]
    public Task Parameter_named_like_a_directory()
    {
        const string source = @"using System.IO;

static class DirectorySync
{
    public static void Sync(string directory)
    {
        using var handle = {|#0:File.OpenHandle(directory)|};
        RandomAccess.FlushToDisk(handle);
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

static class DirectorySync
{
    public static void Sync(string directory)
    {
        DurableDirectory.Sync(directory);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur012("directory") }, fixedSource, Strict());
    }
}
