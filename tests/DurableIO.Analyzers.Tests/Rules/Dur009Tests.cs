using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur001Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR009: a rename whose source is in the system temp folder (<c>Path.GetTempFileName()</c>, <c>Path.GetTempPath()</c>), or in
/// another literal directory than its target. Markup: <c>{|#0:…|}</c> is the rename; <c>{|#1:…|}</c> the single
/// <c>File.WriteAll*</c> of the temporary file, which the diagnostic names as additional location when the write and the
/// move can collapse into <c>DurableFile.WriteAll*</c>. The same analyzer reports DUR001/DUR002 on the same renames.
/// </summary>
public class Dur009Tests
{
    internal static DiagnosticResult Dur009(string temporary, string target, int at = 0) =>
        V.Diagnostic(Descriptors.DUR009).WithLocation(at).WithArguments(temporary, target);

    /// <summary>DUR009 with the collapsible write (<c>{|#1:…|}</c>) as additional location.</summary>
    internal static DiagnosticResult Dur009Collapsible(string temporary, string target, int at = 0, int write = 1) =>
        V.Diagnostic(Descriptors.DUR009).WithLocation(at).WithLocation(write).WithArguments(temporary, target);

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task GetTempFileName_written_and_moved_over_the_target()
    {
        const string source = @"
using System.IO;

class Documents
{
    public static void Save(string target, string json)
    {
        var tmp = Path.GetTempFileName();
        {|#1:File.WriteAllText(tmp, json)|};
        {|#0:File.Move(tmp, target, overwrite: true)|};
    }
}";
        return V.AnalyzerAsync(source, Dur009Collapsible("tmp", "target"), Dur001("tmp", "target"), Dur002("target"));
    }

    [Fact]
    public Task Field_target_and_a_flushed_stream_in_the_temp_folder()
    {
        const string source = @"
using System.IO;

class Settings
{
    private readonly string _path = ""settings.json"";

    public void Save(byte[] data)
    {
        var tmp = Path.Combine(Path.GetTempPath(), ""settings.tmp"");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        {|#0:File.Move(tmp, _path)|};
    }
}";
        return V.AnalyzerAsync(source, Dur009("tmp", "_path"));
    }

    [Fact]
    public Task FileInfo_over_a_temp_file_moved_to_a_parameter()
    {
        const string source = @"
using System.IO;

class Exporter
{
    public void Export(string target, byte[] data)
    {
        var tmp = new FileInfo(Path.GetTempFileName());
        using (var stream = tmp.OpenWrite())
        {
            stream.Write(data, 0, data.Length);
            stream.Flush(true);
        }

        {|#0:tmp.MoveTo(target)|};
    }
}";
        return V.AnalyzerAsync(source, Dur009("tmp", "target"));
    }

    [Fact]
    public Task Async_with_await_using_and_a_temp_path_concatenation()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Downloader
{
    public async Task StoreAsync(string target, byte[] data)
    {
        var tmp = Path.GetTempPath() + ""download.part"";
        await using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            await fs.WriteAsync(data, 0, data.Length);
            await fs.FlushAsync();
            fs.Flush(true);
        }

        {|#0:File.Move(tmp, target)|};
    }
}";
        return V.AnalyzerAsync(source, Dur009("tmp", "target"));
    }

    [Fact]
    public Task Lambda_is_its_own_body()
    {
        const string source = @"
using System;
using System.IO;

class Saver
{
    public Action<string, string> Save = (target, text) =>
    {
        var tmp = Path.GetTempFileName();
        {|#1:File.WriteAllText(tmp, text)|};
        {|#0:File.Move(tmp, target, true)|};
    };
}";
        return V.AnalyzerAsync(source, Dur009Collapsible("tmp", "target"), Dur001("tmp", "target"), Dur002("target"));
    }

    [Fact]
    public Task Local_function_with_File_Replace()
    {
        const string source = @"
using System.IO;

class Saver
{
    public void SaveAll(string[] targets, byte[] data)
    {
        foreach (var t in targets)
        {
            Save(t);
        }

        void Save(string target)
        {
            var tmp = Path.GetTempFileName();
            using (var fs = File.Open(tmp, FileMode.Create))
            {
                fs.Write(data, 0, data.Length);
                fs.Flush(true);
            }

            {|#0:File.Replace(tmp, target, null)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur009("tmp", "target"), Dur002("target"));
    }

    [Fact]
    public Task Top_level_statements_with_a_literal_target()
    {
        const string source = @"
using System.IO;

var tmp = Path.GetTempFileName();
{|#1:File.WriteAllBytes(tmp, new byte[] { 1, 2, 3 })|};
{|#0:File.Move(tmp, ""state.bin"", overwrite: true)|};
";
        return V.AnalyzerAsync(
            source,
            new VerifyOptions().AsConsoleApplication(),
            Dur009Collapsible("tmp", "\"state.bin\""),
            Dur001("tmp", "\"state.bin\""),
            Dur002("\"state.bin\""));
    }

    [Fact]
    public Task Expression_bodied_member_moving_a_staged_file_from_the_temp_folder()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Publish(string name, string target) => {|#0:File.Move(Path.Combine(Path.GetTempPath(), name), target)|};
}";
        return V.AnalyzerAsync(source, Dur009("Path.Combine(Path.GetTempPath(), name)", "target"));
    }

    [Fact]
    public Task Literal_paths_in_different_directories()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Publish()
    {
        {|#0:File.Move(@""C:\staging\report.pdf"", @""D:\reports\report.pdf"")|};
        {|#1:File.Move(""/var/tmp/app/state.tmp"", Path.Combine(""/srv/app"", ""state.json""))|};
    }
}";
        return V.AnalyzerAsync(
            source,
            Dur009("@\"C:\\staging\\report.pdf\"", "@\"D:\\reports\\report.pdf\""),
            Dur009("\"/var/tmp/app/state.tmp\"", "Path.Combine(\"/srv/app\", \"state.json\")", 1));
    }

    [Fact]
    public Task DurableFile_Move_from_the_temp_folder_fails_across_file_systems()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Saver
{
    public void Save(string target, byte[] data)
    {
        var tmp = Path.GetTempFileName();
        DurableFile.WriteAllBytes(tmp, data);
        {|#0:DurableFile.Move(tmp, target, true)|};
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur009("tmp", "target"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Temporary_file_next_to_the_target()
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

        File.Move(tmp, path);

        var other = Path.Combine(Path.GetDirectoryName(path), Path.GetRandomFileName());
        File.Move(other, path + "".bak"");
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Temp_folder_to_temp_folder()
    {
        const string source = @"
using System.IO;

class Scratch
{
    public void Rotate()
    {
        var tmp = Path.GetTempFileName();
        File.Move(tmp, Path.Combine(Path.GetTempPath(), ""scratch.dat""));
        File.Move(tmp, Path.ChangeExtension(tmp, "".bak""));
        File.Move(tmp, tmp + "".old"");
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Destination_in_a_scratch_directory_whose_name_says_temp()
    {
        const string source = @"
using System.IO;

class FixtureTests
{
    private readonly string _tempDir = Path.Combine(Path.GetTempPath(), ""fixture"");

    public void Arrange(string name)
    {
        var tmp = Path.GetTempFileName();
        File.Move(tmp, Path.Combine(_tempDir, name));
        File.Move(Path.GetTempFileName(), ""/tmp/fixture/"" + name);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Symbolic_directories_cannot_be_proved_different()
    {
        const string source = @"
using System.IO;

class Publisher
{
    private readonly string _staging;
    private readonly string _data;

    public Publisher(string staging, string data)
    {
        _staging = staging;
        _data = data;
    }

    public void Publish(string name)
    {
        File.Move(Path.Combine(_staging, name), Path.Combine(_data, name));
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Literal_paths_in_the_same_directory_written_differently()
    {
        const string source = @"
using System.IO;

class Publisher
{
    public void Publish()
    {
        File.Move(@""data\report.tmp"", ""data/report.pdf"");
        File.Move(""./state.tmp"", ""state.json"");
        File.Move(""Data/a.tmp"", ""data/a.json"");
        File.Move(""../x/a.tmp"", ""a.json"");
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Reads_and_copies_from_the_temp_folder_are_not_renames()
    {
        const string source = @"
using System.IO;

class Importer
{
    public string Import(string target)
    {
        var tmp = Path.Combine(Path.GetTempPath(), ""import.csv"");
        File.Copy(tmp, target, overwrite: true);
        return File.ReadAllText(tmp);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Temporary_name_from_a_helper_of_the_same_compilation()
    {
        const string source = @"
using System.IO;

class Saver
{
    private static string TempNextTo(string path) => path + "".tmp"";

    public void Save(string target, byte[] data)
    {
        var tmp = TempNextTo(target);
        using (var fs = new FileStream(tmp, FileMode.Create))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        File.Move(tmp, target);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Source_from_unknown_code()
    {
        const string source = @"
using System.IO;

class Saver
{
    private readonly Config _config = new Config();

    public void Save(string target)
    {
        File.Move(_config.StagingFile, target);
        File.Move(Staging.Next(), target + "".2"");
    }
}

class Config { public string StagingFile { get; set; } = """"; }

static class Staging { public static string Next() => ""x""; }";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_listed_in_editorconfig_and_a_stream_received_as_parameter()
    {
        const string source = @"
using System.IO;

namespace MyCo.Io
{
    public static class Fs
    {
        public static void Sync(FileStream stream) { }
    }

    class Saver
    {
        public void Save(FileStream stream, string target)
        {
            var tmp = target + "".new"";
            using (var fs = new FileStream(tmp, FileMode.Create))
            {
                stream.CopyTo(fs);
                Fs.Sync(fs);
            }

            File.Move(tmp, target);
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("durableio.flush_to_disk_methods = M:MyCo.Io.Fs.Sync(System.IO.FileStream)"));
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Temporary_path_in_the_temp_folder_returned_by_a_private_helper()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    private static string TempFor(string name) => Path.Combine(Path.GetTempPath(), name + "".tmp"");

    public static string PublicTempFor(string name) => Path.Combine(Path.GetTempPath(), name + "".tmp"");

    public void Save(string target, string name, string json)
    {
        {|#1:File.WriteAllText(TempFor(name), json)|};
        {|#0:DurableFile.Move(TempFor(name), target, true)|};
    }

    public void SavePublic(string target, string name, string json)
    {
        File.WriteAllText(PublicTempFor(name), json);
        DurableFile.Move(PublicTempFor(name), target, true);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur009Collapsible("TempFor(name)", "target"));
    }
}
