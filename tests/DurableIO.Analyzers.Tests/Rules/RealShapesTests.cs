using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VNewFile = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.NewFileDirectoryAnalyzer>;
using VRename = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer>;
using VUnflushed = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.UnflushedWriteAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// Paths and flushes the way real code spells them: paths from FileInfo/DirectoryInfo, and a project's own flush-to-disk
/// helper that the analysis cannot see through but whose name says what it does.
/// </summary>
public class RealShapesTests
{
    private const string NewFileConsequence = "after a crash the file can be missing although its data was flushed to disk";

    private static DiagnosticResult Dur007(string path) =>
        VNewFile.Diagnostic(Descriptors.DUR007).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(path, NewFileConsequence);

    [Fact]
    public Task Helper_named_Fsync_that_the_analysis_cannot_see_through_flushes_the_new_file()
    {
        const string source = @"
using System;
using System.IO;

class Segments
{
    private readonly Func<FileStream, int> _sync = s => 0;

    public void Create(string segmentPath, byte[] header)
    {
        {|#2:using (var fs = {|#0:new FileStream({|#1:segmentPath|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            fs.Write(header, 0, header.Length);
            FsyncStream(fs);
        }|}
    }

    private void FsyncStream(FileStream stream) => _sync(stream); // the real call hides behind a delegate
}";
        return VNewFile.AnalyzerAsync(source, Dur007("segmentPath"));
    }

    [Fact]
    public Task No_DUR007_when_names_are_not_trusted()
    {
        const string source = @"
using System;
using System.IO;

class Segments
{
    private readonly Func<FileStream, int> _sync = s => 0;

    public void Create(string segmentPath, byte[] header)
    {
        using (var fs = new FileStream(segmentPath, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write(header, 0, header.Length);
            FsyncStream(fs);
        }
    }

    private void FsyncStream(FileStream stream) => _sync(stream);
}";
        return VNewFile.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_helpers_by_name = false"));
    }

    [Fact]
    public Task A_log_line_named_ToDisk_is_not_a_flush_to_disk()
    {
        // Found on real code (EventStore's CertificateManager): Log.WriteCertificateToDisk(path) logs, it does not flush.
        const string source = @"
using System.IO;

static class Log
{
    public static void WriteCertificateToDisk(string path) { }
}

class Certificates
{
    public void Export(string path, byte[] bytes)
    {
        Log.WriteCertificateToDisk(path);
        {|#0:File.WriteAllBytes(path, bytes)|};
    }
}";
        return VUnflushed.AnalyzerAsync(source, VUnflushed.Diagnostic(Descriptors.DUR006).WithLocation(0).WithArguments("path"));
    }

    [Fact]
    public Task Create_of_a_configured_file_name_in_a_known_directory_is_information()
    {
        // Found on real code (RavenDB 4.1's ServerStore, replacing the server certificate): File.Create rewrites the
        // certificate the server loaded from the configured path at startup; its name is already in the directory.
        const string source = @"
using System;
using System.IO;

class SecuritySettings { public string CertificatePath { get; set; } = """"; }

class Settings { public SecuritySettings Security { get; } = new SecuritySettings(); }

class ServerStore
{
    public Settings Configuration { get; } = new Settings();

    public void ReplaceCertificate(byte[] bytesToSave)
    {
        var certPath = Path.Combine(AppContext.BaseDirectory, Configuration.Security.CertificatePath);
        {|#2:using (var certStream = {|#0:File.Create({|#1:certPath|})|})
        {
            certStream.Write(bytesToSave, 0, bytesToSave.Length);
            certStream.Flush(true);
        }|}
    }
}";
        return VNewFile.AnalyzerAsync(
            source,
            Dur007("certPath").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithArguments(
                "certPath",
                NewFileConsequence + " (reported as information: the file's name comes from code the analysis cannot follow, and FileMode.Create may rewrite a file that already exists)"));
    }

    [Fact]
    public Task CreateNew_of_a_configured_file_name_in_a_known_directory_is_still_a_warning()
    {
        const string source = @"
using System;
using System.IO;

class SecuritySettings { public string CertificatePath { get; set; } = """"; }

class Settings { public SecuritySettings Security { get; } = new SecuritySettings(); }

class ServerStore
{
    public Settings Configuration { get; } = new Settings();

    public void WriteCertificate(byte[] bytesToSave)
    {
        var certPath = Path.Combine(AppContext.BaseDirectory, Configuration.Security.CertificatePath);
        {|#2:using (var certStream = {|#0:new FileStream({|#1:certPath|}, FileMode.CreateNew, FileAccess.Write)|})
        {
            certStream.Write(bytesToSave, 0, bytesToSave.Length);
            certStream.Flush(true);
        }|}
    }
}";
        return VNewFile.AnalyzerAsync(source, Dur007("certPath"));
    }

    private const string ArchiveSlotNote =
        " (reported as information: the target's name is computed from the source's, as for a rolled log or a backup slot, whose old copy the move discards anyway)";

    private static DiagnosticResult Dur010(int delete, int move, string target, string note) =>
        VRename.Diagnostic(Descriptors.DUR010).WithLocation(delete).WithLocation(move).WithArguments(
            target, "until the move there is no '" + target + "' at all, so a crash or a reader in between finds no file" + note);

    [Fact]
    public Task Rolled_log_slots_deleted_before_the_move_are_information()
    {
        // Found on real code (NReco.Logging.File's FileWriter.GetNextFileLogName): the live log is moved into the oldest
        // rolled slot, or every rolled log shifted one slot up; the slot's old copy is what the rotation discards.
        const string source = @"
using System.IO;
using System.Linq;

class FileWriter
{
    private int _rollingNumber;

    public string RollStableBase(string baseLogFileName)
    {
        _rollingNumber++;
        var moveFile = GetFileFromIndex(baseLogFileName, _rollingNumber + 1);
        if (File.Exists(moveFile))
        {
            {|#0:File.Delete(moveFile)|};
        }
        {|#1:File.Move(baseLogFileName, moveFile)|};
        return baseLogFileName;
    }

    public void RollDescending(string baseLogFileName, FileInfo[] logFiles)
    {
        foreach (var finfo in logFiles.OrderByDescending(f => f.Name))
        {
            var index = GetIndexFromFile(baseLogFileName, finfo.Name);
            var moveFile = GetFileFromIndex(baseLogFileName, index + 1);
            if (File.Exists(moveFile))
            {
                {|#2:File.Delete(moveFile)|};
            }
            {|#3:File.Move(finfo.FullName, moveFile)|};
        }
    }

    private static int GetIndexFromFile(string baseLogFileName, string name) => name.Length - baseLogFileName.Length;

    private static string GetFileFromIndex(string baseLogFileName, int index) =>
        Path.Combine(Path.GetDirectoryName(baseLogFileName)!, Path.GetFileNameWithoutExtension(baseLogFileName) + index + Path.GetExtension(baseLogFileName));
}";
        return VRename.AnalyzerAsync(
            source,
            Dur010(0, 1, "moveFile", ArchiveSlotNote).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info),
            Dur010(2, 3, "moveFile", ArchiveSlotNote).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
    }

    [Fact]
    public Task Target_in_the_same_directory_as_the_source_is_still_a_warning()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Commit(string dir)
    {
        var next = Path.Combine(dir, ""state.new"");
        var target = Path.Combine(dir, ""state.json"");
        {|#0:File.Delete(target)|};
        {|#1:File.Move(next, target)|};
    }
}";
        return VRename.AnalyzerAsync(source, Dur010(0, 1, "target", string.Empty));
    }

    [Fact]
    public Task No_DUR006_on_a_lock_file_created_empty()
    {
        // Found on real code (Lucene.NET's SimpleFSLock.Obtain): the lock file is created with no content; only its name matters.
        const string source = @"
using System;
using System.IO;
using System.Text;

class SimpleFSLock
{
    private readonly string _lockFile;

    public SimpleFSLock(string lockFile) => _lockFile = lockFile;

    public bool Obtain()
    {
        if (File.Exists(_lockFile))
        {
            return false;
        }

        File.WriteAllText(_lockFile, string.Empty, new UTF8Encoding(false));
        return true;
    }

    public void Touch(string marker) => File.WriteAllBytes(marker, Array.Empty<byte>());

    public void Mark(string marker) => File.AppendAllText(marker, """");
}";
        return VUnflushed.AnalyzerAsync(source);
    }

    [Fact]
    public Task File_written_with_a_content_that_may_be_empty_is_still_reported()
    {
        const string source = @"
using System.IO;

class Store
{
    private readonly string _path = ""state.txt"";

    public void Save(string content) => {|#0:File.WriteAllText(_path, content)|};
}";
        return VUnflushed.AnalyzerAsync(source, VUnflushed.Diagnostic(Descriptors.DUR006).WithLocation(0).WithArguments("_path"));
    }

    [Fact]
    public Task Temporary_path_built_from_a_DirectoryInfo()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Save(DirectoryInfo folder, string json)
    {
        var target = Path.Combine(folder.FullName, ""state.json"");
        var temp = Path.Combine(folder.FullName, ""state.json.tmp"");
        {|#1:File.WriteAllText(temp, json)|};
        {|#0:File.Move(temp, target, true)|};
        DurableIO.DurableDirectory.Sync(folder.FullName);
    }
}";
        return VRename.AnalyzerAsync(
            source,
            new VerifyOptions().WithDurableRuntime(),
            VRename.Diagnostic(Descriptors.DUR001).WithLocation(0).WithLocation(1)
                .WithArguments("temp", "target", "after a crash 'target' can be empty or hold partial data"));
    }

    [Fact]
    public Task Temporary_path_built_from_a_FileInfo_Directory()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Save(FileInfo file, string json)
    {
        var temp = Path.Combine(file.Directory!.FullName, file.Name + "".tmp"");
        {|#1:File.WriteAllText(temp, json)|};
        {|#0:File.Move(temp, file.FullName, true)|};
        DurableIO.DurableDirectory.Sync(file.DirectoryName!);
    }
}";
        return VRename.AnalyzerAsync(
            source,
            new VerifyOptions().WithDurableRuntime().OnlyLatest(),
            VRename.Diagnostic(Descriptors.DUR001).WithLocation(0).WithLocation(1)
                .WithArguments("temp", "file.FullName", "after a crash 'file.FullName' can be empty or hold partial data"));
    }
}
