using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur001Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.RenameAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR010: the target deleted (optionally under <c>if (File.Exists(…))</c>) before the move onto it. Markup:
/// <c>{|#0:…|}</c> is the delete (the diagnostic), <c>{|#1:…|}</c> the move (additional location).
/// </summary>
public class Dur010Tests
{
    internal static DiagnosticResult Dur010(string target, int at = 0, int move = 1) =>
        V.Diagnostic(Descriptors.DUR010).WithLocation(at).WithLocation(move)
            .WithArguments(target, $"until the move there is no '{target}' at all, so a crash or a reader in between finds no file");

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Delete_under_File_Exists_then_Move()
    {
        const string source = @"
using System.IO;
using System.Text;

class State
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

        if (File.Exists(statePath))
        {
            {|#0:File.Delete(statePath)|};
        }

        {|#1:File.Move(tmp, statePath)|};
    }
}";
        return V.AnalyzerAsync(source, Dur010("statePath"));
    }

    [Fact]
    public Task Fields_unguarded_delete()
    {
        const string source = @"
using System.IO;

class Store
{
    private readonly string _path = ""store.db"";
    private readonly string _next = ""store.db.next"";

    public void Swap()
    {
        {|#0:File.Delete(_path)|};
        {|#1:File.Move(_next, _path)|};
    }
}";
        return V.AnalyzerAsync(source, Dur010("_path"));
    }

    [Fact]
    public Task FileInfo_delete_and_MoveTo()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Swap(string path, string next)
    {
        var target = new FileInfo(path);
        if (target.Exists)
            {|#0:target.Delete()|};
        {|#1:new FileInfo(next).MoveTo(path)|};
    }
}";
        return V.AnalyzerAsync(source, Dur010("path"));
    }

    [Fact]
    public Task Async_method_with_await_using()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

class Store
{
    public async Task SaveAsync(string path, byte[] data)
    {
        var tmp = path + "".tmp"";
        await using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            await fs.WriteAsync(data, 0, data.Length);
            await fs.FlushAsync();
            fs.Flush(true);
        }

        {|#0:File.Delete(path)|};
        {|#1:File.Move(tmp, path)|};
    }
}";
        return V.AnalyzerAsync(source, Dur010("path"));
    }

    [Fact]
    public Task Lambda_with_overwrite_true_after_the_delete()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    public Action<string, string> Swap = (next, target) =>
    {
        {|#0:File.Delete(target)|};
        {|#1:File.Move(next, target, true)|};
    };
}";
        return V.AnalyzerAsync(source, Dur010("target"), Dur002("target", 1));
    }

    [Fact]
    public Task Local_function()
    {
        const string source = @"
using System.IO;

class Store
{
    public void SwapAll(string[] targets)
    {
        foreach (var t in targets)
        {
            Swap(t);
        }

        static void Swap(string target)
        {
            if (File.Exists(target)) {|#0:File.Delete(target)|};
            {|#1:File.Move(target + "".new"", target)|};
        }
    }
}";
        return V.AnalyzerAsync(source, Dur010("target"));
    }

    [Fact]
    public Task Top_level_statements_with_literal_paths()
    {
        const string source = @"
using System.IO;

if (File.Exists(""config.json""))
{
    {|#0:File.Delete(""config.json"")|};
}

{|#1:File.Move(""config.json.new"", ""config.json"")|};
";
        return V.AnalyzerAsync(source, new VerifyOptions().AsConsoleApplication(), Dur010("\"config.json\""));
    }

    [Fact]
    public Task Statements_in_between_that_do_not_touch_the_target()
    {
        const string source = @"
using System;
using System.IO;

class Store
{
    public void Swap(string path, string next)
    {
        {|#0:File.Delete(path)|};
        Console.WriteLine(""replacing"");
        {|#1:File.Move(next, path)|};
    }
}";
        return V.AnalyzerAsync(source, Dur010("path"));
    }

    [Fact]
    public Task DurableFile_delete_and_move_still_leave_a_window()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    public void Swap(string path, string next)
    {
        {|#0:DurableFile.Delete(path)|};
        {|#1:DurableFile.Move(next, path, false)|};
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime(), Dur010("path"));
    }

    [Fact]
    public Task Cache_is_reported_at_Info_and_says_why()
    {
        const string source = @"
using System.IO;

class Thumbnails
{
    public void Store(string cachePath, string next)
    {
        {|#0:File.Delete(cachePath)|};
        {|#1:File.Move(next, cachePath)|};
    }
}";
        return V.AnalyzerAsync(
            source,
            V.Diagnostic(Descriptors.DUR010).WithLocation(0).WithLocation(1).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("cachePath", "until the move there is no 'cachePath' at all, so a crash or a reader in between finds no file; reported as information because 'cachePath' names a cache, which is rebuilt after a crash"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Replacing_move_without_delete()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    public void Swap(string path, string next)
    {
        DurableFile.Move(next, path, overwrite: true);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Delete_of_a_stale_temporary_file_before_writing_it()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Save(string path, byte[] data)
    {
        var tmp = path + "".tmp"";
        File.Delete(tmp);
        using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }

        File.Move(tmp, path + "".ready"");
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Delete_and_move_in_different_branches()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Apply(bool discard, string path, string next)
    {
        if (discard)
        {
            File.Delete(path);
        }
        else
        {
            File.Move(next, path + "".x"");
        }

        if (discard)
            File.Delete(next);
        else
            File.Move(path, next);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Delete_in_a_catch_and_move_in_the_try()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Apply(string path, string next)
    {
        try
        {
            File.Move(next, path);
        }
        catch (IOException)
        {
            File.Delete(path);
            throw;
        }
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Target_recreated_between_the_delete_and_the_move()
    {
        const string source = @"
using System.IO;

class Store
{
    public void Apply(string path, string next)
    {
        File.Delete(path);
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            fs.Flush(true);
        }

        File.Move(next, path);
    }
}";
        return V.AnalyzerAsync(source);
    }

    [Fact]
    public Task Replace_needs_the_target_and_unknown_paths_are_not_the_same()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    // Public: not followed (only private helpers and local functions are), so its result is unknown.
    public static string Next() => ""x"";

    public void Apply(string path, string next, string backup)
    {
        File.Delete(backup);
        DurableFile.Replace(next, path, backup);
        File.Delete(Next());
        DurableFile.Move(next, Next(), true);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Delete_after_the_move_and_reads_only()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    public string Apply(string path, string next)
    {
        DurableFile.Move(next, path, overwrite: true);
        File.Delete(path + "".bak"");
        return File.ReadAllText(path);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Delete_in_a_loop_of_old_files()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    public void Apply(string[] old, string path, string next)
    {
        foreach (var file in old)
        {
            File.Delete(file);
        }

        DurableFile.Move(next, path, true);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Delete_done_by_a_helper_the_analysis_does_not_follow()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    public void Apply(string path, string next)
    {
        DeleteIfExists(path);
        DurableFile.Move(next, path, false);
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithDurableRuntime());
    }

    [Fact]
    public Task Backup_slot_rotated_and_deleted_again_is_transient()
    {
        // Found on real code: the primary file exists throughout; 'old' is only a slot the method empties again.
        const string source = @"
using System.IO;

class SafeFile
{
    public void Save(string path, string next)
    {
        var old = path + "".old"";
        if (File.Exists(old))
        {
            File.Delete(old);
        }

        File.Move(path, old);
        File.Move(next, path);
        File.Delete(old);
    }
}";
        return V.AnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ private helpers, one level (issue 12)

    [Fact]
    public Task Target_named_by_a_private_helper_deleted_before_the_move()
    {
        const string source = @"
using System.IO;

class Store
{
    private readonly string _dir = ""/data"";

    private string TargetOf(string name) => Path.Combine(_dir, name);

    public void Apply(string name, string next)
    {
        {|#0:File.Delete(TargetOf(name))|};
        {|#1:File.Move(next, TargetOf(name))|};
    }
}";
        return V.AnalyzerAsync(source, Dur010("TargetOf(name)"));
    }
}
