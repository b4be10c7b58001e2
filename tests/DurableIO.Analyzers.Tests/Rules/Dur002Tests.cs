using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR002: a replacing rename never followed by a sync of the destination directory. The data is flushed to disk in
/// the positive cases, so DUR001 stays out of the picture. Markup: <c>{|#0:…|}</c> is the rename.
/// </summary>
public class Dur002Tests
{
    private static DiagnosticResult Dur002(string destination, int at = 0) => Dur001Tests.Dur002(destination, at);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Locals_flushed_stream_then_Move_with_overwrite()
    {
        const string source = @"
using System.IO;

class Settings
{
    public void Save(string path, byte[] data)
    {
        var tmp = path + "".tmp"";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#0:File.Move(tmp, path, true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur002("path"));
    }

    [Fact]
    public Task Fields_and_File_Replace()
    {
        const string source = @"
using System.IO;

class Store
{
    private readonly string _target = ""/var/lib/app/state.json"";
    private readonly string _staging = ""/var/lib/app/state.json.new"";
    private readonly string _backup = ""/var/lib/app/state.json.bak"";

    public void Publish()
    {
        {|#0:File.Replace(_staging, _target, _backup)|};
    }
}";
        return V.AnalyzerAsync(source, Dur002("_target"));
    }

    [Fact]
    public Task FileInfo_MoveTo_with_overwrite_and_named_argument()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Publish(FileInfo staged, string target)
    {
        {|#0:staged.MoveTo(target, overwrite: true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur002("target"));
    }

    [Fact]
    public Task FileInfo_Replace()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Publish(string staged, string target)
    {
        var info = new FileInfo(staged);
        {|#0:info.Replace(target, null)|};
    }
}";
        return V.AnalyzerAsync(source, Dur002("target"));
    }

    [Fact]
    public Task Async_method_with_sync_before_the_rename_only()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;
using DurableIO;

class Settings
{
    public async Task SaveAsync(string path, string text)
    {
        var dir = Path.GetDirectoryName(path);
        using (var w = new StreamWriter(path + "".tmp""))
        {
            await w.WriteAsync(text);
            await w.FlushToDiskAsync();
        }

        DurableDirectory.Sync(dir);
        {|#0:File.Move(path + "".tmp"", path, true)|};
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur002("path"));
    }

    [Fact]
    public Task Lambda()
    {
        const string source = @"
using System;
using System.IO;

class Publisher
{
    public Action<string, string> Publish = (staged, target) => {|#0:File.Move(staged, target, true)|};
}";
        return V.AnalyzerAsync(source, Dur002("target"));
    }

    [Fact]
    public Task Local_function()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void PublishAll(string[] staged, string dir)
    {
        foreach (var s in staged)
        {
            Publish(s);
        }

        void Publish(string file) => {|#0:File.Move(file, Path.Combine(dir, Path.GetFileName(file)), true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur002("Path.Combine(dir, Path.GetFileName(file))"));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"
using System;
using System.IO;

var target = Path.Combine(AppContext.BaseDirectory, ""settings.json"");
{|#0:File.Move(target + "".new"", target, true)|};
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur002("target"));
    }

    [Fact]
    public Task Expression_bodied_member()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Commit(string staged, string target) => {|#0:File.Move(staged, target, true)|};
}";
        return V.AnalyzerAsync(source, Dur002("target"));
    }

    [Fact]
    public Task Rename_in_try_with_catch_and_no_sync()
    {
        const string source = @"
using System;
using System.IO;

class Publisher
{
    public bool TryCommit(string staged, string target)
    {
        try
        {
            {|#0:File.Move(staged, target, true)|};
            return true;
        }
        catch (IOException)
        {
            File.Delete(staged);
            return false;
        }
    }
}";
        return V.AnalyzerAsync(source, Dur002("target"));
    }

    [Fact]
    public Task Directory_helper_without_configuration_is_not_a_sync()
    {
        return V.AnalyzerAsync(ConfiguredSyncSource.Replace("File.Move(staged, target, true);", "{|#0:File.Move(staged, target, true)|};"), Dur002("target"));
    }

    [Fact]
    public Task Cache_path_is_reported_as_information_with_the_reason()
    {
        const string source = @"
using System.IO;

class Downloader
{
    public void Commit(string staged, string url)
    {
        var target = Path.Combine(""/var/cache/app"", url.GetHashCode().ToString());
        {|#0:File.Move(staged, target, true)|};
    }
}";
        return V.AnalyzerAsync(source, V.Diagnostic(Descriptors.DUR002).WithLocation(0)
            .WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("target",
                "after a crash the rename can be undone and the previous 'target' can come back; reported as information because '/var/cache/app' names a cache, which is rebuilt after a crash"));
    }

    [Fact]
    public Task Cache_path_captured_by_a_lambda_is_still_information()
    {
        // Found on real code: a thumbnail cache written inside Task.Run; the lambda knows 'path' only by its name.
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Thumbnails
{
    public Task Store(string cacheDir, string key, string staged)
    {
        var path = Path.Combine(cacheDir, key + "".jpg"");
        return Task.Run(() =>
        {
            {|#0:File.Move(staged, path, true)|};
        });
    }
}";
        return V.AnalyzerAsync(source, V.Diagnostic(Descriptors.DUR002).WithLocation(0)
            .WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("path",
                "after a crash the rename can be undone and the previous 'path' can come back; reported as information because 'cacheDir' names a cache, which is rebuilt after a crash"));
    }

    [Fact]
    public Task Cache_field_name_downgrades_and_DUR001_is_downgraded_too()
    {
        const string source = @"
using System.IO;

class Index
{
    private string _indexCacheFile = ""index.bin"";

    public void Rebuild(byte[] data)
    {
        {|#1:File.WriteAllBytes(_indexCacheFile + "".tmp"", data)|};
        {|#0:File.Move(_indexCacheFile + "".tmp"", _indexCacheFile, true)|};
    }
}";
        return V.AnalyzerAsync(source,
            V.Diagnostic(Descriptors.DUR001).WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("_indexCacheFile + \".tmp\"", "_indexCacheFile",
                    "after a crash '_indexCacheFile' can be empty or hold partial data; reported as information because '_indexCacheFile' names a cache, which is rebuilt after a crash"),
            V.Diagnostic(Descriptors.DUR002).WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("_indexCacheFile",
                    "after a crash the rename can be undone and the previous '_indexCacheFile' can come back; reported as information because '_indexCacheFile' names a cache, which is rebuilt after a crash"));
    }

    [Fact]
    public Task Rename_primitive_behind_an_interface_is_info()
    {
        // KeyGrant's IStorageFileSystem: RenameAsync and SyncDirAsync are two members; the callers do both, out of sight.
        const string source = @"
using System.IO;
using System.Threading.Tasks;

interface IStorageFileSystem
{
    Task RenameAsync(string from, string to);
}

sealed class SystemStorageFileSystem : IStorageFileSystem
{
    public Task RenameAsync(string from, string to)
    {
        {|#0:File.Move(from, to, overwrite: true)|};
        return Task.CompletedTask;
    }
}

abstract class Store
{
    public virtual void Commit(string temporary, string directory)
    {
        {|#1:File.Replace(temporary, Path.Combine(directory, ""state.json""), null)|};
    }
}";
        const string unseen = " (reported as information: the path comes from a caller the analysis cannot see, which may sync the directory)";
        return V.AnalyzerAsync(
            source,
            V.Diagnostic(Descriptors.DUR002).WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("to", "after a crash the rename can be undone and the previous 'to' can come back" + unseen),
            V.Diagnostic(Descriptors.DUR002).WithLocation(1).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("Path.Combine(directory, \"state.json\")", "after a crash the rename can be undone and the previous 'Path.Combine(directory, \"state.json\")' can come back" + unseen));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Directory_opened_by_a_PInvoke_that_takes_UTF8_bytes()
    {
        // LeanLucene and a key store marshal the path by hand: open(byte[]) / open(byte*), then fsync of that descriptor.
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

static class Store
{
    public static void InlineBytes(string tmp, string path)
    {
        File.Move(tmp, path, overwrite: true);
        var fd = OpenBytes(Encoding.UTF8.GetBytes(Path.GetDirectoryName(Path.GetFullPath(path)) + '\0'), 0);
        if (fd < 0) throw new IOException(""open"");
        try { if (fsync(fd) != 0) throw new IOException(""fsync""); } finally { close(fd); }
    }

    public static void BytesLocal(string tmp, string path)
    {
        File.Move(tmp, path, overwrite: true);
        var name = Encoding.UTF8.GetBytes(Path.GetDirectoryName(Path.GetFullPath(path)) + ""\0"");
        var fd = OpenBytes(name, 0);
        if (fd < 0) throw new IOException(""open"");
        try { if (fsync(fd) != 0) throw new IOException(""fsync""); } finally { close(fd); }
    }

    public static void PointerInAHelper(string tmp, string path)
    {
        File.Move(tmp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    static unsafe void SyncDirectory(string directoryPath)
    {
        var buffer = new byte[Encoding.UTF8.GetByteCount(directoryPath) + 1];
        Encoding.UTF8.GetBytes(directoryPath, 0, directoryPath.Length, buffer, 0);
        int fd;
        fixed (byte* p = buffer) fd = OpenPointer(p, 0);
        if (fd < 0) throw new IOException(""open"");
        try { if (fsync(fd) != 0) throw new IOException(""fsync""); } finally { close(fd); }
    }

    [DllImport(""libc"", EntryPoint = ""open"", SetLastError = true)] static extern int OpenBytes(byte[] path, int flags);
    [DllImport(""libc"", EntryPoint = ""open"", SetLastError = true)] static extern unsafe int OpenPointer(byte* path, int flags);
    [DllImport(""libc"", SetLastError = true)] static extern int fsync(int fd);
    [DllImport(""libc"", SetLastError = true)] static extern int close(int fd);
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Directory_with_a_fallback_synced_through_a_helper_of_a_helper()
    {
        // SonnetDB: DirectoryFsync.FlushBestEffort(Path.GetDirectoryName(path) ?? string.Empty) reaches fsync two calls down.
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

static class Catalog
{
    static void A(string tmp, string path) { File.Move(tmp, path, overwrite: true); Outer(Path.GetDirectoryName(path) ?? string.Empty); }
    static void B(string tmp, string path) { File.Move(tmp, path, overwrite: true); Outer(Path.GetDirectoryName(path) ?? "".""); }
    static void C(string tmp, string path) { File.Move(tmp, path, overwrite: true); var dir = Path.GetDirectoryName(path) ?? "".""; Outer(dir); }
    static void D(string tmp, string path) { File.Move(tmp, path, overwrite: true); Outer(Path.GetDirectoryName(path) is { Length: > 0 } d ? d : "".""); }
    static void E(string tmp, string path) { File.Move(tmp, path, overwrite: true); var d = Path.GetDirectoryName(path); Outer(string.IsNullOrEmpty(d) ? "".""  : d); }

    static void Outer(string directory) { Inner(directory); }

    static void Inner(string directory)
    {
        int fd = open(directory, 0);
        if (fd < 0) throw new IOException(""open"");
        try { if (fsync(fd) != 0) throw new IOException(""fsync""); } finally { close(fd); }
    }

    [DllImport(""libc"", SetLastError = true)] static extern int open(string p, int f);
    [DllImport(""libc"", SetLastError = true)] static extern int fsync(int fd);
    [DllImport(""libc"", SetLastError = true)] static extern int close(int fd);
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task DurableDirectory_Sync_of_the_destination_directory()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Publisher
{
    public void Commit(string staged, string target)
    {
        File.Move(staged, target, true);
        DurableDirectory.Sync(Path.GetDirectoryName(target));
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Directory_sync_by_a_PInvoke_helper_of_the_same_compilation()
    {
        const string source = @"
using System.IO;
using System.Runtime.InteropServices;

static class Fs
{
    [DllImport(""libc"", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport(""libc"", SetLastError = true)] private static extern int fsync(int fd);
    [DllImport(""libc"", SetLastError = true)] private static extern int close(int fd);

    public static void SyncDirectory(string directory)
    {
        int fd = open(directory, 0);
        try
        {
            fsync(fd);
        }
        finally
        {
            close(fd);
        }
    }
}

class Publisher
{
    public void Commit(string staged, string target)
    {
        File.Move(staged, target, true);
        Fs.SyncDirectory(Path.GetDirectoryName(target));
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Directory_descriptor_wrapped_in_a_SafeFileHandle_and_flushed_by_RandomAccess()
    {
        // Found on real code: open(dir) by P/Invoke, the descriptor wrapped in a SafeFileHandle, RandomAccess.FlushToDisk.
        const string source = @"
using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

static class Fs
{
    [DllImport(""libc"", SetLastError = true)] private static extern int open(string path, int flags);

    public static void SyncDirectory(string directory)
    {
        int fd = open(directory, 0);
        if (fd < 0) throw new IOException(""open failed"");
        using (var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true))
        {
            RandomAccess.FlushToDisk(handle);
        }
    }

    public static void Publish(string staged, string target)
    {
        File.Move(staged, target, true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(target)));
    }

    public static void PublishInline(string staged, string target)
    {
        File.Move(staged, target, true);
        int fd = open(Path.GetDirectoryName(Path.GetFullPath(target)), 0);
        using (var handle = new SafeFileHandle((IntPtr)fd, true))
        {
            RandomAccess.FlushToDisk(handle);
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Private_rename_helper_whose_every_caller_syncs_the_directory_but_not_one_whose_caller_does_not()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    public void Save(string staged, string target)
    {
        ReplaceFile(staged, target);
        DurableDirectory.Sync(Path.GetDirectoryName(target));
    }

    public void SaveTwice(string staged, string target)
    {
        ReplaceFile(staged, target);
        DurableDirectory.Sync(Path.GetDirectoryName(target));
        Publish(staged, target);
    }

    private static void ReplaceFile(string from, string to) => File.Move(from, to, overwrite: true);

    private static void Publish(string from, string to) => {|#0:File.Move(from, to, overwrite: true)|};
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur002("to"));
    }

    [Fact]
    public Task Directory_synced_through_opendir_and_dirfd()
    {
        // Found on real code: opendir, dirfd, fsync, closedir (P/Invoke entry points renamed), in a helper and inline.
        const string source = @"
using System;
using System.IO;
using System.Runtime.InteropServices;

static class Fs
{
    [DllImport(""libc"", EntryPoint = ""opendir"", SetLastError = true)] private static extern IntPtr OpenDirectory(string path);
    [DllImport(""libc"", EntryPoint = ""dirfd"", SetLastError = true)] private static extern int DirectoryDescriptor(IntPtr stream);
    [DllImport(""libc"", EntryPoint = ""fsync"", SetLastError = true)] private static extern int Fsync(int fd);
    [DllImport(""libc"", EntryPoint = ""closedir"", SetLastError = true)] private static extern int CloseDirectory(IntPtr stream);

    public static void SyncDirectory(string directory)
    {
        var stream = OpenDirectory(directory);
        if (stream == IntPtr.Zero) throw new IOException(""opendir failed"");
        try
        {
            if (Fsync(DirectoryDescriptor(stream)) != 0) throw new IOException(""fsync failed"");
        }
        finally
        {
            CloseDirectory(stream);
        }
    }

    public static void Publish(string staged, string target)
    {
        File.Move(staged, target, true);
        SyncDirectory(Path.GetDirectoryName(target));
    }

    public static void PublishInline(string staged, string target, string folder)
    {
        File.Move(staged, Path.Combine(folder, target), true);
        var stream = OpenDirectory(folder);
        var descriptor = DirectoryDescriptor(stream);
        Fsync(descriptor);
        CloseDirectory(stream);
    }
}";
        return V.AnalyzerAsync(source);
    }

    private const string ConfiguredSyncSource = @"
using System.IO;

namespace MyCo.Io
{
    public static class Dirs
    {
        // Syncs the application's data directory natively; the analyzer cannot see it.
        public static void SyncDataDirectory() { }
    }

    class Publisher
    {
        public void Commit(string staged, string target)
        {
            File.Move(staged, target, true);
            Dirs.SyncDataDirectory();
        }
    }
}";

    [Fact]
    public Task Directory_sync_helper_listed_in_editorconfig()
    {
        return V.AnalyzerAsync(ConfiguredSyncSource,
            new VerifyOptions().WithEditorConfig("durableio.directory_sync_methods = M:MyCo.Io.Dirs.SyncDataDirectory"));
    }

    [Fact]
    public Task Directory_sync_helper_listed_in_a_globalconfig()
    {
        return V.AnalyzerAsync(ConfiguredSyncSource,
            new VerifyOptions().WithGlobalConfig("durableio.directory_sync_methods = M:MyCo.Io.Dirs.SyncDataDirectory"));
    }

    [Fact]
    public Task Move_without_overwrite_is_not_a_replacing_rename()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Commit(FileStream fs, string staged, string target)
    {
        fs.Flush(true);
        File.Move(staged, target);
        File.Move(staged, target, false);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Durable_rename()
    {
        const string source = @"
using DurableIO;

class Publisher
{
    public void Commit(string staged, string target)
    {
        DurableFile.Move(staged, target, true);
        DurableFile.Replace(staged, target, null);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Sync_through_an_abstraction_the_analyzer_cannot_see()
    {
        const string source = @"
using System.IO;

public interface IFileSystem { void SyncDirectory(string path); }

class Publisher
{
    private readonly IFileSystem _fs;

    public Publisher(IFileSystem fs) { _fs = fs; }

    public void Commit(string staged, string target)
    {
        var directory = Path.GetDirectoryName(target);
        File.Move(staged, target, true);
        _fs.SyncDirectory(directory);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Overwrite_flag_that_is_not_a_constant_and_destination_from_unknown_code()
    {
        const string source = @"
using System.IO;

class Publisher
{
    // Public: not followed (only private helpers and local functions are), so its result is unknown.
    public static string Locate(string name) => Path.Combine(""/srv"", name);

    public void Commit(string staged, string target, bool overwrite)
    {
        File.Move(staged, target, overwrite);
        File.Move(staged, Locate(target), true);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Sync_in_finally_after_the_rename()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Publisher
{
    public void Commit(string staged, string target)
    {
        try
        {
            File.Replace(staged, target, target + "".bak"");
        }
        finally
        {
            DurableDirectory.Sync(Path.GetDirectoryName(target));
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Reads_only_streams_received_as_parameters_and_memory_streams()
    {
        const string source = @"
using System.IO;

class Reader
{
    public string Load(string path, Stream input)
    {
        using (var ms = new MemoryStream())
        using (var w = new StreamWriter(ms))
        {
            input.CopyTo(ms);
            w.Write(File.ReadAllText(path));
            w.Flush();
            return ms.Length.ToString();
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_that_syncs_the_parent_directory_of_its_argument()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Publisher
{
    static void SyncParent(string file) => DurableDirectory.Sync(Path.GetDirectoryName(file));

    public void Commit(string staged, string target)
    {
        File.Move(staged, target, true);
        SyncParent(target);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Destination_returned_by_a_private_helper()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Publisher
{
    private readonly string _dir = ""/srv"";

    private string TargetPath(string name) => Path.Combine(_dir, name);

    public void Commit(string staged, string name)
    {
        {|#0:File.Move(staged, TargetPath(name), true)|};
    }

    public void CommitSynced(string staged, string name)
    {
        File.Move(staged, TargetPath(name), true);
        DurableDirectory.Sync(_dir);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur002("TargetPath(name)"));
    }

    [Fact]
    public Task Rename_by_a_private_helper_is_reported_once_in_the_helper_wherever_it_is_called()
    {
        // The call records the helper's rename (first in the body or after a write), which only DUR001 reads there.
        const string source = @"
using System.IO;

class Publisher
{
    public void Commit(string staged, string target)
    {
        Publish(staged, target);
        File.Delete(target + "".bak"");
    }

    public void Save(string target, string text)
    {
        File.WriteAllText(target + "".old"", text);
        Publish(target + "".new"", target);
    }

    private static void Publish(string from, string to) => {|#0:File.Move(from, to, true)|};
}";
        return V.AnalyzerAsync(source, Dur002("to"));
    }
}
