using System.Collections.Immutable;
using System.Linq;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DurableIO.Analyzers.Tests.Model;

/// <summary>The facts about a type's file-holding fields and auto-properties (issue: files that live across members).</summary>
public class TypeFileFactsTests
{
    private static TypeFileFacts Facts(string source, string type = "Log")
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "FactsTest", new[] { tree, CSharpSyntaxTree.ParseText(DurableRuntimeStubs.Source) }, TestReferences.Net80Assemblies,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var analysis = DurabilityAnalysis.GetOrCreate(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))!;
        return analysis.GetTypeFacts(compilation.GetTypeByMetadataName(type)!, default);
    }

    private static MemberFile Member(TypeFileFacts facts, string name) => facts.Members.Values.Single(m => m.Name == name);

    private static string Names(System.Collections.Generic.IEnumerable<ISymbol> members) => string.Join(",", members.Select(m => m.Name).OrderBy(n => n));

    private const string TransactionLog = @"
using System;
using System.IO;
using System.Text;

sealed class Log : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public Log(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        _writer = new StreamWriter(_stream, Encoding.UTF8);
    }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit()
    {
        _writer.Flush();
        _stream.Flush(true);
    }

    public void Dispose()
    {
        _writer.Dispose();
    }
}";

    [Fact]
    public void ConstructorOpenedWriterOverStreamFieldIsControlled()
    {
        var facts = Facts(TransactionLog);
        var stream = Member(facts, "_stream");
        var writer = Member(facts, "_writer");
        Assert.True(stream.IsControlled, stream.NotControlledBecause);
        Assert.True(writer.IsControlled, writer.NotControlledBecause);
        Assert.Equal(MemberFileCreation.Constructor, stream.Creation);
        Assert.Same(stream, writer.Inner);
        Assert.Same(stream, writer.Root);
        Assert.Equal("Append", Names(writer.Writers));
        Assert.Equal("Commit", Names(writer.Flushers));
        Assert.Equal("Commit", Names(stream.DiskFlushers));
        Assert.Equal("Dispose", Names(writer.Disposers));
        Assert.Equal(6, stream.Created!.Mode); // FileMode.Append
        Assert.False(stream.IsHandedOut);
    }

    [Fact]
    public void FieldInitializerAndLazyCreationAreTheTypes()
    {
        var facts = Facts(@"
using System.IO;

class Log
{
    private FileStream _data = File.Open(""data.bin"", FileMode.OpenOrCreate);
    private StreamWriter? _index;

    public void Add(string key)
    {
        _index ??= new StreamWriter(""index.txt"", append: true);
        _index.WriteLine(key);
        _data.WriteByte(1);
    }
}");
        Assert.Equal(MemberFileCreation.Initializer, Member(facts, "_data").Creation);
        Assert.True(Member(facts, "_data").IsControlled);
        var index = Member(facts, "_index");
        Assert.Equal(MemberFileCreation.Lazily, index.Creation);
        Assert.True(index.IsControlled, index.NotControlledBecause);
        Assert.Equal("Add", Names(index.Writers));
    }

    [Fact]
    public void FieldFromParameterPublicFieldAndHandedOutStreamAreFromElsewhere()
    {
        var facts = Facts(@"
using System.IO;

class Log
{
    private readonly Stream _given;
    public FileStream Open = new FileStream(""a"", FileMode.Create);
    private readonly FileStream _shared = new FileStream(""b"", FileMode.Create);
    private FileStream Auto { get; } = new FileStream(""c"", FileMode.Create);

    public Log(Stream given) { _given = given; }

    public Stream Shared => _shared;

    public void Touch() => Auto.WriteByte(0);
}");
        Assert.False(Member(facts, "_given").IsControlled);
        Assert.Equal("it is assigned a file created elsewhere", Member(facts, "_given").NotControlledBecause);
        Assert.False(Member(facts, "Open").IsControlled);
        Assert.Equal("it is visible outside the type", Member(facts, "Open").NotControlledBecause);
        Assert.False(Member(facts, "_shared").IsControlled);
        Assert.True(Member(facts, "_shared").IsHandedOut);
        var auto = Member(facts, "Auto");
        Assert.True(auto.IsControlled, auto.NotControlledBecause);
        Assert.Equal(MemberFileCreation.Initializer, auto.Creation);
        Assert.Equal("Touch", Names(auto.Writers));
    }

    [Fact]
    public void WriterCreatedOverAStreamFromElsewhereIsNotTheTypes()
    {
        // log4net's TelnetAppender: the writer is created here, the stream under it is a socket's.
        var facts = Facts(@"
using System.IO;
using System.Net.Sockets;

class Log
{
    private readonly StreamWriter _socketWriter;
    private readonly StreamWriter _fileWriter;
    private readonly FileStream _stream;
    private readonly StreamWriter _overStream;

    public Log(Socket socket, string path)
    {
        _socketWriter = new StreamWriter(new NetworkStream(socket));
        var file = File.Open(path, FileMode.Append);
        _fileWriter = new StreamWriter(file);
        _stream = new FileStream(path + "".2"", FileMode.Append);
        _overStream = new StreamWriter(_stream);
    }
}");
        Assert.Equal("it wraps a stream created elsewhere", Member(facts, "_socketWriter").NotControlledBecause);
        Assert.True(Member(facts, "_fileWriter").IsControlled, Member(facts, "_fileWriter").NotControlledBecause);
        Assert.True(Member(facts, "_overStream").IsControlled, Member(facts, "_overStream").NotControlledBecause);
    }

    [Fact]
    public void PartialDeclarationsAreOneType()
    {
        var facts = Facts(@"
using System.IO;

partial class Log
{
    private readonly FileStream _file = new FileStream(""log"", FileMode.Append);
}

partial class Log
{
    public void Sync() => _file.Flush(true);
}");
        Assert.Equal("Sync", Names(Member(facts, "_file").DiskFlushers));
    }

    [Fact]
    public void TypeWithoutFileMembersHasNoFacts()
    {
        var facts = Facts(@"class Log { private readonly string _path = ""x""; public string P => _path; }");
        Assert.Empty(facts.Members);
    }
}
