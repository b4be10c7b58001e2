using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>The fixers' syntax toolkit (<see cref="FixSyntax"/>) and their model lookup (<see cref="DiagnosticFacts"/>).</summary>
public sealed class FixSyntaxTests
{
    private static (SyntaxTree Tree, SemanticModel Model) Compile(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "FixSyntaxTest", new[] { tree, CSharpSyntaxTree.ParseText(DurableRuntimeStubs.Source) }, TestReferences.Net80Assemblies,
            new CSharpCompilationOptions(kind));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return (tree, compilation.GetSemanticModel(tree));
    }

    private static StatementSyntax Statement(SyntaxTree tree, string text) =>
        tree.GetRoot().DescendantNodes().OfType<StatementSyntax>().First(s => s.ToString() == text);

    private static ExpressionSyntax Expression(SyntaxTree tree, string text) =>
        tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>().First(e => e.ToString() == text);

    // ---- line endings and indentation

    [Theory]
    [InlineData("class C\r\n{\r\n}\r\n", "\r\n")]
    [InlineData("class C\n{\n}\n", "\n")]
    [InlineData("class C\r{\r}\r", "\r")]
    [InlineData("class C { }", "\n")] // no line break: the one fallback
    [InlineData("// one\r\nclass C\n{\n}\n", "\n")] // the dominant one, not the first one
    [InlineData("// one\r\nclass C\n{ }", "\r\n")] // a tie: the first one
    public void End_of_line_is_the_documents_dominant_one(string source, string expected)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        Assert.Equal(expected, FixSyntax.EndOfLine(tree.GetRoot()).ToFullString());
    }

    [Fact]
    public void New_statement_in_a_CRLF_document_keeps_CRLF()
    {
        var (tree, _) = Compile("class C\r\n{\r\n    void M()\r\n    {\r\n        M();\r\n    }\r\n}\r\n");
        var statement = FixSyntax.NewStatement("M();", Statement(tree, "M();"));
        Assert.Equal("        M();\r\n", statement.ToFullString());
    }

    [Fact]
    public void New_statement_in_a_tab_indented_document_keeps_tabs()
    {
        var (tree, _) = Compile("class C\n{\n\tvoid M()\n\t{\n\t\tM();\n\t}\n}\n");
        var statement = FixSyntax.NewStatement("M();", Statement(tree, "M();"));
        Assert.Equal("\t\tM();\n", statement.ToFullString());
    }

    [Fact]
    public void Indentation_is_the_whitespace_after_the_last_line_break_comments_stay_out()
    {
        var (tree, _) = Compile("class C\n{\n    void M()\n    {\n\n        // why\n        M();\n    }\n}\n");
        Assert.Equal("        ", FixSyntax.IndentationOf(Statement(tree, "M();")).ToFullString());
    }

    [Fact]
    public void Indentation_of_a_top_level_statement_is_that_of_its_line()
    {
        var (tree, _) = Compile("using System;\n\n  Console.WriteLine();\n", OutputKind.ConsoleApplication);
        Assert.Equal("  ", FixSyntax.IndentationOf(Statement(tree, "Console.WriteLine();")).ToFullString());
    }

    // ---- statement navigation

    [Fact]
    public void Next_and_previous_statement_in_a_block()
    {
        var (tree, _) = Compile("class C { void M() { int a = 1; a++; { a--; } } }");
        var first = Statement(tree, "int a = 1;");
        var second = Statement(tree, "a++;");
        Assert.Same(second, FixSyntax.NextStatement(first));
        Assert.Same(first, FixSyntax.PreviousStatement(second));
        Assert.Null(FixSyntax.PreviousStatement(first));
        Assert.Equal("{ a--; }", FixSyntax.NextStatement(second)!.ToString());
        Assert.Null(FixSyntax.NextStatement(Statement(tree, "a--;"))); // the last of its inner block: nothing after it there
    }

    [Fact]
    public void Next_statement_stays_in_its_switch_section()
    {
        var (tree, _) = Compile("class C { void M(int x) { switch (x) { case 1: x++; break; case 2: x--; break; } } }");
        Assert.Equal("break;", FixSyntax.NextStatement(Statement(tree, "x++;"))!.ToString());
        var firstBreak = tree.GetRoot().DescendantNodes().OfType<BreakStatementSyntax>().First();
        Assert.Null(FixSyntax.NextStatement(firstBreak)); // not into the next section
        Assert.Null(FixSyntax.PreviousStatement(Statement(tree, "x--;")));
    }

    [Fact]
    public void Next_statement_across_top_level_statements_but_not_across_a_type()
    {
        var (tree, _) = Compile("using System;\nConsole.Write(1);\nConsole.Write(2);\nclass C { }\n", OutputKind.ConsoleApplication);
        var first = Statement(tree, "Console.Write(1);");
        var second = Statement(tree, "Console.Write(2);");
        Assert.Same(second, FixSyntax.NextStatement(first));
        Assert.Same(first, FixSyntax.PreviousStatement(second));
        Assert.Null(FixSyntax.NextStatement(second)); // a class follows
        Assert.True(FixSyntax.IsInStatementList(first));
        Assert.IsType<GlobalStatementSyntax>(FixSyntax.ListElement(first));
        Assert.Equal(2, FixSyntax.Siblings(first).Count);
    }

    [Fact]
    public void Embedded_statement_has_no_neighbours_and_is_not_in_a_list()
    {
        var (tree, _) = Compile("class C { void M(bool b) { if (b) M(b); M(!b); } }");
        var embedded = Statement(tree, "M(b);");
        Assert.False(FixSyntax.IsInStatementList(embedded));
        Assert.Null(FixSyntax.NextStatement(embedded));
        Assert.Null(FixSyntax.ListStatementOf(Expression(tree, "M(b)")));
        Assert.Same(embedded, FixSyntax.StatementOf(Expression(tree, "M(b)")));
    }

    [Fact]
    public void Statement_of_looks_through_await_ConfigureAwait_and_conditional_access()
    {
        var (tree, _) = Compile(@"
using System.IO;
using System.Threading.Tasks;
class C
{
    async Task M(Stream s, Stream? t)
    {
        await s.FlushAsync().ConfigureAwait(false);
        t?.Dispose();
        var x = s.CanRead;
    }
}");
        Assert.NotNull(FixSyntax.StatementOf(Expression(tree, "s.FlushAsync()")));
        Assert.NotNull(FixSyntax.StatementOf(Expression(tree, ".Dispose()")));
        Assert.Null(FixSyntax.StatementOf(Expression(tree, ".Dispose()"), throughConditionalAccess: false));
        Assert.Null(FixSyntax.StatementOf(Expression(tree, "s.CanRead")));
    }

    [Fact]
    public void Expression_body_of_a_method_local_function_or_accessor_but_not_of_a_lambda_or_property()
    {
        var (tree, _) = Compile(@"
using System;
using System.IO;
using System.Threading.Tasks;
class C
{
    private readonly FileStream _s = File.Create(""x"");
    void A() => _s.Flush(true);
    async Task B() => await _s.FlushAsync().ConfigureAwait(false);
    void D() { void Local() => _s?.Flush(false); Local(); }
    int P { set => _s.SetLength(value); }
    Action L => () => _s.Flush();
    long Q => _s.Seek(0, SeekOrigin.Begin);
}");
        Assert.NotNull(FixSyntax.ExpressionBodyOf(Expression(tree, "_s.Flush(true)")));
        Assert.NotNull(FixSyntax.ExpressionBodyOf(Expression(tree, "_s.FlushAsync()")));
        Assert.NotNull(FixSyntax.ExpressionBodyOf(Expression(tree, ".Flush(false)")));
        Assert.Null(FixSyntax.ExpressionBodyOf(Expression(tree, ".Flush(false)"), throughConditionalAccess: false));
        Assert.NotNull(FixSyntax.ExpressionBodyOf(Expression(tree, "_s.SetLength(value)")));
        Assert.Null(FixSyntax.ExpressionBodyOf(Expression(tree, "_s.Flush()")));
        Assert.Null(FixSyntax.ExpressionBodyOf(Expression(tree, "_s.Seek(0, SeekOrigin.Begin)")));
    }

    [Fact]
    public void With_block_body_returns_the_value_only_where_the_member_returns_one()
    {
        var (tree, model) = Compile(@"
using System.IO;
using System.Threading.Tasks;
class C
{
    private readonly FileStream _s = File.Create(""x"");
    void A() => _s.Flush(true); // sync
    Task B() => _s.FlushAsync();
    async Task D() => await _s.FlushAsync();
    async Task<int> E() => await Task.FromResult(_s.ReadByte());
}");
        var first = SyntaxFactory.ParseStatement("M();");
        string Body(string expression) =>
            string.Join(" | ", ((BaseMethodDeclarationSyntax)FixSyntax.WithBlockBody(model, FixSyntax.ExpressionBodyOf(Expression(tree, expression))!, first, CancellationToken.None)!)
                .Body!.Statements.Select(st => st.ToFullString().Trim()));
        Assert.Equal("M(); | _s.Flush(true); // sync", Body("_s.Flush(true)"));
        Assert.Equal("M(); | return _s.FlushAsync();", Body("_s.FlushAsync()"));
        Assert.Equal("M(); | await _s.FlushAsync();", Body("await _s.FlushAsync()"));
        Assert.Equal("M(); | return await Task.FromResult(_s.ReadByte());", Body("await Task.FromResult(_s.ReadByte())"));
    }

    [Fact]
    public void Reference_to_a_field_is_qualified_where_a_parameter_hides_it_or_this_is_asked_for()
    {
        var (tree, model) = Compile(@"
using System.IO;
class C
{
    private readonly Stream w = Stream.Null;
    private static readonly Stream s = Stream.Null;
    void A() { w.Flush(); }
    void B(string w) { s.Flush(); }
    static void D(int s) { System.Console.WriteLine(s); }
    void E() { { var local = 1; } w.Flush(); }
}");
        var type = model.Compilation.GetTypeByMetadataName("C")!;
        var field = type.GetMembers("w").Single();
        var statik = type.GetMembers("s").Single();
        int At(string text) => Statement(tree, text).SpanStart;
        Assert.Equal("w", FixSyntax.ReferenceTo(model, At("w.Flush();"), field, qualifyWithThis: false)!.ToString());
        Assert.Equal("this.w", FixSyntax.ReferenceTo(model, At("w.Flush();"), field, qualifyWithThis: true)!.ToString());
        Assert.Equal("this.w", FixSyntax.ReferenceTo(model, At("s.Flush();"), field, qualifyWithThis: false)!.ToString());
        Assert.Equal("s", FixSyntax.ReferenceTo(model, At("s.Flush();"), statik, qualifyWithThis: false)!.ToString());
        Assert.Equal("C.s", FixSyntax.ReferenceTo(model, At("System.Console.WriteLine(s);"), statik, qualifyWithThis: false)!.ToString());
        var local = model.GetDeclaredSymbol(tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "local"))!;
        Assert.Null(FixSyntax.ReferenceTo(model, tree.GetRoot().DescendantNodes().OfType<StatementSyntax>().Last(st => st.ToString() == "w.Flush();").SpanStart, local, qualifyWithThis: false));
    }

    [Fact]
    public void May_be_null_reads_the_flow_state_at_the_place()
    {
        var (tree, model) = Compile(@"
#nullable enable
using System.IO;
class C
{
    private Stream? _w;
    private Stream? _s;
    private Stream _plain = Stream.Null;
    void A() { _s!.Flush(); }
    void B() { if (_w != null) { _s!.Position = 1; } }
    void D() => _s!.SetLength(2);
    void E() { _plain.WriteByte(3); }
#nullable disable
    void F() { _s.ReadByte(); }
}");
        var w = (IFieldSymbol)model.Compilation.GetTypeByMetadataName("C")!.GetMembers("_w").Single();
        var plain = (IFieldSymbol)model.Compilation.GetTypeByMetadataName("C")!.GetMembers("_plain").Single();
        var reference = SyntaxFactory.IdentifierName("_w");
        Assert.True(FixSyntax.MayBeNullAt(model, reference, Expression(tree, "_s!.Flush()"), w.Type, CancellationToken.None));
        Assert.False(FixSyntax.MayBeNullAt(model, reference, Expression(tree, "_s!.Position = 1"), w.Type, CancellationToken.None));
        Assert.True(FixSyntax.MayBeNullAt(model, reference, Expression(tree, "_s!.SetLength(2)"), w.Type, CancellationToken.None));
        Assert.False(FixSyntax.MayBeNullAt(model, SyntaxFactory.IdentifierName("_plain"), Expression(tree, "_plain.WriteByte(3)"), plain.Type, CancellationToken.None));
        Assert.False(FixSyntax.MayBeNullAt(model, reference, Expression(tree, "_s.ReadByte()"), w.Type, CancellationToken.None));
    }

    [Fact]
    public void Runs_whenever_reaches_rejects_branches_loops_and_catches()
    {
        var (tree, _) = Compile(@"
class C
{
    void M(bool b)
    {
        try { A(); } finally { B(); }
        if (b) { D(); }
        foreach (var i in new int[0]) { E(); }
        try { } catch { F(); }
        G(b ? 1 : 2);
        Z();
    }
    void A() { } void B() { } void D() { } void E() { } void F() { } void G(int i) { } void Z() { }
}");
        var z = Expression(tree, "Z()");
        Assert.True(FixSyntax.RunsWheneverReaches(Expression(tree, "A()"), z));
        Assert.True(FixSyntax.RunsWheneverReaches(Expression(tree, "B()"), z));
        Assert.False(FixSyntax.RunsWheneverReaches(Expression(tree, "D()"), z));
        Assert.False(FixSyntax.RunsWheneverReaches(Expression(tree, "E()"), z));
        Assert.False(FixSyntax.RunsWheneverReaches(Expression(tree, "F()"), z));
        Assert.False(FixSyntax.RunsWheneverReaches(Expression(tree, "1"), z));
    }

    // ---- free names

    [Theory]
    [InlineData("class C { void M() { int DurableFile = 0; System.Console.Write(DurableFile); /*here*/ } }")] // a local
    [InlineData("class C { void M(string DurableFile) { /*here*/ } }")] // a parameter
    [InlineData("class C { int DurableFile => 0; void M() { /*here*/ } }")] // a member
    [InlineData("class C { class DurableFile { } void M() { /*here*/ } }")] // another type
    [InlineData("using DurableFile = System.IO.File;\nclass C { void M() { /*here*/ } }")] // a using alias
    public void Durable_type_name_is_not_free_when_something_else_has_it(string source)
    {
        var (tree, model) = Compile(source);
        Assert.False(FixSyntax.NameIsFree(model, tree.ToString().IndexOf("/*here*/", System.StringComparison.Ordinal), "DurableFile"));
    }

    [Theory]
    [InlineData("class C { void M() { /*here*/ } }")] // nothing yet: the fix adds using DurableIO;
    [InlineData("using DurableIO;\nclass C { void M() { /*here*/ } }")] // the runtime's type itself
    public void Durable_type_name_is_free_when_it_binds_to_nothing_or_to_the_runtime(string source)
    {
        var (tree, model) = Compile(source);
        Assert.True(FixSyntax.NameIsFree(model, tree.ToString().IndexOf("/*here*/", System.StringComparison.Ordinal), "DurableFile"));
    }

    [Fact]
    public void Path_type_name_is_written_the_way_it_binds()
    {
        var (tree, model) = Compile("using System.IO;\nclass C { void M() { /*a*/ } }\nnamespace N { class System { } class Path { } class D { void M() { /*b*/ } } }");
        var text = tree.ToString();
        Assert.Equal("Path", FixSyntax.PathTypeName(model, text.IndexOf("/*a*/", System.StringComparison.Ordinal)));
        Assert.Equal("global::System.IO.Path", FixSyntax.PathTypeName(model, text.IndexOf("/*b*/", System.StringComparison.Ordinal)));
    }

    // ---- the two meanings of "stable"

    [Fact]
    public void A_reassigned_local_is_a_side_effect_free_read_but_not_unchanged_in_the_body()
    {
        var (tree, model) = Compile("class C { void M(string p) { var q = p; System.Console.Write(q); q = \"x\"; } }");
        var read = tree.GetRoot().DescendantNodes().OfType<ArgumentSyntax>().Single().Expression;
        Assert.True(FixSyntax.IsSideEffectFreeRead(read, model, CancellationToken.None));
        Assert.False(FixSyntax.IsUnchangedInBody(read, model, CancellationToken.None));
    }

    [Fact]
    public void A_path_built_from_unchanged_values_is_both()
    {
        var (tree, model) = Compile("using System.IO;\nclass C { void M(string dir) { File.Delete(Path.Combine(dir, \"a.txt\") + \".tmp\"); } }");
        var path = tree.GetRoot().DescendantNodes().OfType<ArgumentSyntax>().Last(a => a.Expression is BinaryExpressionSyntax).Expression;
        Assert.True(FixSyntax.IsSideEffectFreeRead(path, model, CancellationToken.None));
        Assert.True(FixSyntax.IsUnchangedInBody(path, model, CancellationToken.None));
    }

    [Fact]
    public void A_method_call_is_neither()
    {
        var (tree, model) = Compile("class C { string N() => \"a\"; void M() { System.IO.File.Delete(N()); } }");
        var call = Expression(tree, "N()");
        Assert.False(FixSyntax.IsSideEffectFreeRead(call, model, CancellationToken.None));
        Assert.False(FixSyntax.IsUnchangedInBody(call, model, CancellationToken.None));
    }

    // ---- from a diagnostic to the model

    [Fact]
    public async Task Diagnostic_facts_map_a_DUR001_back_to_its_rename_and_its_unflushed_write()
    {
        var (tree, model) = Compile(@"
using System.IO;
class C
{
    void M(string path)
    {
        var tmp = path + "".tmp"";
        using (var fs = new FileStream(tmp, FileMode.Create))
        {
            fs.WriteByte(1);
        }
        File.Move(tmp, path!, overwrite: true);
    }
}");
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var diagnostics = await model.Compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RenameAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "DUR001");

        var facts = DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Rename, CancellationToken.None);
        Assert.NotNull(facts);
        Assert.Equal("File.Move(tmp, path!, overwrite: true)", facts!.Operation.Syntax.ToString());
        Assert.Equal("path!", DiagnosticFacts.ExpressionOf(facts.Operation.DestinationArgument)!.ToString());
        Assert.Equal("tmp", DiagnosticFacts.ArgumentOf(facts.Operation.PathArgument)!.ToString());

        var write = facts.At(Analyzers.DiagnosticData.AdditionalLocation(diagnostic, Analyzers.DiagnosticData.Dur001.UnflushedWrite), FileOperationKind.Write);
        Assert.NotNull(write);
        Assert.Equal("fs.WriteByte(1)", write!.Syntax.ToString());
        var close = facts.Model.FindClose(write.Target!, write.Index);
        Assert.True(close is not null && close.Index < facts.Operation.Index); // closed before the rename: DurableFile.Move covers it

        Assert.Null(DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Delete, CancellationToken.None)); // wrong kind: no facts
    }

    [Fact]
    public void Diagnostic_data_round_trips_through_the_typed_writers_and_readers()
    {
        var descriptor = Descriptors.DUR010;
        var diagnostic = Diagnostic.Create(descriptor, Location.None, Analyzers.DiagnosticData.Dur010.Properties(Analyzers.DiagnosticData.DeleteGuard.Exists), "a", "b");
        Assert.True(Analyzers.DiagnosticData.TryGetDeleteGuard(diagnostic, out var guard));
        Assert.Equal(Analyzers.DiagnosticData.DeleteGuard.Exists, guard);
        Assert.False(Analyzers.DiagnosticData.TryGetWriteKind(diagnostic, out _));
        Assert.Null(Analyzers.DiagnosticData.AdditionalLocation(diagnostic, Analyzers.DiagnosticData.Dur010.Rename));

        var dur006 = Diagnostic.Create(Descriptors.DUR006, Location.None, Analyzers.DiagnosticData.Dur006.Stream("writer"), "w");
        Assert.Equal("writer", Analyzers.DiagnosticData.GetFlushTarget(dur006));
        Assert.True(Analyzers.DiagnosticData.TryGetWriteKind(dur006, out var kind) && kind == Analyzers.DiagnosticData.WriteKind.Stream);
        Assert.Null(Analyzers.DiagnosticData.GetFlushTarget(Diagnostic.Create(Descriptors.DUR006, Location.None, Analyzers.DiagnosticData.Dur006.Stream(null), "w")));
    }
}
