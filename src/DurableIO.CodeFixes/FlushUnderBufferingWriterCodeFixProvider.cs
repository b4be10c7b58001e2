using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
/// DUR004 (flush to disk while a writer still buffers data). The analyzer names the buffering wrapper (property
/// <see cref="DiagnosticData.GetWrapper"/>); the fix needs it as a variable in scope at the flush:
/// <list type="bullet">
/// <item>flush through the wrapper: <c>fs.Flush(true)</c> or <c>RandomAccess.FlushToDisk(…)</c> → <c>writer.FlushToDisk()</c>;
/// <c>fs.FlushToDisk()</c> / <c>await fs.FlushToDiskAsync(ct)</c> → the same call on <c>writer</c> (await, token and
/// <c>ConfigureAwait</c> kept). Offered when the wrapper is a StreamWriter, BinaryWriter or BufferedStream from which the
/// runtime's flush reaches the file (property <see cref="DiagnosticData.WrapperFlushesToDisk"/>);</item>
/// <item>plain System.IO: <c>writer.Flush();</c> inserted before the statement of the flush to disk, when that statement is in
/// a statement list and the wrapper is not a CryptoStream (whose Flush() keeps the last partial block: it needs
/// <c>FlushFinalBlock()</c>, which ends the stream — a decision the fix does not take).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FlushUnderBufferingWriterCodeFixProvider))]
[Shared]
public sealed class FlushUnderBufferingWriterCodeFixProvider : DurableIOCodeFixProvider
{
    public const string FlushToDiskKey = "DUR004.FlushToDisk";
    public const string FlushWrapperFirstKey = "DUR004.FlushWrapperFirst";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FlushUnderBufferingWriter);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FlushFixSyntax.Invocation(root, diagnostic) is not { } invocation
            || DiagnosticData.GetWrapper(diagnostic) is not { } wrapperName
            || FixSyntax.VariableInScope(model, invocation.SpanStart, wrapperName!) is not { } wrapper
            || FixSyntax.TypeOf(wrapper) is not { } wrapperType
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            yield break;
        }

        if (DiagnosticData.WrapperFlushesToDisk(diagnostic)
            && FlushFixSyntax.IsFlushable(wrapperType)
            && ThroughWrapper(invocation, method, wrapperName!) is { } replacement)
        {
            yield return new FixOption(
                $"Flush '{wrapperName}' and the file with {FlushFixSyntax.MethodName(replacement)}()",
                FlushToDiskKey,
                editor => editor.ReplaceNode(invocation, replacement));
        }

        if (wrapperType.OriginalDefinition.ToDisplayString() != "System.Security.Cryptography.CryptoStream"
            && HasFlush(wrapperType)
            && FixSyntax.StatementOf(invocation, throughConditionalAccess: false) is { } statement
            && FixSyntax.IsInStatementList(statement))
        {
            yield return new FixOption(
                $"Flush '{wrapperName}' first",
                FlushWrapperFirstKey,
                editor =>
                {
                    var flush = SyntaxFactory.ExpressionStatement(
                            SyntaxFactory.InvocationExpression(
                                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(wrapperName!), SyntaxFactory.IdentifierName("Flush"))))
                        .WithLeadingTrivia(FixSyntax.IndentationOf(statement))
                        .WithTrailingTrivia(FixSyntax.EndOfLine(statement));
                    FixSyntax.InsertBefore(editor, statement, flush);
                },
                usesDurableIO: false);
        }
    }

    /// <summary>True for a Stream, TextWriter or BinaryWriter: a type with a parameterless Flush().</summary>
    private static bool HasFlush(ITypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() is "System.IO.Stream" or "System.IO.TextWriter" or "System.IO.BinaryWriter")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The flush rewritten to go through the wrapper, or null when its shape is not one the fix knows.</summary>
    private static InvocationExpressionSyntax? ThroughWrapper(InvocationExpressionSyntax invocation, IMethodSymbol method, string wrapperName)
    {
        var wrapperExpression = SyntaxFactory.IdentifierName(wrapperName);
        var containing = method.ContainingType?.ToDisplayString();
        if (invocation.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        switch (method.Name)
        {
            case "Flush" when containing == "System.IO.FileStream" && method.Parameters.Length == 1:
            case "FlushToDisk" when containing == "System.IO.RandomAccess":
                // fs.Flush(true) / RandomAccess.FlushToDisk(handle) → wrapper.FlushToDisk()
                var call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, wrapperExpression, SyntaxFactory.IdentifierName("FlushToDisk")),
                    FlushFixSyntax.EmptyArgumentList(invocation.ArgumentList));
                return call.WithTriviaFrom(invocation);
            case "FlushToDisk" or "FlushToDiskAsync" when containing == "DurableIO.DurableStreamExtensions" && method.ReducedFrom is not null:
                // fs.FlushToDisk() / fs.FlushToDiskAsync(ct) → wrapper.FlushToDisk() / wrapper.FlushToDiskAsync(ct)
                return invocation.WithExpression(access.WithExpression(wrapperExpression.WithTriviaFrom(access.Expression)));
            default:
                return null;
        }
    }
}
