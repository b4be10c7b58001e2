using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes;
using Xunit;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR001's durable-rename fix decides "the write is closed before the rename" on the model (closes of the written entity and
/// every stream under it, implicit ones included), not on the names the write's syntax mentions.
/// </summary>
public class Dur001ModelFactsTests
{
    [Fact]
    public async Task A_writer_dispose_closes_the_written_stream_under_it_so_the_durable_rename_is_offered()
    {
        // The last write is on fs; disposing the writer closes fs too (no leaveOpen). The old syntax check only looked for a
        // close of a variable the write names (fs) and offered nothing.
        const string source = @"using System.IO;

class Writer
{
    public static void Write(string tmp, string path, string text)
    {
        var fs = new FileStream(tmp, FileMode.Create);
        var writer = new StreamWriter(fs);
        writer.Write(text);
        writer.Flush();
        fs.WriteByte(0);
        writer.Dispose();
        File.Move(tmp, path);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Contains(offered, o => o.EquivalenceKey == RenameBeforeFlushCodeFixProvider.DurableRenameKey);
    }

    [Fact]
    public async Task A_close_only_on_one_branch_is_not_a_close_before_the_rename()
    {
        const string source = @"using System.IO;

class Writer
{
    public static void Write(string tmp, string path, byte[] data, bool done)
    {
        var fs = new FileStream(tmp, FileMode.Create);
        fs.Write(data, 0, data.Length);
        if (done)
        {
            fs.Dispose();
        }

        File.Move(tmp, path);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.DoesNotContain(offered, o => o.EquivalenceKey == RenameBeforeFlushCodeFixProvider.DurableRenameKey);
    }

    [Fact]
    public async Task A_close_in_finally_counts()
    {
        const string source = @"using System.IO;

class Writer
{
    public static void Write(string tmp, string path, byte[] data)
    {
        var fs = new FileStream(tmp, FileMode.Create);
        try
        {
            fs.Write(data, 0, data.Length);
        }
        finally
        {
            fs.Dispose();
        }

        File.Move(tmp, path);
    }
}";
        var offered = await CodeFixProbe.OfferedAsync<RenameAnalyzer>(source, new RenameBeforeFlushCodeFixProvider());
        Assert.Contains(offered, o => o.EquivalenceKey == RenameBeforeFlushCodeFixProvider.DurableRenameKey);
    }
}
