using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR006 (file written without a flush to disk):
/// <list type="bullet">
/// <item><c>File.WriteAll*</c>/<c>AppendAll*</c> (+ Async) → <c>DurableFile.*</c> of the same name with the same arguments
/// (same bytes on disk), offered only when DurableFile has the overload (same parameter types, and names when arguments are named);</item>
/// <item>a stream: <c>x.FlushToDisk();</c> — in async code (outside a <c>lock</c>) <c>await x.FlushToDiskAsync(token)</c>, with the token and the
/// <c>ConfigureAwait</c> of the last write — before the close: at the end of the <c>using</c> block, at the end of the scope of
/// a <c>using</c> declaration (before a final <c>return</c> that uses no disposable), before an explicit <c>Dispose</c>/<c>Close</c>, or at the end of the <c>try</c> block when the
/// close is in its <c>finally</c>. Offered only when <c>x</c> is a local or parameter of a type FlushToDisk extends
/// (FileStream, StreamWriter, BinaryWriter, BufferedStream, SafeFileHandle) and nothing leaves the region early, so the flush runs after the
/// last write on every path that reaches the close normally.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteWithoutFlushToDiskCodeFixProvider))]
[Shared]
public sealed class WriteWithoutFlushToDiskCodeFixProvider : DurableIOCodeFixProvider
{
    /// <summary>One key for both rewrites (each diagnostic gets one of them), so Fix All and <c>dotnet format</c> fix every DUR006.</summary>
    public const string EquivalenceKey = "DUR006.FlushToDisk";

    /// <summary>The DurableFile overloads of the runtime, by name: parameter types as <c>ToDisplayString()</c> shows them.</summary>
    private static readonly ImmutableDictionary<string, string[]> RuntimeOverloads = new Dictionary<string, string[]>
    {
        ["WriteAllBytes"] = new[] { "string,byte[]", "string,System.ReadOnlySpan<byte>" },
        ["WriteAllText"] = new[] { "string,string", "string,string,System.Text.Encoding", "string,System.ReadOnlySpan<char>", "string,System.ReadOnlySpan<char>,System.Text.Encoding" },
        ["WriteAllLines"] = new[] { "string,string[]", "string,string[],System.Text.Encoding", "string,System.Collections.Generic.IEnumerable<string>", "string,System.Collections.Generic.IEnumerable<string>,System.Text.Encoding" },
        ["WriteAllBytesAsync"] = new[] { "string,byte[],System.Threading.CancellationToken", "string,System.ReadOnlyMemory<byte>,System.Threading.CancellationToken" },
        ["WriteAllTextAsync"] = new[] { "string,string,System.Threading.CancellationToken", "string,string,System.Text.Encoding,System.Threading.CancellationToken" },
        ["WriteAllLinesAsync"] = new[] { "string,System.Collections.Generic.IEnumerable<string>,System.Threading.CancellationToken", "string,System.Collections.Generic.IEnumerable<string>,System.Text.Encoding,System.Threading.CancellationToken" },
        ["AppendAllText"] = new[] { "string,string", "string,string,System.Text.Encoding" },
        ["AppendAllLines"] = new[] { "string,System.Collections.Generic.IEnumerable<string>", "string,System.Collections.Generic.IEnumerable<string>,System.Text.Encoding" },
        ["AppendAllBytes"] = new[] { "string,byte[]" },
        ["AppendAllTextAsync"] = new[] { "string,string,System.Threading.CancellationToken", "string,string,System.Text.Encoding,System.Threading.CancellationToken" },
        ["AppendAllLinesAsync"] = new[] { "string,System.Collections.Generic.IEnumerable<string>,System.Threading.CancellationToken", "string,System.Collections.Generic.IEnumerable<string>,System.Text.Encoding,System.Threading.CancellationToken" },
        ["AppendAllBytesAsync"] = new[] { "string,byte[],System.Threading.CancellationToken" },
    }.ToImmutableDictionary();

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WriteWithoutFlushToDisk);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax write
            || (DiagnosticData.TryGetWriteKind(diagnostic, out var writeKind) && writeKind == DiagnosticData.WriteKind.Member))
        {
            yield break; // a file kept in a field: where its flush to disk belongs is the type's design
        }

        var fix = DiagnosticData.TryGetWriteKind(diagnostic, out var kind) && kind == DiagnosticData.WriteKind.WholeFile
            ? DurableFileFix(model, write, cancellationToken)
            : FlushToDiskFix(root, model, diagnostic, write, cancellationToken);
        if (fix is not null)
        {
            yield return fix;
        }
    }

    private static FixOption? DurableFileFix(SemanticModel model, InvocationExpressionSyntax write, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(write, cancellationToken).Symbol is not IMethodSymbol method
            || method.ContainingType?.ToDisplayString() != "System.IO.File"
            || !HasDurableOverload(model.Compilation, method, write)
            || !FixSyntax.NameIsFree(model, write.SpanStart, "DurableFile"))
        {
            return null;
        }

        var replacement = SyntaxFactory.ParseExpression("DurableFile." + method.Name).WithTriviaFrom(write.Expression);
        return new FixOption(
            $"Use DurableFile.{method.Name} (flushes the file to disk)",
            EquivalenceKey,
            editor => editor.ReplaceNode(write.Expression, replacement));
    }

    private static bool HasDurableOverload(Compilation compilation, IMethodSymbol method, InvocationExpressionSyntax write)
    {
        var namedArguments = write.ArgumentList.Arguments.Where(a => a.NameColon is not null).Select(a => a.NameColon!.Name.Identifier.ValueText).ToList();
        var parameterTypes = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()));
        var durableFile = compilation.GetTypeByMetadataName("DurableIO.DurableFile");
        if (durableFile is null)
        {
            // Not referenced yet: the runtime's API (parameter names mirror System.IO.File's).
            return RuntimeOverloads.TryGetValue(method.Name, out var overloads) && overloads.Contains(parameterTypes);
        }

        return durableFile.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
            candidate.IsStatic && candidate.DeclaredAccessibility == Accessibility.Public
            && string.Join(",", candidate.Parameters.Select(p => p.Type.ToDisplayString())) == parameterTypes
            && namedArguments.All(name => candidate.Parameters.Any(p => p.Name == name)));
    }

    private static FixOption? FlushToDiskFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, InvocationExpressionSyntax write, CancellationToken cancellationToken)
    {
        if (DiagnosticData.GetFlushTarget(diagnostic) is not { } name
            || DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur006.Close) is not { } closeLocation)
        {
            return null;
        }

        var close = root.FindNode(closeLocation.SourceSpan, getInnermostNodeForTie: true);
        var placement = Placement(close, model, cancellationToken);
        if (placement is null)
        {
            return null;
        }

        var (anchor, after, region) = placement.Value;
        var position = after ? anchor.Span.End : anchor.SpanStart;
        if (FixSyntax.CanLeaveEarly(region) || !IsFlushable(model, position, name))
        {
            return null;
        }

        var code = FlushFixSyntax.FlushToDiskCode(model, write, name, anchor, position, cancellationToken);

        var statement = FixSyntax.NewStatement(code, anchor);
        return new FixOption(
            $"Flush '{name}' to disk before it is closed (FlushToDisk)",
            EquivalenceKey,
            editor =>
            {
                if (after)
                {
                    FixSyntax.InsertAfter(editor, anchor, statement);
                }
                else
                {
                    FixSyntax.InsertBefore(editor, anchor, statement);
                }
            });
    }

    /// <summary>
    /// Where the flush goes for the close <paramref name="close"/>: a statement to insert after (<c>after</c>) or before, and the
    /// statements between the write and that place that must not leave early.
    /// </summary>
    private static (StatementSyntax Anchor, bool After, IEnumerable<SyntaxNode> Region)? Placement(SyntaxNode close, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (close)
        {
            case UsingStatementSyntax { Statement: BlockSyntax { Statements.Count: > 0 } body }:
                return (body.Statements.Last(), true, body.Statements);

            case LocalDeclarationStatementSyntax declaration when declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                && FixSyntax.IsInStatementList(declaration):
                var siblings = FixSyntax.Siblings(declaration);
                var index = FixSyntax.IndexIn(siblings, declaration);
                if (index < 0)
                {
                    return null;
                }

                var rest = siblings.Skip(index + 1).ToList();
                if (rest.Count >= 2 && rest[rest.Count - 1] is ReturnStatementSyntax finalReturn && !UsesStreams(finalReturn, model, cancellationToken))
                {
                    // … return x; the scope ends with the return: the flush goes just before it, unless the return still writes.
                    rest.RemoveAt(rest.Count - 1);
                }

                return (rest[rest.Count - 1], true, rest);

            case InvocationExpressionSyntax invocation:
                var statement = FixSyntax.StatementOf(invocation);
                if (statement is null || !FixSyntax.IsInStatementList(statement))
                {
                    return null;
                }

                if (statement.Parent is BlockSyntax { Parent: FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement } } finallyBlock
                    && finallyBlock.Statements.First() == statement && tryStatement.Block.Statements.Count > 0)
                {
                    // try { …writes… } finally { x.Dispose(); }: the flush ends the try block, so a failed write is not flushed.
                    return (tryStatement.Block.Statements.Last(), true, tryStatement.Block.Statements);
                }

                return (statement, false, Enumerable.Empty<SyntaxNode>());

            default:
                return null;
        }
    }

    /// <summary>True when the statement reads a stream, writer or reader (it may still write the file).</summary>
    private static bool UsesStreams(StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            var type = FixSyntax.TypeOf(model.GetSymbolInfo(identifier, cancellationToken).Symbol);

            for (var t = type; t is not null; t = t.BaseType)
            {
                if (t.ToDisplayString() is "System.IO.Stream" or "System.IO.TextWriter" or "System.IO.BinaryWriter" or "System.IDisposable")
                {
                    return true;
                }
            }

            if (type is not null && type.AllInterfaces.Any(i => i.ToDisplayString() is "System.IDisposable" or "System.IAsyncDisposable"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The name binds, at the flush's place, to a local or parameter of a type the runtime's FlushToDisk extends, not declared
    /// nullable (<c>x.FlushToDisk()</c> on a maybe-null variable would be a new nullable warning).
    /// </summary>
    private static bool IsFlushable(SemanticModel model, int position, string name) =>
        model.LookupSymbols(position, name: name).FirstOrDefault() is (ILocalSymbol or IParameterSymbol) and var symbol
        && FixSyntax.TypeOf(symbol) is { NullableAnnotation: not NullableAnnotation.Annotated } type
        && FlushFixSyntax.IsFlushable(type);
}
