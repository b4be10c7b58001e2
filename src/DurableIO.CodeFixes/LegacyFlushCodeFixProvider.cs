using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR011 (Flush(true) can skip the disk on .NET 6 and 7):
/// <list type="bullet">
/// <item><c>fs.Flush(true)</c> → <c>fs.FlushToDisk()</c> (which empties the buffer first, then flushes to disk and reports a
/// failure), for a receiver of type FileStream;</item>
/// <item>plain System.IO: <c>fs.Flush();</c> inserted before <c>fs.Flush(true);</c>, when the flush is a whole statement in a
/// statement list and <c>fs</c> is a variable or a member (evaluating it again has no side effect).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacyFlushCodeFixProvider))]
[Shared]
public sealed class LegacyFlushCodeFixProvider : DurableIOCodeFixProvider
{
    public const string FlushToDiskKey = "DUR011.FlushToDisk";
    public const string FlushFirstKey = "DUR011.FlushFirst";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LegacyFlushSkipsDisk);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FlushFixSyntax.Invocation(root, diagnostic) is not { } invocation
            || FlushFixSyntax.MethodName(invocation) is not { Identifier.ValueText: "Flush" }
            || FlushFixSyntax.Receiver(invocation) is not { } receiver
            || invocation.ArgumentList.Arguments.Count != 1
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: 1 }
            || !FlushFixSyntax.IsFileStream(model.GetTypeInfo(receiver, cancellationToken).Type))
        {
            yield break;
        }

        yield return new FixOption(
            "Flush to disk with FlushToDisk()",
            FlushToDiskKey,
            editor =>
            {
                editor.ReplaceNode(invocation, FlushFixSyntax.Rename(invocation, "FlushToDisk").WithArgumentList(FlushFixSyntax.EmptyArgumentList(invocation.ArgumentList)));
            });

        if (invocation.Expression is MemberAccessExpressionSyntax
            && FixSyntax.IsSideEffectFreeRead(receiver, model, cancellationToken)
            && FixSyntax.StatementOf(invocation, throughConditionalAccess: false) is { Expression: InvocationExpressionSyntax } statement
            && FixSyntax.IsInStatementList(statement))
        {
            yield return new FixOption(
                $"Call {receiver}.Flush() before Flush(true)",
                FlushFirstKey,
                editor =>
                {
                    var flush = SyntaxFactory.ExpressionStatement(
                            SyntaxFactory.InvocationExpression(
                                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), SyntaxFactory.IdentifierName("Flush"))))
                        .WithLeadingTrivia(FixSyntax.IndentationOf(statement))
                        .WithTrailingTrivia(FixSyntax.EndOfLine(statement));
                    FixSyntax.InsertBefore(editor, statement, flush);
                },
                usesDurableIO: false);
        }
    }
}
