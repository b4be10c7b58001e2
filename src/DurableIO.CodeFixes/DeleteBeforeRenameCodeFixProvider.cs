using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Model;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR010 (target deleted before the replacing rename): <c>File.Delete(dst)</c> (alone, or alone under
/// <c>if (File.Exists(dst))</c>) followed by <c>File.Move(src, dst)</c> becomes <c>DurableFile.Move(src, dst, overwrite: true)</c>,
/// and the delete (with its <c>if</c>) goes. Offered only for <c>File</c>/<c>DurableFile</c> calls (a <c>FileInfo</c> changes
/// its own state), when the delete and the move name the destination with the same expression, and when nothing between
/// them mentions that destination (so nothing can observe that the file now still exists there).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeleteBeforeRenameCodeFixProvider))]
[Shared]
public sealed class DeleteBeforeRenameCodeFixProvider : DurableIOCodeFixProvider
{
    public const string EquivalenceKey = "DUR010.DurableMove";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DeleteBeforeRename);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur010.Rename) is not { } moveLocation
            || !DiagnosticData.TryGetDeleteGuard(diagnostic, out var guard) || guard == DiagnosticData.DeleteGuard.Other)
        {
            yield break;
        }

        // The delete and the move, as the model recorded them: what each names, and which methods they are.
        var facts = DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Delete, cancellationToken);
        var renameFact = facts?.At(moveLocation, FileOperationKind.Rename);
        if (facts?.Operation.Syntax is not InvocationExpressionSyntax delete
            || renameFact?.Syntax is not InvocationExpressionSyntax move
            || !IsFileOrDurableFile(facts.Operation.Method, "Delete")
            || !IsFileOrDurableFile(renameFact.Method, "Move")
            || model.GetOperation(move, cancellationToken) is not IInvocationOperation moveOperation
            || moveOperation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit)
            || !FixSyntax.NameIsFree(model, move.SpanStart, "DurableFile"))
        {
            yield break;
        }

        var deleted = DiagnosticFacts.ArgumentOf(facts.Operation.PathArgument);
        var destination = DiagnosticFacts.ArgumentOf(renameFact.DestinationArgument);
        var deleteStatement = FixSyntax.StatementOf(delete, throughConditionalAccess: false);
        var moveStatement = FixSyntax.ListStatementOf(move);
        if (deleted is null || destination is null || deleteStatement is null || moveStatement is null
            || !SyntaxFactory.AreEquivalent(deleted.Expression, destination.Expression)
            || !FixSyntax.IsUnchangedInBody(destination.Expression, model, cancellationToken))
        {
            yield break;
        }

        // The statement that goes: the delete, or the if around it.
        StatementSyntax removed = deleteStatement;
        if (guard == DiagnosticData.DeleteGuard.Exists)
        {
            var ifStatement = deleteStatement.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : deleteStatement.Parent;
            if (ifStatement is not IfStatementSyntax { Else: null } guarded || !IsExistsOf(guarded.Condition, destination.Expression, model, cancellationToken))
            {
                yield break;
            }

            removed = guarded;
        }

        if (!FixSyntax.IsInStatementList(removed) || !NothingBetweenMentions(removed, moveStatement, destination.Expression))
        {
            yield break;
        }

        var durableMove = ToDurableMove(move, moveOperation);
        yield return new FixOption(
            "Replace the delete and the move with DurableFile.Move(…, overwrite: true)",
            EquivalenceKey,
            editor =>
            {
                var removedElement = FixSyntax.ListElement(removed);
                if (FixSyntax.NextStatement(removed) == moveStatement)
                {
                    var leading = FixSyntax.LeadingTriviaAfterRemoval(removed, moveStatement.GetLeadingTrivia());
                    editor.ReplaceNode(moveStatement, moveStatement.ReplaceNode(move, durableMove).WithLeadingTrivia(leading));
                }
                else
                {
                    var next = FixSyntax.NextStatement(removed)!;
                    editor.ReplaceNode(next, (current, _) => current.WithLeadingTrivia(FixSyntax.LeadingTriviaAfterRemoval(removed, current.GetLeadingTrivia())));
                    editor.ReplaceNode(move, durableMove);
                }

                editor.RemoveNode(removedElement, SyntaxRemoveOptions.KeepNoTrivia);
            });
    }

    private static bool IsFileOrDurableFile(IMethodSymbol? method, string name) =>
        method is not null && method.IsStatic && method.Name == name && method.ContainingType?.ToDisplayString() is "System.IO.File" or "DurableIO.DurableFile";

    /// <summary><c>File.Exists(x)</c> where x is written as the destination.</summary>
    private static bool IsExistsOf(ExpressionSyntax condition, ExpressionSyntax destination, SemanticModel model, CancellationToken cancellationToken) =>
        condition is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } exists
        && model.GetSymbolInfo(exists, cancellationToken).Symbol is IMethodSymbol { Name: "Exists", IsStatic: true } method
        && method.ContainingType?.ToDisplayString() == "System.IO.File"
        && SyntaxFactory.AreEquivalent(exists.ArgumentList.Arguments[0].Expression, destination);

    /// <summary>True when no statement strictly between the removed one and the move mentions a name the destination is built from.</summary>
    private static bool NothingBetweenMentions(StatementSyntax removed, StatementSyntax move, ExpressionSyntax destination)
    {
        var names = new HashSet<string>(destination.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText));
        var literals = new HashSet<string>(destination.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText));
        for (var statement = FixSyntax.NextStatement(removed); statement is not null && statement != move; statement = FixSyntax.NextStatement(statement))
        {
            foreach (var node in statement.DescendantNodesAndSelf())
            {
                if ((node is IdentifierNameSyntax identifier && names.Contains(identifier.Identifier.ValueText))
                    || (node is LiteralExpressionSyntax literal && literals.Contains(literal.Token.ValueText)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>DurableFile.Move(src, dst, overwrite: true)</c> with the original arguments, names and trivia.</summary>
    private static InvocationExpressionSyntax ToDurableMove(InvocationExpressionSyntax move, IInvocationOperation operation)
    {
        var callee = FixSyntax.MemberAccess("DurableFile", "Move").WithTriviaFrom(move.Expression);
        var overwrite = (ArgumentSyntax)SyntaxFactory.ParseArgumentList("(overwrite: true)").Arguments[0];
        var arguments = move.ArgumentList;
        var existing = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "overwrite")?.Syntax as ArgumentSyntax;
        if (existing is not null)
        {
            arguments = arguments.ReplaceNode(existing, overwrite.WithTriviaFrom(existing));
        }
        else
        {
            var separator = SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            var items = arguments.Arguments.GetWithSeparators().ToList();
            items.Add(separator);
            items.Add(overwrite);
            arguments = arguments.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(items));
        }

        return move.WithExpression(callee).WithArgumentList(arguments);
    }
}
