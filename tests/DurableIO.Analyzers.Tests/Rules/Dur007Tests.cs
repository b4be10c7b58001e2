using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.NewFileDirectoryAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR007: a new file flushed to disk whose directory is never synced. <c>{|#0:…|}</c> is the creation, <c>{|#1:…|}</c> its
/// path argument, <c>{|#2:…|}</c> the close after the flush (additional locations, in that order).
/// </summary>
public class Dur007Tests
{
    private const string Consequence = "after a crash the file can be missing although its data was flushed to disk";

    internal const string FromCallerNote =
        " (reported as information: the path comes from a caller the analysis cannot see, which may rename the file or sync its directory)";

    /// <summary>DUR007; <paramref name="fromCaller"/>: the path is a parameter of a method whose callers the analysis cannot see (Info).</summary>
    internal static DiagnosticResult Dur007(string path, bool closed = true, bool fromCaller = false)
    {
        var result = V.Diagnostic(Descriptors.DUR007).WithLocation(0).WithLocation(1);
        if (closed)
        {
            result = result.WithLocation(2);
        }

        return fromCaller
            ? result.WithSeverity(DiagnosticSeverity.Info).WithArguments(path, Consequence + FromCallerNote)
            : result.WithArguments(path, Consequence);
    }

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task CreateNew_in_using_block_with_Flush_true()
    {
        const string source = @"
using System.IO;

class Spool
{
    void Enqueue(string path, byte[] content)
    {
        {|#2:using (var stream = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            stream.Write(content, 0, content.Length);
            stream.Flush();
            stream.Flush(true);
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur007("path"));
    }

    [Fact]
    public Task File_Create_in_using_declaration_with_Path_Combine()
    {
        const string source = @"
using System.IO;

class Spool
{
    void Enqueue(string dir, string id, byte[] content)
    {
        {|#2:using var fs = {|#0:File.Create({|#1:Path.Combine(dir, id + "".msg"")|})|};|}
        fs.Write(content, 0, content.Length);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Dur007("Path.Combine(dir, id + \".msg\")"));
    }

    [Fact]
    public Task StreamWriter_on_field_path_flushed_by_the_runtime_extension()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Ledger
{
    private readonly string _ledgerPath = ""ledger.txt"";

    void Start(string header)
    {
        var writer = {|#0:new StreamWriter({|#1:_ledgerPath|})|};
        try
        {
            writer.WriteLine(header);
            writer.FlushToDisk();
        }
        finally
        {
            {|#2:writer.Dispose()|};
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur007("_ledgerPath"));
    }

    [Fact]
    public Task Async_method_with_FileStreamOptions()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Spool
{
    async Task EnqueueAsync(string path, byte[] content)
    {
        {|#2:await using (var fs = {|#0:new FileStream({|#1:path|}, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write })|})
        {
            await fs.WriteAsync(content, 0, content.Length);
            await fs.FlushAsync();
            fs.Flush(true);
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur007("path"));
    }

    [Fact]
    public Task FileInfo_Create_with_RandomAccess_style_flush()
    {
        const string source = @"
using System.IO;

class Spool
{
    void Enqueue(FileInfo file, byte[] content)
    {
        {|#2:using (var fs = {|#0:{|#1:file|}.Create()|})
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(flushToDisk: true);
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur007("file"));
    }

    [Fact]
    public Task OpenHandle_CreateNew_with_RandomAccess_FlushToDisk()
    {
        const string source = @"
using System.IO;

class Spool
{
    void Enqueue(string path, byte[] content)
    {
        {|#2:using (var handle = {|#0:File.OpenHandle({|#1:path|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }|}
    }
}";
        return V.AnalyzerAsync(source, Dur007("path"));
    }

    [Fact]
    public Task Lambda_body()
    {
        const string source = @"
using System;
using System.IO;

class Spool
{
    Action<string, byte[]> enqueue = (path, content) =>
    {
        {|#2:using (var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew)|})
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }|}
    };
}";
        return V.AnalyzerAsync(source, Dur007("path", fromCaller: true));
    }

    [Fact]
    public Task Local_function_body_and_write_through_file()
    {
        const string source = @"
using System.IO;

class Spool
{
    void EnqueueAll(string[] paths, byte[] content)
    {
        foreach (var p in paths)
        {
            Enqueue(p);
        }

        void Enqueue(string path)
        {
            var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)|};
            fs.Write(content, 0, content.Length);
            {|#2:fs.Close()|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur007("path", fromCaller: true));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"
using System.IO;

{|#2:using (var fs = {|#0:new FileStream({|#1:""order-1.json""|}, FileMode.CreateNew)|})
{
    fs.WriteByte(1);
    fs.Flush(true);
}|}
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur007("\"order-1.json\""));
    }

    [Fact]
    public Task Expression_bodied_member_never_closes()
    {
        const string source = @"
using System.IO;

class Spool
{
    void Touch(string path) => {|#0:File.Create({|#1:path|})|}.Flush(true);
}";
        return V.AnalyzerAsync(source, Dur007("path", closed: false));
    }

    [Fact]
    public Task Directory_sync_before_the_create_does_not_count()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Spool
{
    void Enqueue(string path)
    {
        DurableDirectory.Sync(Path.GetDirectoryName(path));
        {|#2:using (var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew)|})
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }|}
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur007("path"));
    }

    [Fact]
    public Task Cache_file_is_reported_as_information_with_the_reason()
    {
        const string source = @"
using System.IO;

class Thumbnails
{
    void Store(string cachePath, byte[] png)
    {
        {|#2:using (var fs = {|#0:new FileStream({|#1:cachePath|}, FileMode.CreateNew)|})
        {
            fs.Write(png, 0, png.Length);
            fs.Flush(true);
        }|}
    }
}";
        return V.AnalyzerAsync(source, V.Diagnostic(Descriptors.DUR007).WithLocation(0).WithLocation(1).WithLocation(2)
            .WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("cachePath", Consequence + "; reported as information because 'cachePath' names a cache, which is rebuilt after a crash"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Directory_synced_after_the_close()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Spool
{
    void Enqueue(string path, byte[] content)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write(content, 0, content.Length);
            fs.FlushToDisk();
        }

        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path)));
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Not_flushed_to_disk_is_not_a_durability_intent()
    {
        const string source = @"
using System.IO;

class Export
{
    void Write(string path, string csv)
    {
        using (var w = new StreamWriter(path))
        {
            w.Write(csv);
            w.Flush();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Existing_file_opened_or_appended()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Append(string path, byte[] entry)
    {
        using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write))
        {
            fs.Write(entry, 0, entry.Length);
            fs.Flush(true);
        }

        using (var fs = File.OpenWrite(path))
        {
            fs.Flush(true);
        }

        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Temporary_file_renamed_later_is_DUR001_and_DUR002s_business()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] content)
    {
        var tmp = path + "".tmp"";
        using (var fs = new FileStream(tmp, FileMode.CreateNew))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }

        File.Move(tmp, path, overwrite: true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Directory_sync_helper_of_the_same_compilation()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

static class Native
{
    [DllImport(""libc"", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport(""libc"", SetLastError = true)] private static extern int fsync(int fd);
    [DllImport(""libc"", SetLastError = true)] private static extern int close(int fd);

    public static void SyncParent(string file)
    {
        int fd = open(Path.GetDirectoryName(file), 0);
        fsync(fd);
        close(fd);
    }
}

class Spool
{
    void Enqueue(string path)
    {
        using (var fs = File.Create(path))
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }

        Native.SyncParent(path);
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

    class Spool
    {
        void Enqueue(string path)
        {
            using (var fs = File.Create(path))
            {
                fs.WriteByte(1);
                fs.Flush(true);
            }

            Disk.SyncDirectory(Path.GetDirectoryName(path));
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.directory_sync_methods = M:MyCo.Io.Disk.SyncDirectory(System.String)"));
    }

    [Fact]
    public Task Stream_returned_or_received_as_parameter()
    {
        const string source = @"
using System.IO;

class Spool
{
    FileStream Create(string path)
    {
        var fs = new FileStream(path, FileMode.CreateNew);
        fs.WriteByte(1);
        fs.Flush(true);
        return fs;
    }

    void Flush(FileStream fs) => fs.Flush(true);
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Path_from_unknown_code_or_handed_to_a_user_helper()
    {
        const string source = @"
using System.IO;

static class Registry
{
    public static void Register(string path) { }
}

class Spool
{
    // Public: not followed (only private helpers and local functions are), so its result is unknown.
    public static string NextName() => ""x"";

    void Enqueue(string path)
    {
        using (var a = new FileStream(NextName(), FileMode.CreateNew))
        {
            a.Flush(true);
        }

        using (var b = new FileStream(path, FileMode.CreateNew))
        {
            b.Flush(true);
        }

        Registry.Register(path);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Reads_only_and_a_writer_over_a_MemoryStream()
    {
        const string source = @"
using System.IO;

class Spool
{
    string Peek(string path)
    {
        using (var ms = new MemoryStream())
        using (var w = new StreamWriter(ms))
        {
            w.Write(""x"");
            w.Flush();
            ms.Flush();
        }

        using (var fs = File.OpenRead(path))
        using (var r = new StreamReader(fs))
        {
            return r.ReadToEnd();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Durable_writes_sync_their_directory()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    void Save(string path, string text)
    {
        DurableFile.WriteAllText(path, text);
        using (var fs = File.Create(path + "".log""))
        {
            fs.WriteByte(1);
            fs.Flush(true);
        }

        DurableFile.Sync(path + "".log"");
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }
    [Fact]
    public Task Directory_synced_inside_a_lambda_that_may_run()
    {
        const string source = @"
using System;
using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Spool
{
    static void Retry(Action action) => action();

    async Task EnqueueAsync(string path, byte[] content)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }

        await Task.Run(() => DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))));
    }

    void Enqueue(string path)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            fs.Flush(true);
        }

        Retry(() => DurableDirectory.Sync(Path.GetDirectoryName(path)));
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Delete_on_close_file_is_temporary()
    {
        const string source = @"
using System.IO;

class Scratch
{
    void Use(string path, byte[] content)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }
    [Fact]
    public Task Delete_in_a_catch_is_cleanup_not_a_temporary_file()
    {
        const string source = @"
using System.IO;

class Spool
{
    void Enqueue(string path, byte[] content)
    {
        try
        {
            {|#2:using (var fs = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew)|})
            {
                fs.Write(content, 0, content.Length);
                fs.Flush(true);
            }|}
        }
        catch (IOException)
        {
            File.Delete(path);
            throw;
        }
    }
}";
        return V.AnalyzerAsync(source, Dur007("path"));
    }

    [Fact]
    public Task Private_helper_whose_every_caller_renames_or_deletes_the_file()
    {
        // Found on real code: the helper writes a temporary file; its callers move it over the target or delete it.
        const string source = @"
using System;
using System.IO;
using System.Threading.Tasks;

class FileWriter
{
    public void Save(string path, byte[] content)
    {
        var tmp = path + ""."" + Guid.NewGuid().ToString(""N"") + "".tmp"";
        WriteTemporaryFile(tmp, content);
        if (File.Exists(path))
        {
            File.Replace(tmp, path, null);
        }
        else
        {
            File.Move(tmp, path);
        }
    }

    public Task Measure(string root, byte[] content) => Task.Run(() =>
    {
        var file = Path.Combine(root, "".speedtest"");
        this.WriteTemporaryFile(file, content);
        File.Delete(file);
    });

    private void WriteTemporaryFile(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(content, 0, content.Length);
        stream.Flush(flushToDisk: true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Private_helper_with_one_caller_that_keeps_the_file_or_a_use_that_is_not_a_call()
    {
        const string source = @"
using System;
using System.IO;

class FileWriter
{
    public void Save(string path, byte[] content)
    {
        var tmp = path + "".tmp"";
        WriteFile(tmp, content);
        File.Move(tmp, path);
    }

    public void Keep(string path, byte[] content) => WriteFile(path, content);

    public void Publish(string path, byte[] content)
    {
        var tmp = path + "".tmp"";
        WriteOther(tmp, content);
        File.Move(tmp, path);
        Action<string, byte[]> later = WriteOther;
    }

    public void Helper(string path, byte[] content)
    {
        var tmp = path + "".tmp"";
        WriteWithSuffix(tmp, content);
        File.Move(tmp, path);
    }

    private void WriteFile(string path, byte[] content)
    {
        {|#2:using (var stream = {|#0:new FileStream({|#1:path|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            stream.Write(content, 0, content.Length);
            stream.Flush(flushToDisk: true);
        }|}
    }

    private void WriteOther(string path, byte[] content)
    {
        {|#5:using (var stream = {|#3:new FileStream({|#4:path|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            stream.Write(content, 0, content.Length);
            stream.Flush(flushToDisk: true);
        }|}
    }

    private void WriteWithSuffix(string path, byte[] content)
    {
        {|#8:using (var stream = {|#6:new FileStream({|#7:path + "".part""|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            stream.Write(content, 0, content.Length);
            stream.Flush(flushToDisk: true);
        }|}
    }
}";
        return V.AnalyzerAsync(
            source,
            Dur007("path"),
            V.Diagnostic(Descriptors.DUR007).WithLocation(3).WithLocation(4).WithLocation(5).WithArguments("path", Consequence),
            V.Diagnostic(Descriptors.DUR007).WithLocation(6).WithLocation(7).WithLocation(8).WithArguments("path + \".part\"", Consequence));
    }

    [Fact]
    public Task Private_helper_whose_every_caller_syncs_the_directory_after_the_call()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Spool
{
    public void Enqueue(string path, byte[] content)
    {
        WriteEntry(path, content);
        DurableDirectory.Sync(Path.GetDirectoryName(path));
    }

    private static void WriteEntry(string path, byte[] content)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Path_parameter_of_an_interface_implementation_or_override_is_information()
    {
        // Found on real code: an I/O service interface whose callers write a temporary file through it, then replace.
        const string source = @"
using System.IO;

interface IIOService
{
    void WriteAndFlushAllBytes(string path, byte[] bytes);
}

class IOService : IIOService
{
    public void WriteAndFlushAllBytes(string path, byte[] bytes)
    {
        {|#2:using (var stream = {|#0:new FileStream({|#1:path|}, FileMode.Create)|})
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }|}
    }
}

abstract class Store
{
    public abstract void Save(string path, byte[] bytes);
}

class FileStore : Store
{
    public override void Save(string path, byte[] bytes)
    {
        {|#5:using (var stream = {|#3:new FileStream({|#4:path|}, FileMode.CreateNew)|})
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }|}
    }

    public void Export(string path, byte[] bytes)
    {
        {|#8:using (var stream = {|#6:new FileStream({|#7:path|}, FileMode.CreateNew)|})
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }|}
    }
}";
        return V.AnalyzerAsync(
            source,
            Dur007("path", fromCaller: true),
            V.Diagnostic(Descriptors.DUR007).WithLocation(3).WithLocation(4).WithLocation(5).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("path", Consequence + FromCallerNote),
            V.Diagnostic(Descriptors.DUR007).WithLocation(6).WithLocation(7).WithLocation(8).WithArguments("path", Consequence));
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task New_file_whose_path_a_private_helper_returns()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Spool
{
    private readonly string _dir = ""/spool"";

    private string EntryPath(string name) => Path.Combine(_dir, name + "".entry"");

    public void Enqueue(string name, byte[] content)
    {
        {|#2:using (var fs = {|#0:new FileStream({|#1:EntryPath(name)|}, FileMode.CreateNew)|})
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }|}
    }

    public void EnqueueSynced(string name, byte[] content)
    {
        using (var fs = new FileStream(EntryPath(name), FileMode.CreateNew))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }

        DurableDirectory.Sync(_dir);
    }

    public void EnqueueRenamed(string name, byte[] content)
    {
        using (var fs = new FileStream(EntryPath(name), FileMode.CreateNew))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }

        DurableFile.Move(EntryPath(name), Path.Combine(_dir, name), true);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur007("EntryPath(name)"));
    }

    [Fact]
    public Task New_file_a_private_helper_creates_and_returns_is_reported_at_the_call()
    {
        // The helper hands its stream back (an escape there): the story is the caller's, reported at the call.
        const string source = @"
using System.IO;
using DurableIO;

class Spool
{
    private static FileStream CreateEntry(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write);

    private static FileStream CreatePart(string path) => new FileStream(path + "".part"", FileMode.CreateNew, FileAccess.Write);

    public void Enqueue(string path, byte[] content)
    {
        {|#2:using (var fs = {|#0:CreateEntry({|#1:path|})|})
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }|}
    }

    public void EnqueueSynced(string path, byte[] content)
    {
        using (var fs = CreateEntry(path))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }

        DurableDirectory.Sync(Path.GetDirectoryName(path)!);
    }

    // The path the helper opens is not its parameter as it is: no argument to name, so no report (and no fix) at the call.
    public void EnqueuePart(string path, byte[] content)
    {
        using (var fs = CreatePart(path))
        {
            fs.Write(content, 0, content.Length);
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur007("path"));
    }

    [Fact]
    public Task Write_through_file_of_a_private_helper_renamed_by_another_private_helper()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Spool
{
    public void Save(string path, byte[] content)
    {
        var tmp = path + "".tmp"";
        WriteThrough(tmp, content);
        Publish(tmp, path);
        File.Delete(path + "".bak"");
    }

    private static void WriteThrough(string p, byte[] content)
    {
        using (var fs = new FileStream(p, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            fs.Write(content, 0, content.Length);
        }
    }

    private static void Publish(string from, string to)
    {
        File.Move(from, to, true);
        DurableDirectory.Sync(Path.GetDirectoryName(to)!);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }
}
