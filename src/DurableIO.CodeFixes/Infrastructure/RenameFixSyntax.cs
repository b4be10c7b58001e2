using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>Syntax helpers of the rename fixes: expressions safe to drop or repeat, statement lists, trivia of removed statements.</summary>
internal static class RenameFixSyntax
{
    /// <summary>
    /// Whether evaluating <paramref name="expression"/> has no effect and gives the same value each time, so a fix may
    /// drop it or evaluate it once more: constants, locals, parameters, fields and properties, <c>this</c>, string
    /// concatenation and interpolation of such values, and the pure <c>System.IO.Path</c> and <c>string</c> helpers.
    /// </summary>
    public static bool IsStable(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetConstantValue(expression, cancellationToken).HasValue)
        {
            return true;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsStable(parenthesized.Expression, model, cancellationToken);
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                return IsStable(suppressed.Operand, model, cancellationToken);
            case ThisExpressionSyntax:
            case BaseExpressionSyntax:
                return true;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add:
                return IsStable(add.Left, model, cancellationToken) && IsStable(add.Right, model, cancellationToken)
                    && (model.GetTypeInfo(add, cancellationToken).Type?.SpecialType == SpecialType.System_String);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce:
                return IsStable(coalesce.Left, model, cancellationToken) && IsStable(coalesce.Right, model, cancellationToken);
            case InterpolatedStringExpressionSyntax interpolated:
                return interpolated.Contents.OfType<InterpolationSyntax>().All(i =>
                    IsStable(i.Expression, model, cancellationToken) && HasPureToString(model.GetTypeInfo(i.Expression, cancellationToken).Type));
            case IdentifierNameSyntax:
            case MemberAccessExpressionSyntax:
                var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
                var receiverStable = expression is not MemberAccessExpressionSyntax access
                    || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamespaceOrTypeSymbol
                    || IsStable(access.Expression, model, cancellationToken);
                return receiverStable && symbol switch
                {
                    ILocalSymbol local => !local.IsRef,
                    IParameterSymbol parameter => parameter.RefKind == RefKind.None || parameter.RefKind == RefKind.In,
                    IFieldSymbol => true,
                    IPropertySymbol property => !property.IsIndexer && property.Parameters.IsEmpty,
                    _ => false,
                };
            case InvocationExpressionSyntax invocation:
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
                {
                    return false;
                }

                var owner = method.ContainingType?.ToDisplayString();
                var pure = (owner == "System.IO.Path" && method.Name is not ("GetTempFileName" or "GetRandomFileName"))
                    || (owner == "string" && method.IsStatic && method.Name is "Concat" or "Join")
                    || (owner == "string" && !method.IsStatic && method.Name is "Trim" or "TrimEnd" or "TrimStart" or "Substring" or "Replace" or "ToLowerInvariant" or "ToUpperInvariant");
                if (!pure)
                {
                    return false;
                }

                if (invocation.Expression is MemberAccessExpressionSyntax callee && !method.IsStatic && !IsStable(callee.Expression, model, cancellationToken))
                {
                    return false;
                }

                return invocation.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && IsStable(a.Expression, model, cancellationToken));
            default:
                return false;
        }
    }

    private static bool HasPureToString(ITypeSymbol? type) =>
        type is not null && (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum);

    /// <summary>The statement that is <paramref name="expression"/> followed by <c>;</c>, when it sits in a list of statements a fix can edit.</summary>
    public static ExpressionStatementSyntax? StatementOf(ExpressionSyntax expression) =>
        expression.Parent is ExpressionStatementSyntax statement && IsInStatementList(statement) ? statement : null;

    /// <summary>Whether the statement is an element of a block, a switch section or the top-level statements (not an embedded statement).</summary>
    public static bool IsInStatementList(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    /// <summary>The statement that follows <paramref name="statement"/> in its list, or null.</summary>
    public static StatementSyntax? NextStatement(StatementSyntax statement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
                var index = block.Statements.IndexOf(statement);
                return index >= 0 && index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
            case SwitchSectionSyntax section:
                var i = section.Statements.IndexOf(statement);
                return i >= 0 && i + 1 < section.Statements.Count ? section.Statements[i + 1] : null;
            case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                var j = unit.Members.IndexOf(global);
                return j >= 0 && j + 1 < unit.Members.Count && unit.Members[j + 1] is GlobalStatementSyntax next ? next.Statement : null;
            default:
                return null;
        }
    }

    /// <summary>The statement that precedes <paramref name="statement"/> in its list, or null.</summary>
    public static StatementSyntax? PreviousStatement(StatementSyntax statement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
                var index = block.Statements.IndexOf(statement);
                return index > 0 ? block.Statements[index - 1] : null;
            case SwitchSectionSyntax section:
                var i = section.Statements.IndexOf(statement);
                return i > 0 ? section.Statements[i - 1] : null;
            case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                var j = unit.Members.IndexOf(global);
                return j > 0 && unit.Members[j - 1] is GlobalStatementSyntax previous ? previous.Statement : null;
            default:
                return null;
        }
    }

    /// <summary>The node to remove or insert after for <paramref name="statement"/>: the statement, or its global statement.</summary>
    public static SyntaxNode ListElement(StatementSyntax statement) =>
        statement.Parent is GlobalStatementSyntax global ? global : statement;

    /// <summary>
    /// The leading trivia for the statement that follows removed statements: the removed statements' comments and directives
    /// (their blank line before, their own end-of-line comments) on top of the next statement's own trivia, whose blank
    /// lines before the comments go away with the removed statement.
    /// </summary>
    public static SyntaxTriviaList LeadingTriviaAfterRemoval(StatementSyntax removed, SyntaxTriviaList nextLeading)
    {
        var removedLeading = removed.GetLeadingTrivia();
        var indentation = Indentation(removedLeading);
        var result = removedLeading.Take(removedLeading.Count - indentation.Count).ToList();
        var comments = removed.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)).ToList();
        var endOfLine = removed.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = EndOfLine(removed);
        }

        foreach (var comment in comments)
        {
            result.AddRange(indentation);
            result.Add(comment);
            result.Add(endOfLine);
        }

        // Drop the next statement's leading blank lines: they separated it from the removed statement.
        var start = 0;
        for (var i = 0; i < nextLeading.Count; i++)
        {
            if (nextLeading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!nextLeading[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        result.AddRange(nextLeading.Skip(start));
        return SyntaxFactory.TriviaList(result);
    }

    /// <summary>The comments of <paramref name="node"/> that lie inside its span (not its leading or trailing trivia), outside <paramref name="kept"/>.</summary>
    public static IEnumerable<SyntaxTrivia> InnerComments(SyntaxNode node, TextSpan? kept = null) =>
        node.DescendantTrivia().Where(t =>
            (t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            && t.SpanStart >= node.SpanStart && t.Span.End <= node.Span.End
            && (kept is null || !kept.Value.Contains(t.Span)));

    /// <summary><paramref name="leading"/> with each comment on a line of its own at the statement's indentation, just above the statement.</summary>
    public static SyntaxTriviaList WithCommentLines(SyntaxTriviaList leading, IEnumerable<SyntaxTrivia> comments, SyntaxTrivia endOfLine)
    {
        var list = comments.ToList();
        if (list.Count == 0)
        {
            return leading;
        }

        var indentation = Indentation(leading);
        var result = leading.Take(leading.Count - indentation.Count).ToList();
        foreach (var comment in list)
        {
            result.AddRange(indentation);
            result.Add(comment);
            result.Add(endOfLine);
        }

        result.AddRange(indentation);
        return SyntaxFactory.TriviaList(result);
    }

    /// <summary>The whitespace after the last line break of <paramref name="trivia"/>: the indentation of the line.</summary>
    public static SyntaxTriviaList Indentation(SyntaxTriviaList trivia)
    {
        var start = trivia.Count;
        while (start > 0 && trivia[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start--;
        }

        return SyntaxFactory.TriviaList(trivia.Skip(start));
    }

    /// <summary>
    /// <c>Type.Member</c> parsed, so its tokens carry no elastic trivia: the code action's cleanup reformats around elastic
    /// trivia, which would move the user's comments.
    /// </summary>
    public static MemberAccessExpressionSyntax MemberAccess(string type, string member) =>
        (MemberAccessExpressionSyntax)SyntaxFactory.ParseExpression(type + "." + member);

    /// <summary>The end-of-line trivia the file uses.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        var endOfLine = node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.CarriageReturnLineFeed;
    }
}
