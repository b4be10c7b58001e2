using System.Linq;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using static DurableIO.Analyzers.Tests.Model.ModelTests;

namespace DurableIO.Analyzers.Tests.Model;

/// <summary>
/// Private helpers of the same compilation, followed one level into their callers: the path a helper returns, the stream it
/// creates and returns, and the file it writes and leaves unflushed (issue 12). Same style as <see cref="ModelTests"/>: the
/// model of a method named <c>M</c>.
/// </summary>
public class PrivateHelperModelTests
{
    private static string Class(string body, string members = "") => @"
using System;
using System.IO;
using System.Threading.Tasks;
using DurableIO;

partial class C
{
    private readonly string _dir = ""/data"";
    private FileStream _stream = File.OpenRead(""x"");
    " + members + @"
    void M(string path, byte[] data, Stream input, C other, bool flag)
    {
" + body + @"
    }
}";

    private static PathValue WrittenPath(FileModel model, int index = 0) => model.OfKind(FileOperationKind.Write).ElementAt(index).Path!;

    // ------------------------------------------------------------------ (a) the path a helper returns

    [Fact]
    public void Path_returned_by_an_expression_bodied_helper_is_its_return_expression_at_the_call()
    {
        var model = Body(Class(@"
        var tmp = TempPathFor(path);
        File.WriteAllText(tmp, ""x"");
        File.WriteAllText(path + "".tmp"", ""y"");
        File.Move(TempPathFor(path), path);", @"
    private static string TempPathFor(string target) => target + "".tmp"";"));
        var rename = model.OfKind(FileOperationKind.Rename).Single();
        Assert.True(WrittenPath(model, 0).Equals(WrittenPath(model, 1)), WrittenPath(model, 0).Key);
        Assert.True(rename.Path!.Equals(WrittenPath(model, 0)));
        Assert.Equal(rename.Destination!.Directory, rename.Path.Directory);
    }

    [Fact]
    public void Path_returned_by_a_block_bodied_helper_through_its_locals_and_fields()
    {
        var model = Body(Class(@"
        File.WriteAllText(SegmentPath(""a""), ""x"");
        File.WriteAllText(Path.Combine(_dir, ""a"" + "".seg""), ""y"");
        File.WriteAllText(other.SegmentPath(""a""), ""z"");", @"
    private string SegmentPath(string name)
    {
        var file = name + "".seg"";
        return Path.Combine(_dir, file);
    }"));
        Assert.True(WrittenPath(model, 0).Equals(WrittenPath(model, 1)), WrittenPath(model, 0).Key);
        Assert.False(WrittenPath(model, 2).IsFullyKnown); // another object's _dir is not this one's
    }

    [Fact]
    public void Path_of_a_helper_with_two_different_returns_or_one_the_model_cannot_name_stays_unknown()
    {
        var model = Body(Class(@"
        File.WriteAllText(Either(path, flag), ""x"");
        File.WriteAllText(Same(path, flag), ""y"");
        File.WriteAllText(Trimmed(path), ""z"");
        File.WriteAllText(Appended(path), ""w"");", @"
    private static string Either(string p, bool b)
    {
        if (b)
        {
            return p + "".a"";
        }

        return p + "".b"";
    }

    private static string Same(string p, bool b)
    {
        if (b)
        {
            return p + "".tmp"";
        }

        return $""{p}.tmp"";
    }

    private static string Trimmed(string p) => p.Trim() + "".tmp"";

    private static string Appended(string p)
    {
        p += "".tmp"";
        return p;
    }"));
        Assert.True(WrittenPath(model, 0).IsUnknown);
        Assert.True(WrittenPath(model, 1).IsFullyKnown);
        Assert.Equal("cat($path@", WrittenPath(model, 1).Key.Substring(0, 10));
        Assert.False(WrittenPath(model, 2).IsFullyKnown);
        Assert.True(WrittenPath(model, 3).Equals(WrittenPath(model, 1)), WrittenPath(model, 3).Key);
    }

    [Fact]
    public void Path_of_a_public_helper_or_of_a_helper_of_a_helper_is_not_followed()
    {
        var model = Body(Class(@"
        File.WriteAllText(PublicTemp(path), ""x"");
        File.WriteAllText(Outer(path), ""y"");
        File.WriteAllText(Recursive(path), ""z"");", @"
    public static string PublicTemp(string p) => p + "".tmp"";
    private static string Inner(string p) => p + "".tmp"";
    private static string Outer(string p) => Inner(p);
    private static string Recursive(string p) => p.Length > 100 ? p : Recursive(p + ""x"");"));
        Assert.All(model.OfKind(FileOperationKind.Write), write => Assert.False(write.Path!.IsFullyKnown, write.Path.Key));
    }

    [Fact]
    public void Random_name_made_by_a_helper_is_another_one_at_each_call()
    {
        var model = Body(Class(@"
        var a = RandomTemp(path);
        var b = RandomTemp(path);
        File.WriteAllText(a, ""x"");
        File.WriteAllText(b, ""y"");
        File.Move(a, path);", @"
    private static string RandomTemp(string p) => p + ""."" + Guid.NewGuid().ToString(""N"") + "".tmp"";"));
        var a = WrittenPath(model, 0);
        var b = WrittenPath(model, 1);
        Assert.True(a.IsFullyKnown);
        Assert.False(a.Equals(b));
        Assert.True(a.Equals(model.OfKind(FileOperationKind.Rename).Single().Path));
        Assert.Equal(model.OfKind(FileOperationKind.Rename).Single().Destination!.Directory, a.Directory);
    }

    [Fact]
    public void Path_returned_by_a_local_function_that_captures_the_callers_parameter()
    {
        var bodies = Bodies(Class(@"
        string Tmp() => path + "".tmp"";
        File.WriteAllText(Tmp(), ""x"");
        File.Move(path + "".tmp"", path);"));
        var model = bodies.Single(b => !b.IsNested);
        Assert.True(WrittenPath(model).Equals(model.OfKind(FileOperationKind.Rename).Single().Path), WrittenPath(model).Key);
    }

    [Fact]
    public void Helper_in_another_partial_declaration_is_followed()
    {
        var model = Body(Class(@"
        File.WriteAllText(Elsewhere(path), ""x"");
        File.Move(path + "".new"", path);") + @"
partial class C
{
    private static string Elsewhere(string p) => Path.ChangeExtension(p, "".new"");
}");
        Assert.Equal(PathValueKind.ChangeExtension, WrittenPath(model).Kind);
        Assert.Equal(model.OfKind(FileOperationKind.Rename).Single().Destination!.Directory, WrittenPath(model).Directory);
    }

    // ------------------------------------------------------------------ (b) the stream a helper creates and returns

    [Fact]
    public void Stream_created_and_returned_by_a_helper_is_created_at_the_call_with_its_settings()
    {
        var model = Body(Class(@"
        using var fs = OpenSegment(path + "".seg"");
        fs.Write(data, 0, data.Length);", @"
    private static FileStream OpenSegment(string p) =>
        new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);"));
        Assert.Equal("Open(fs) Write(fs) Close(fs)", Trace(model));
        var fs = model.Entities.Single(e => e.Symbol?.Name == "fs");
        Assert.Equal(FileEntityOrigin.Created, fs.Origin);
        Assert.True(fs.IsFullyVisible);
        Assert.Equal(2, fs.Mode);
        Assert.Equal(2, fs.Access);
        Assert.True(fs.IsWriteThrough);
        Assert.Equal("cat($path@", fs.Path!.Key.Substring(0, 10));
        var open = model.OfKind(FileOperationKind.Open).Single();
        Assert.True(open.IsInHelper);
        Assert.Equal("path + \".seg\"", open.PathArgument!.Syntax.ToString());
    }

    [Fact]
    public void Writer_returned_by_a_helper_stands_over_the_file_it_opened()
    {
        var model = Body(Class(@"
        using var w = Writer(path);
        using var created = Create(path + "".b"");
        w.Write(""x"");
        created.WriteByte(1);", @"
    private static StreamWriter Writer(string p) => new StreamWriter(p) { AutoFlush = true };

    private static FileStream Create(string p)
    {
        var fs = File.Create(p);
        return fs;
    }"));
        var w = model.Entities.Single(e => e.Symbol?.Name == "w");
        Assert.Equal(FileEntityKind.Wrapper, w.Kind);
        Assert.True(w.IsBuffering);
        Assert.True(w.AutoFlush);
        Assert.True(w.IsFullyVisible);
        Assert.Equal(FileEntityKind.FileStream, w.Root.Kind);
        Assert.Equal(2, w.Root.Mode); // new StreamWriter(path): FileMode.Create
        var created = model.Entities.Single(e => e.Symbol?.Name == "created");
        Assert.True(created.IsFullyVisible);
        Assert.Equal(3, created.Access);
        Assert.Equal("Open(Writer(path)) Wrap(w) Open(created) Write(w) Write(created) Close(created) Close(w) Close(Writer(path))", Trace(model));
    }

    [Fact]
    public void Stream_a_helper_did_not_create_or_did_more_with_stays_created_elsewhere()
    {
        var model = Body(Class(@"
        var field = Current();
        var same = Same(input);
        var header = WithHeader(path);
        var kept = Kept(path);
        var either = Either(path, flag);
        var opened = PublicOpen(path);
        field.WriteByte(1);
        same.WriteByte(1);
        header.WriteByte(1);
        kept.WriteByte(1);
        either.WriteByte(1);
        opened.WriteByte(1);", @"
    private FileStream Current() => _stream;
    private static Stream Same(Stream s) => s;
    private static FileStream WithHeader(string p)
    {
        var fs = new FileStream(p, FileMode.Create);
        fs.WriteByte(0);
        return fs;
    }
    private FileStream Kept(string p)
    {
        var fs = new FileStream(p, FileMode.Create);
        _stream = fs;
        return fs;
    }
    private static FileStream Either(string p, bool b) => b ? new FileStream(p, FileMode.Create) : File.OpenRead(p);
    public static FileStream PublicOpen(string p) => new FileStream(p, FileMode.Create);"));
        foreach (var name in new[] { "field", "same", "header", "kept", "either", "opened" })
        {
            var entity = model.Entities.Single(e => e.Symbol?.Name == name);
            Assert.False(entity.IsFullyVisible, name);
            Assert.NotEqual(FileEntityOrigin.Created, entity.Root.Origin);
        }

        Assert.Empty(model.OfKind(FileOperationKind.Open));
    }

    // ------------------------------------------------------------------ (c) the file a helper writes and leaves unflushed

    [Fact]
    public void File_written_by_a_helper_and_renamed_by_its_caller_is_one_story()
    {
        var model = Body(Class(@"
        var tmp = path + "".tmp"";
        WriteTemp(tmp, data);
        SaveText(tmp + ""2"", ""x"");
        WriteFlushed(tmp + ""3"", data);
        File.Move(tmp, path, true);", @"
    private static void WriteTemp(string tmp, byte[] d)
    {
        using var f = new FileStream(tmp, FileMode.Create);
        f.Write(d, 0, d.Length);
    }

    private static void SaveText(string p, string text) => File.WriteAllText(p, text);

    private static void WriteFlushed(string p, byte[] d)
    {
        using var f = new FileStream(p, FileMode.Create);
        f.Write(d, 0, d.Length);
        f.Flush(true);
    }"));
        // WriteFlushed writes its file anew, then flushes it: both at its call (a flushed write, for DUR001 and DUR008).
        Assert.Equal(
            new[] { FileOperationKind.Write, FileOperationKind.Write, FileOperationKind.Write, FileOperationKind.FlushToDisk, FileOperationKind.Rename },
            model.Operations.Select(o => o.Kind).ToArray());
        var write = model.Operations[0];
        Assert.True(write.IsWholeFile);
        Assert.True(write.IsInHelper);
        Assert.Equal("tmp", write.PathArgument!.Syntax.ToString());
        Assert.True(write.Path!.Equals(model.OfKind(FileOperationKind.Rename).Single().Path));
        Assert.Equal("tmp + \"2\"", model.Operations[1].PathArgument!.Syntax.ToString());
    }

    [Fact]
    public void Write_a_helper_does_not_see_through_or_leaves_to_another_file_is_not_recorded()
    {
        // The body must name a file API of its own to get a model at all (FileApiGate): here the delete.
        var model = Body(Class(@"
        File.Delete(path + "".old"");
        Handed(path);
        LeftOpen(path);
        Moved(path);
        Part(path);
        PublicWrite(path);", @"
    private static void Handed(string p)
    {
        using var f = new FileStream(p, FileMode.Create);
        f.WriteByte(1);
        Serialize(f);
    }

    private static void Serialize(Stream s) { }

    private static void LeftOpen(string p)
    {
        var f = new FileStream(p, FileMode.Create);
        f.WriteByte(1);
    }

    private static void Moved(string p)
    {
        File.WriteAllText(p + "".tmp"", ""x"");
        File.Move(p + "".tmp"", p, true);
    }

    private static void Part(string p) => File.WriteAllText(p + "".part"", ""x"");

    public static void PublicWrite(string p) => File.WriteAllText(p, ""x"");"));
        var write = model.OfKind(FileOperationKind.Write).Single();
        Assert.Equal("cat($path@", write.Path!.Key.Substring(0, 10));
        Assert.EndsWith(".part\")", write.Path.Key);
    }

    // ------------------------------------------------------------------ which methods are followed

    [Fact]
    public void Only_private_methods_and_local_functions_with_a_body_are_followed()
    {
        var tree = CSharpSyntaxTree.ParseText(@"
using System.Runtime.InteropServices;
abstract partial class C
{
    private void Private() { void Local() { } Local(); }
    public void Public() { }
    protected virtual void Virtual() { }
    public abstract void Abstract();
    [DllImport(""libc"")] private static extern int getpid();
    partial void Declared();
    private partial string Implemented();
    private partial string Implemented() => """";
}");
        var compilation = CSharpCompilation.Create("Follows", new[] { tree }, TestReferences.Net80Assemblies);
        var type = compilation.GetTypeByMetadataName("C")!;
        bool Follows(string name) => HelperSummary.Follows(type.GetMembers(name).OfType<IMethodSymbol>().First());
        Assert.True(Follows("Private"));
        Assert.True(Follows("Implemented"));
        Assert.False(Follows("Public"));
        Assert.False(Follows("Virtual"));
        Assert.False(Follows("Abstract"));
        Assert.False(Follows("getpid"));
        Assert.False(Follows("Declared"));
        var semanticModel = compilation.GetSemanticModel(tree);
        var local = tree.GetRoot().DescendantNodes().OfType<LocalFunctionStatementSyntax>().Single();
        Assert.True(HelperSummary.Follows((IMethodSymbol)semanticModel.GetDeclaredSymbol(local)!));
    }
}
