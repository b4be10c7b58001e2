using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.ReadOnlyFlushAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>DUR013: Flush(true) on a read-only FileStream. <c>{|#0:…|}</c> is the flush, <c>{|#1:…|}</c> the open (additional location).</summary>
public class Dur013Tests
{
    internal static DiagnosticResult Dur013(string stream, int at = 0, int open = 1) =>
        V.Diagnostic(Descriptors.DUR013).WithLocation(at).WithLocation(open).WithArguments(stream);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task OpenRead_in_using_block()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string downloaded, string target)
    {
        File.Copy(downloaded, target, overwrite: true);
        using (var stream = {|#1:File.OpenRead(target)|})
        {
            {|#0:stream.Flush(true)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("stream"));
    }

    [Fact]
    public Task FileStream_with_FileAccess_Read_in_using_declaration()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path)
    {
        using var fs = {|#1:new FileStream(path, FileMode.Open, FileAccess.Read)|};
        {|#0:fs.Flush(flushToDisk: true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur013("fs"));
    }

    [Fact]
    public Task FileInfo_OpenRead_with_try_finally()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(FileInfo file)
    {
        var s = {|#1:file.OpenRead()|};
        try
        {
            {|#0:s.Flush(true)|};
        }
        finally
        {
            s.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("s"));
    }

    [Fact]
    public Task FileStreamOptions_with_read_access()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read };
        using (var fs = {|#1:new FileStream(path, options)|})
        {
            {|#0:fs.Flush(true)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("fs"));
    }

    [Fact]
    public Task File_Open_with_read_access_in_async_method()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Installer
{
    async Task PersistAsync(string source, string target)
    {
        using (var input = File.OpenRead(source))
        using (var output = File.Create(target))
        {
            await input.CopyToAsync(output);
        }

        using (var check = {|#1:File.Open(target, FileMode.Open, FileAccess.Read, FileShare.Read)|})
        {
            {|#0:check.Flush(true)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("check"));
    }

    [Fact]
    public Task Lambda_body()
    {
        const string source = @"
using System;
using System.IO;

class Installer
{
    Action<string> persist = path =>
    {
        using (var fs = {|#1:File.OpenRead(path)|})
        {
            {|#0:fs.Flush(true)|};
        }
    };
}";
        return V.AnalyzerAsync(source, Dur013("fs"));
    }

    [Fact]
    public Task Local_function_body()
    {
        const string source = @"
using System.IO;

class Installer
{
    void PersistAll(string[] paths)
    {
        foreach (var p in paths)
        {
            Persist(p);
        }

        void Persist(string path)
        {
            var fs = {|#1:new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)|};
            {|#0:fs.Flush(true)|};
            fs.Close();
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("fs"));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"
using System.IO;

File.WriteAllText(""data.txt"", ""x"");
using (var fs = {|#1:File.OpenRead(""data.txt"")|})
{
    {|#0:fs.Flush(true)|};
}
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur013("fs"));
    }

    [Fact]
    public Task Expression_bodied_member()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path) => {|#0:{|#1:File.OpenRead(path)|}.Flush(true)|};
}";
        return V.AnalyzerAsync(source, Dur013("File.OpenRead(path)"));
    }

    [Fact]
    public Task Field_assigned_in_the_body()
    {
        const string source = @"
using System.IO;

class Installer
{
    private FileStream _stream;

    void Persist(string path)
    {
        _stream = {|#1:new FileStream(path, FileMode.Open, FileAccess.Read)|};
        {|#0:_stream.Flush(true)|};
        _stream.Dispose();
    }
}";
        return V.AnalyzerAsync(source, Dur013("_stream"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Directory_named_so_and_opened_only_to_flush_is_DUR012s()
    {
        // DUR012 recognises the directory by its name here; opening it already throws, so Flush(true) never runs.
        const string source = @"
using System.IO;

static class DirectoryFsync
{
    static void FlushUnix(string directory)
    {
        using var fs = new FileStream(directory, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        fs.Flush(flushToDisk: true);
    }

    static void FlushDir(string dir)
    {
        using var fs = File.OpenRead(dir);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Write_access_is_the_plain_System_IO_way()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path)
    {
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            fs.Flush(true);
        }

        using (var rw = File.Open(path, FileMode.Open))
        {
            rw.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Stream_received_as_parameter()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(FileStream fs) => fs.Flush(true);
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_false_and_plain_Flush_on_a_read_stream()
    {
        const string source = @"
using System.IO;

class Reader
{
    string Read(string path)
    {
        using (var fs = File.OpenRead(path))
        using (var reader = new StreamReader(fs))
        {
            fs.Flush();
            fs.Flush(false);
            return reader.ReadToEnd();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Access_that_is_not_a_constant()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path, FileAccess access)
    {
        using (var fs = new FileStream(path, FileMode.Open, access))
        {
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task RandomAccess_FlushToDisk_on_a_read_handle_is_not_Flush_true()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path)
    {
        using (var handle = File.OpenHandle(path))
        {
            RandomAccess.FlushToDisk(handle);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task DurableFile_Sync_and_helper_of_the_same_compilation()
    {
        const string source = @"
using System.IO;
using DurableIO;

static class Disk
{
    public static void Fsync(FileStream stream) => stream.Flush(true);
}

class Installer
{
    void Persist(string path)
    {
        DurableFile.Sync(path);
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            Disk.Fsync(fs);
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Helper_listed_in_editorconfig_on_a_read_stream_is_the_users_own_fsync()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Native
    {
        public static void Sync(FileStream stream) { }
    }

    class Installer
    {
        void Persist(string path)
        {
            using (var fs = File.OpenRead(path))
            {
                Native.Sync(fs);
            }
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Native.Sync(System.IO.FileStream)"));
    }

    [Fact]
    public Task Reads_only_and_a_writer_over_a_MemoryStream()
    {
        const string source = @"
using System.IO;

class Reader
{
    byte[] Read(string path)
    {
        var ms = new MemoryStream();
        using (var fs = File.OpenRead(path))
        {
            fs.CopyTo(ms);
        }

        using (var w = new StreamWriter(ms))
        {
            w.Write(""x"");
            w.Flush();
        }

        return ms.ToArray();
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Directory_opened_for_reading_is_DUR012_not_DUR013()
    {
        const string source = @"
using System.IO;

class Installer
{
    void SyncDir(string path)
    {
        using (var fs = new FileStream(Path.GetDirectoryName(path), FileMode.Open, FileAccess.Read))
        {
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }
    [Fact]
    public Task FileStream_over_a_read_handle_with_a_variable_access_may_be_writable()
    {
        const string source = @"
using System.IO;
using Microsoft.Win32.SafeHandles;

class Installer
{
    void Persist(string path, FileAccess access)
    {
        SafeFileHandle handle = File.OpenHandle(path);
        using (var fs = new FileStream(handle, access))
        {
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task FileStream_over_a_handle_with_read_access()
    {
        const string source = @"
using System.IO;

class Installer
{
    void Persist(string path)
    {
        var handle = {|#1:File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite)|};
        using (var fs = new FileStream(handle, FileAccess.Read))
        {
            {|#0:fs.Flush(true)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("fs"));
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Read_only_stream_created_by_a_private_helper_flushed_to_disk()
    {
        const string source = @"
using System.IO;

class Installer
{
    private static FileStream OpenForReading(string path) => File.OpenRead(path);

    void Persist(string path)
    {
        using (var stream = {|#1:OpenForReading(path)|})
        {
            {|#0:stream.Flush(true)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur013("stream"));
    }
}
