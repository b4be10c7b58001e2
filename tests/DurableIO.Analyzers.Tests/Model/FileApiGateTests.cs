using System.Linq;
using DurableIO.Analyzers.Tests.Infrastructure;
using Xunit;

namespace DurableIO.Analyzers.Tests.Model;

/// <summary>
/// The gate that keeps the model away from bodies that touch no file API: rejected bodies get no model at all, admitted
/// ones the model they always had (every rule test runs through it too).
/// </summary>
public class FileApiGateTests
{
    [Theory]
    [InlineData("Flush")]
    [InlineData("FlushToDisk")]
    [InlineData("Fsync")]
    [InlineData("fsync")]
    [InlineData("fdatasync")]
    [InlineData("SyncDirectory")]
    [InlineData("DirectorySync")]
    [InlineData("OpenSegment")]
    [InlineData("open64")]
    [InlineData("FileStream")]
    [InlineData("WriteAllText")]
    [InlineData("CopyTo")]
    public void NamesThatCanNameAFileApiPassTheFirstStage(string name) =>
        Assert.True(DurableIO.Analyzers.Model.FileApiNames.IsCandidateName(name));

    [Theory]
    [InlineData("WriteAsync2")]
    [InlineData("ReadAsync")]
    [InlineData("Asynchronous")]
    [InlineData("Add")]
    [InlineData("ToString")]
    [InlineData("Select")]
    [InlineData("WriteLine")]
    [InlineData("Replace")]
    [InlineData("Create")]
    public void OtherNamesDoNot(string name) =>
        Assert.False(DurableIO.Analyzers.Model.FileApiNames.IsCandidateName(name));

    [Fact]
    public void BodyWithoutFileApiGetsNoModel()
    {
        var bodies = ModelTests.Bodies(@"
using System;
using System.Collections.Generic;
class C
{
    void M(List<int> items)
    {
        foreach (var i in items) { Console.WriteLine(i); }
        var copy = new List<int>(items);
        copy.Add(1);
    }
}");
        Assert.Empty(bodies);
    }

    [Fact]
    public void FileNamedOnlyToReadIsNotAFileApi()
    {
        // File passes the name stage; the symbol stage sees File.Exists and File.ReadAllText, which change no file.
        Assert.Empty(ModelTests.Bodies(@"using System.IO; class C { string M(string p) => File.Exists(p) ? File.ReadAllText(p) : """"; }"));
    }

    [Fact]
    public void StreamFieldReadByAnUnrelatedNameIsAdmitted()
    {
        // Nothing in M names a file API, but _stream is declared with a stream type in the same tree.
        var model = ModelTests.Body(@"
using System.IO;
class C
{
    private readonly FileStream _stream = new FileStream(""f"", FileMode.Create);
    void M() { Persist(_stream); _stream.Dispose(); }
    private static void Persist(Stream s) { }
}");
        Assert.Contains(model.Operations, op => op.Target?.DisplayName == "_stream");
    }

    [Fact]
    public void ProjectHelperThatSaysItFlushesIsAdmitted()
    {
        var model = ModelTests.Body(@"
using System.IO;
class C
{
    void M(string path)
    {
        var f = new FileStream(path, FileMode.Create);
        f.WriteByte(1);
        FsyncFile(f);
        f.Dispose();
    }
    private static void FsyncFile(FileStream s) => s.Flush(true);
}");
        Assert.Contains(model.Operations, op => op.Kind == DurableIO.Analyzers.Model.FileOperationKind.FlushToDisk);
    }

    [Fact]
    public void EveryNameTheFirstStageKnowsHoldsAnAnchor()
    {
        // The text is searched for the anchors only: a name without one would never be a candidate.
        var shapes = new[] { "Flush", "flush", "Sync", "sync", "Open", "open" };
        foreach (var name in DurableIO.Analyzers.Model.FileApiNames.ListedNames.Concat(shapes))
        {
            Assert.True(DurableIO.Analyzers.Model.FileApiNames.Anchors.Any(anchor => name.Contains(anchor, System.StringComparison.Ordinal)), name);
        }
    }

    [Fact]
    public void NamesInCommentsAndStringsDoNotAdmit()
    {
        Assert.Empty(ModelTests.Bodies(@"
class C
{
    // Writes with a FileStream and calls Flush(true) - not here.
    string M() => ""File.WriteAllText(path) then fsync"";
}"));
    }

    [Fact]
    public void TypeFollowedByAMemberThatChangesNoFileIsNoCandidate()
    {
        Assert.False(DurableIO.Analyzers.Model.FileApiNames.IsCandidateName("Exists"));
        Assert.Empty(ModelTests.Bodies(@"using System.IO; class C { long M(string p) => File . Exists(p) ? new System.Random().Next() : Stream.Null.Length; }"));
    }

    [Fact]
    public void VerbatimIdentifierIsFound()
    {
        // '@File' starts at its '@'; Move alone names nothing (it is common outside file code).
        var model = ModelTests.Body(@"class C { void M(string a, string b) { System.IO.@File.Move(a, b); } }");
        Assert.Contains(model.Operations, op => op.Kind == DurableIO.Analyzers.Model.FileOperationKind.Rename);
    }

    [Fact]
    public void NameThatUsesNoFileApiDoesNotAdmit()
    {
        // Stream passes the first stage; no operation of the body uses one.
        Assert.Empty(ModelTests.Bodies(@"using System.IO; class C { void M(string p) { System.Console.WriteLine(nameof(Stream) + p); } }"));
    }

    [Fact]
    public void StreamDeclaredInTheBodyAndUsedElsewhereIsAdmitted()
    {
        // The candidate (Stream) is in the declaration; the declarator and the later uses of s do not name it.
        var model = ModelTests.Body(@"
using System.IO;
class C
{
    void M(string p)
    {
        Stream s = Make(p);
        s.WriteByte(1);
        s.Dispose();
    }
    private static FileStream Make(string p) => new FileStream(p, FileMode.Create);
}");
        Assert.Contains(model.Operations, op => op.Kind == DurableIO.Analyzers.Model.FileOperationKind.Write);
    }

    [Fact]
    public void StreamParameterReadInTheBodyIsAdmitted()
    {
        // The only candidate is the parameter's type, outside the body: every read of the parameter counts.
        var model = ModelTests.Body(@"
class C
{
    void M(System.IO.Stream s)
    {
        s.WriteByte(1);
        Persist(s);
    }
    private static void Persist(System.IO.Stream s) { }
}");
        Assert.NotEmpty(model.Operations);
    }

    [Fact]
    public void AttributeOfATypeIsJudgedByItsOwnNames()
    {
        // The attribute's declaration is the whole class: its file-opening member must not make the attribute a candidate.
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(@"
using System.IO;
[System.Obsolete(""old"")]
class C
{
    void M(string p) => new FileStream(p, FileMode.Create).Dispose();
}");
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("A", new[] { tree }, TestReferences.Net80Assemblies);
        var semanticModel = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        var attribute = semanticModel.GetOperation(root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax>().Single())!;
        var method = semanticModel.GetOperation(root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single())!;
        Assert.False(DurableIO.Analyzers.Model.FileApiGate.NamesAFileApi(attribute, DurableIO.Analyzers.Model.ConfiguredMethods.None));
        Assert.True(DurableIO.Analyzers.Model.FileApiGate.NamesAFileApi(method, DurableIO.Analyzers.Model.ConfiguredMethods.None));
    }
}
