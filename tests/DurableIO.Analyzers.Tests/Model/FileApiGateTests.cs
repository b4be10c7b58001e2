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
        Assert.True(DurableIO.Analyzers.Model.FileApiGate.IsCandidateName(name));

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
        Assert.False(DurableIO.Analyzers.Model.FileApiGate.IsCandidateName(name));

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
}
