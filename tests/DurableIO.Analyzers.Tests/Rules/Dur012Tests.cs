using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.DirectoryOpenAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>DUR012: a directory opened as a file (always throws). <c>{|#0:…|}</c> is the open.</summary>
public class Dur012Tests
{
    internal static DiagnosticResult Dur012(string directory, int at = 0) =>
        V.Diagnostic(Descriptors.DUR012).WithLocation(at).WithArguments(directory);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task GetDirectoryName_local_in_using_declaration()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, string json)
    {
        File.WriteAllText(path, json);
        var dir = Path.GetDirectoryName(path);
        using var handle = {|#0:new FileStream(dir, FileMode.Open, FileAccess.Read)|};
        handle.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Dur012("dir"));
    }

    [Fact]
    public Task OpenHandle_on_FileInfo_DirectoryName_with_RandomAccess_FlushToDisk()
    {
        const string source = @"
using System.IO;

class Store
{
    void SyncDirectory(FileInfo file)
    {
        using (var handle = {|#0:File.OpenHandle(file.DirectoryName, FileMode.Open, FileAccess.Read)|})
        {
            RandomAccess.FlushToDisk(handle);
        }
    }
}";
        return V.AnalyzerAsync(source, Dur012("file.DirectoryName"));
    }

    [Fact]
    public Task Field_directory_with_try_catch_best_effort()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    private readonly string _file = ""data/store.db"";

    void SyncDirectory()
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
}";
        return V.AnalyzerAsync(source, Dur012("Path.GetDirectoryName(_file)"));
    }

    [Fact]
    public Task DirectoryInfo_FullName_in_async_method()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Store
{
    async Task SaveAsync(string dir, byte[] data)
    {
        var info = Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, ""a.bin""), data);
        using (var fs = {|#0:new FileStream(info.FullName, FileMode.Open, FileAccess.Read)|})
        {
            await fs.FlushAsync();
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, Dur012("info.FullName"));
    }

    [Fact]
    public Task Current_directory_and_temp_path()
    {
        const string source = @"
using System.IO;

class Store
{
    void Sync()
    {
        using (var a = {|#0:File.OpenRead(Directory.GetCurrentDirectory())|})
        {
            a.Flush(true);
        }

        using (var b = {|#1:new FileStream(Path.GetTempPath(), FileMode.Open, FileAccess.Read)|})
        {
            b.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, Dur012("Directory.GetCurrentDirectory()"), Dur012("Path.GetTempPath()", 1));
    }

    [Fact]
    public Task Lambda_body()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    Action<string> syncParent = path =>
    {
        using (var fs = {|#0:new FileStream(Path.GetDirectoryName(path), FileMode.Open, FileAccess.Read)|})
        {
            fs.Flush(true);
        }
    };
}";
        return V.AnalyzerAsync(source, Dur012("Path.GetDirectoryName(path)"));
    }

    [Fact]
    public Task Local_function_body()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, string text)
    {
        File.WriteAllText(path, text);
        SyncParent(path);

        void SyncParent(string file)
        {
            var fs = {|#0:new FileStream(Path.GetDirectoryName(file), FileMode.Open, FileAccess.Read)|};
            fs.Flush(true);
            fs.Close();
        }
    }
}";
        return V.AnalyzerAsync(source, Dur012("Path.GetDirectoryName(file)"));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"
using System;
using System.IO;

File.WriteAllText(""settings.json"", ""{}"");
using (var fs = {|#0:new FileStream(AppContext.BaseDirectory, FileMode.Open, FileAccess.Read)|})
{
    fs.Flush(true);
}
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur012("AppContext.BaseDirectory"));
    }

    [Fact]
    public Task Parameter_named_like_a_directory_opened_only_to_be_flushed()
    {
        const string source = @"
using System.IO;

class Store
{
    private string _dataFolder = ""data"";

    static void SyncDirectory(string directory)
    {
        using var handle = {|#0:File.OpenHandle(directory)|};
        RandomAccess.FlushToDisk(handle);
    }

    static void SyncParent(string parent_dir)
    {
        using (var fs = {|#1:new FileStream(parent_dir, FileMode.Open, FileAccess.Read)|})
        {
            fs.Flush(true);
        }
    }

    void SyncData()
    {
        var fs = {|#2:File.OpenRead(_dataFolder)|};
        fs.Flush(true);
        fs.Dispose();
    }
}";
        return V.AnalyzerAsync(source, Dur012("directory"), Dur012("parent_dir", 1), Dur012("_dataFolder", 2));
    }

    [Fact]
    public Task Expression_bodied_member_without_a_flush_still_throws()
    {
        const string source = @"
using System.IO;

class Store
{
    FileStream OpenParent(string path) => {|#0:File.OpenRead(Path.GetDirectoryName(path))|};
}";
        return V.AnalyzerAsync(source, Dur012("Path.GetDirectoryName(path)"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task DurableDirectory_Sync()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    void Save(string path, string json)
    {
        File.WriteAllText(path, json);
        DurableDirectory.Sync(Path.GetDirectoryName(path));
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task PInvoke_open_of_the_directory_is_the_right_way()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

static class Native
{
    [DllImport(""libc"", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport(""libc"", SetLastError = true)] private static extern int fsync(int fd);
    [DllImport(""libc"", SetLastError = true)] private static extern int close(int fd);

    public static void SyncParent(string path)
    {
        int fd = open(Path.GetDirectoryName(path), 0);
        if (fsync(fd) != 0) throw new IOException(""fsync failed"");
        close(fd);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task File_in_a_directory_is_not_a_directory()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        var dir = Path.GetDirectoryName(path);
        using (var fs = new FileStream(Path.Combine(dir, ""data.bin""), FileMode.Create))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        using (var lockFile = File.Open(Path.GetTempPath() + ""app.lock"", FileMode.OpenOrCreate))
        {
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Path_from_a_parameter_or_unknown_method()
    {
        const string source = @"
using System.IO;

class Store
{
    static string Locate() => ""x"";

    void Sync(string path)
    {
        using (var a = new FileStream(path, FileMode.Open, FileAccess.Read)) { a.Flush(true); }
        using (var b = new FileStream(Locate(), FileMode.Open, FileAccess.Read)) { b.Flush(true); }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Named_like_a_directory_but_written_read_or_not_flushed_or_not_named_so()
    {
        const string source = @"
using System.IO;

class Store
{
    // Written: a file after all (a badly named one), not a sync attempt.
    static void Save(string dir, byte[] data)
    {
        using var fs = new FileStream(dir, FileMode.Create, FileAccess.Write);
        fs.Write(data, 0, data.Length);
        fs.Flush(true);
    }

    // Never flushed: nothing says it is a directory sync.
    static long Size(string directory)
    {
        using var fs = File.OpenRead(directory);
        return fs.Length;
    }

    // Words that merely contain the letters: dirty, directive, redirect, folders.
    static void Flush(string dirtyPath, string directivesFile, string redirectTarget, string folders)
    {
        using (var a = File.OpenRead(dirtyPath)) { a.Flush(true); }
        using (var b = File.OpenRead(directivesFile)) { b.Flush(true); }
        using (var c = File.OpenRead(redirectTarget)) { c.Flush(true); }
        using (var d = File.OpenRead(folders)) { d.Flush(true); }
    }

    // Handed to other code: it may do anything with the stream.
    static void Pass(string dir, System.Action<Stream> use)
    {
        using var fs = File.OpenRead(dir);
        use(fs);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Stream_received_as_parameter()
    {
        const string source = @"
using System.IO;

class Store
{
    void SyncDirectory(FileStream directoryHandle) => directoryHandle.Flush(true);
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Directory_APIs_that_take_a_directory()
    {
        const string source = @"
using System.IO;

class Store
{
    string[] List(string path)
    {
        var dir = Path.GetDirectoryName(path);
        Directory.CreateDirectory(dir);
        return Directory.GetFiles(dir);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Directory_sync_helper_listed_in_editorconfig()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Disk
    {
        public static void SyncDirectory(string dir) { }
    }

    class Store
    {
        void Save(string path, string text)
        {
            File.WriteAllText(path, text);
            Disk.SyncDirectory(Path.GetDirectoryName(path));
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.directory_sync_methods = M:MyCo.Io.Disk.SyncDirectory(System.String)"));
    }

    [Fact]
    public Task Reads_only_and_a_writer_over_a_MemoryStream()
    {
        const string source = @"
using System.IO;

class Store
{
    string Load(string path)
    {
        using (var ms = new MemoryStream())
        using (var w = new StreamWriter(ms))
        {
            w.Write(Path.GetDirectoryName(path));
        }

        return File.ReadAllText(path);
    }
}";
        return V.AnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Directory_returned_by_a_private_helper_opened_as_a_file()
    {
        const string source = @"
using System.IO;

class Syncer
{
    private static string DirectoryOf(string path) => Path.GetDirectoryName(path)!;

    public static string PublicDirectoryOf(string path) => Path.GetDirectoryName(path)!;

    public void Sync(string path)
    {
        using (var d = {|#0:new FileStream(DirectoryOf(path), FileMode.Open, FileAccess.Read)|})
        {
            d.Flush(true);
        }

        using (var other = new FileStream(PublicDirectoryOf(path), FileMode.Open, FileAccess.Read))
        {
            other.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, Dur012("DirectoryOf(path)"));
    }
}
