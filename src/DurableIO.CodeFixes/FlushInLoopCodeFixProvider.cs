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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR003 (flush to disk on every iteration of a loop): moves the flush statement after the loop, with its comments. The
/// durability point moves: after the fix a crash in the middle of the loop can lose what the loop wrote so far, which
/// the title says. Offered when
/// <list type="bullet">
/// <item>the flush is a whole statement (<c>fs.Flush(true);</c>, <c>await w.FlushToDiskAsync(ct).ConfigureAwait(false);</c>,
/// <c>_stream?.Flush(true);</c> on a lazily opened field)
/// directly in the loop's block, or in the block of an <c>if</c> without <c>else</c> directly in it (the analyzer checked
/// that its condition does not change in the loop: the <c>if</c> moves along, or is repeated around the moved flush);</item>
/// <item>the loop is in a statement list and cannot be left by <c>return</c>, <c>goto</c> or <c>yield</c> (a path that
/// would skip the moved flush); an exception skips it, as it would skip the rest of the loop;</item>
/// <item>the flush uses no variable declared inside the loop.</item>
/// </list>
/// When the statement right after the loop already is the same flush, the one in the loop is only removed.
/// More options (DurableLog; the write-through shape of DUR003): <see cref="FlushInLoopAlternatives"/>, offered after this one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FlushInLoopCodeFixProvider))]
[Shared]
public sealed partial class FlushInLoopCodeFixProvider : DurableIOCodeFixProvider
{
    public const string MoveAfterLoopKey = "DUR003.MoveAfterLoop";
    public const string Title = "Move the flush to disk after the loop (the durability point moves to the end of the loop)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FlushInLoop);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticData.TryGetFlushInLoopKind(diagnostic, out var kind) && kind == DiagnosticData.FlushInLoopKind.WriteThrough)
        {
            return WriteThroughFixes(root, model, diagnostic, cancellationToken); // FlushInLoopCodeFixProvider.WriteThrough.cs
        }

        if (kind != DiagnosticData.FlushInLoopKind.Flush
            || DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur003.Loop) is not { } loopLocation
            || FlushFixSyntax.Invocation(root, diagnostic) is not { } invocation
            || FixSyntax.StatementOf(invocation, throughConditionalAccess: true) is not { } statement
            || root.FindNode(loopLocation.SourceSpan, getInnermostNodeForTie: true) is not StatementSyntax loop
            || FlushInLoopAnalyzer.LoopBody(loop) is not BlockSyntax body
            || !FixSyntax.IsInStatementList(loop))
        {
            return Enumerable.Empty<FixOption>();
        }

        IfStatementSyntax? guard = null;
        if (!ReferenceEquals(statement.Parent, body))
        {
            if (statement.Parent is not BlockSyntax { Parent: IfStatementSyntax { Else: null } ifStatement } ifBlock
                || !ReferenceEquals(ifStatement.Statement, ifBlock) || !ReferenceEquals(ifStatement.Parent, body))
            {
                return Enumerable.Empty<FixOption>();
            }

            guard = ifStatement;
        }

        if (CanLeaveWithoutReachingTheEnd(body) || UsesLoopVariables(model, loop, statement, cancellationToken)
            || (guard is not null && UsesLoopVariables(model, loop, guard.Condition, cancellationToken)))
        {
            return Enumerable.Empty<FixOption>();
        }

        return new[]
        {
            new FixOption(Title, MoveAfterLoopKey, editor => Move(editor, loop, statement, guard), usesDurableIO: false),
        }.Concat(Alternatives(FlushInLoopAlternatives.DurableLog(model, loop, invocation, flushDiagnostic: true, cancellationToken)));
    }

    private static void Move(DocumentEditor editor, StatementSyntax loop, ExpressionStatementSyntax statement, IfStatementSyntax? guard)
    {
        // The flushes that already follow the loop (moved by an earlier fix, or written there): insert after them, in order.
        var anchor = loop;
        var following = new List<StatementSyntax>();
        for (var next = FixSyntax.NextStatement(anchor); next is not null && IsFlushStatement(next); next = FixSyntax.NextStatement(anchor))
        {
            following.Add(next);
            anchor = next;
        }

        var loopElement = FixSyntax.ListElement(anchor);
        StatementSyntax moved;
        if (guard is null)
        {
            editor.RemoveNode(statement);
            if (following.Any(f => SyntaxFactory.AreEquivalent(f, statement)))
            {
                return; // the same flush already follows the loop
            }

            moved = statement;
        }
        else if (guard.Statement is BlockSyntax { Statements.Count: 1 })
        {
            editor.RemoveNode(guard);
            moved = guard;
        }
        else
        {
            editor.RemoveNode(statement);
            var endOfLine = FixSyntax.EndOfLine(statement);
            moved = SyntaxFactory.IfStatement(guard.Condition.WithoutTrivia(), SyntaxFactory.Block(statement.WithoutLeadingTrivia()))
                .NormalizeWhitespace("    ", endOfLine.ToString())
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(endOfLine);
        }

        moved = moved.WithLeadingTrivia(WithoutIndentation(moved.GetLeadingTrivia()))
            .WithAdditionalAnnotations(Formatter.Annotation);
        if (loopElement is GlobalStatementSyntax)
        {
            editor.InsertAfter(loopElement, SyntaxFactory.GlobalStatement(moved).WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            editor.InsertAfter(loopElement, moved);
        }
    }

    /// <summary>A statement that only flushes: <c>x.Flush(…);</c>, <c>x?.Flush(…);</c>, <c>await x.FlushToDiskAsync(…);</c>, <c>if (flag) { x.Flush(true); }</c>.</summary>
    private static bool IsFlushStatement(StatementSyntax statement)
    {
        switch (statement)
        {
            case IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements: { Count: 1 } statements } }:
                return IsFlushStatement(statements[0]);
            case ExpressionStatementSyntax { Expression: var expression }:
                for (var guard = 0; guard < 8; guard++)
                {
                    switch (expression)
                    {
                        case AwaitExpressionSyntax awaited:
                            expression = awaited.Expression;
                            continue;
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } }:
                            expression = inner;
                            continue;
                        case ConditionalAccessExpressionSyntax { WhenNotNull: var whenNotNull }:
                            expression = whenNotNull;
                            continue;
                        case InvocationExpressionSyntax invocation:
                            return FlushFixSyntax.MethodName(invocation)?.Identifier.ValueText is "Flush" or "FlushAsync" or "FlushToDisk" or "FlushToDiskAsync";
                    }

                    return false;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Comments stay; the whitespace before them goes (the formatter indents the moved statement).</summary>
    private static SyntaxTriviaList WithoutIndentation(SyntaxTriviaList trivia) =>
        SyntaxFactory.TriviaList(trivia.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)));

    /// <summary>A <c>return</c>, <c>goto</c> or <c>yield</c> in the loop (outside lambdas and local functions).</summary>
    private static bool CanLeaveWithoutReachingTheEnd(BlockSyntax body) =>
        body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax);

    /// <summary>True when <paramref name="node"/> reads a local declared inside the loop (including its iteration variable).</summary>
    private static bool UsesLoopVariables(SemanticModel model, StatementSyntax loop, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var identifier in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == loop.SyntaxTree && loop.Span.Contains(r.Span)))
            {
                return true;
            }
        }

        return false;
    }
}
