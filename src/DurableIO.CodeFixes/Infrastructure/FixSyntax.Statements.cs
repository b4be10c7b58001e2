using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// The fixers' one syntax toolkit. This part: statements — the statement an expression is the whole of, statement lists
/// (blocks, switch sections, top-level statements) and the next/previous statement in them, inserting next to a statement,
/// and whether code between two places always runs or can be left early.
/// </summary>
internal static partial class FixSyntax
{
    /// <summary>
    /// The statement <paramref name="expression"/> is the whole of: <c>x.M();</c>, <c>await x.M();</c>,
    /// <c>await x.M().ConfigureAwait(false);</c>, <c>(x.M());</c> and, unless <paramref name="throughConditionalAccess"/> is false,
    /// <c>x?.M();</c>. Null when the expression is part of something larger. The statement may be embedded (the body of an
    /// <c>if</c>); <see cref="IsInStatementList"/> says whether a fix can insert next to it.
    /// </summary>
    public static ExpressionStatementSyntax? StatementOf(ExpressionSyntax expression, bool throughConditionalAccess = true) =>
        WholeOf(expression, throughConditionalAccess).Parent as ExpressionStatementSyntax;

    /// <summary>
    /// The expression body <paramref name="expression"/> is the whole of, as <see cref="StatementOf"/> sees through <c>await</c>,
    /// parentheses, <c>ConfigureAwait</c> and (unless <paramref name="throughConditionalAccess"/> is false) <c>x?.M()</c>: the
    /// <c>=&gt; x.M()</c> of a method, constructor, operator, local function or accessor; null otherwise (a lambda, a property).
    /// <see cref="WithBlockBody"/> turns it into a block a fix can insert into.
    /// </summary>
    public static ArrowExpressionClauseSyntax? ExpressionBodyOf(ExpressionSyntax expression, bool throughConditionalAccess = true) =>
        WholeOf(expression, throughConditionalAccess).Parent is ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax } arrow
            ? arrow
            : null;

    /// <summary>
    /// The member of <paramref name="arrow"/> with a block body instead: <paramref name="first"/>, then the expression as a
    /// statement (<c>return expression;</c> when the member returns a value: not void, and not an async method returning a
    /// non-generic task). The comments on the expression body's line stay with it; the block is left to the formatter. Null
    /// when the member is not a method-like symbol.
    /// </summary>
    public static SyntaxNode? WithBlockBody(SemanticModel model, ArrowExpressionClauseSyntax arrow, StatementSyntax first, System.Threading.CancellationToken cancellationToken)
    {
        var member = arrow.Parent;
        if (member is null || model.GetDeclaredSymbol(member, cancellationToken) is not IMethodSymbol method)
        {
            return null;
        }

        var semicolon = member switch
        {
            BaseMethodDeclarationSyntax m => m.SemicolonToken,
            LocalFunctionStatementSyntax l => l.SemicolonToken,
            AccessorDeclarationSyntax a => a.SemicolonToken,
            _ => default,
        };
        var comments = arrow.ArrowToken.LeadingTrivia.Concat(arrow.ArrowToken.TrailingTrivia).Concat(arrow.Expression.GetLeadingTrivia())
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            .SelectMany(t => new[] { t, t.IsKind(SyntaxKind.SingleLineCommentTrivia) ? EndOfLine(member) : SyntaxFactory.Space })
            .ToList();
        var expression = arrow.Expression.WithLeadingTrivia();
        var endsLine = semicolon.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var statementSemicolon = SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(endsLine ? semicolon.TrailingTrivia : semicolon.TrailingTrivia.Add(EndOfLine(member)));
        var returnsValue = !method.ReturnsVoid && !(method.IsAsync && method.ReturnType is INamedTypeSymbol { Arity: 0 });
        StatementSyntax statement = returnsValue
            ? SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(SyntaxFactory.Space), expression, statementSemicolon)
            : SyntaxFactory.ExpressionStatement(expression, statementSemicolon);
        statement = statement.WithLeadingTrivia(comments);
        var block = SyntaxFactory.Block(first, statement)
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(endsLine ? SyntaxFactory.TriviaList(EndOfLine(member)) : default))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var before = arrow.GetFirstToken().GetPreviousToken();
        var trimmed = member.ReplaceToken(before, before.WithTrailingTrivia(WithoutTrailingWhitespace(before.TrailingTrivia)));
        return trimmed switch
        {
            BaseMethodDeclarationSyntax m => m.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            LocalFunctionStatementSyntax l => l.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            AccessorDeclarationSyntax a => a.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            _ => null,
        };
    }

    /// <summary>The outermost expression of <paramref name="expression"/> through await, parentheses, ConfigureAwait and (when asked) <c>?.</c>.</summary>
    private static ExpressionSyntax WholeOf(ExpressionSyntax expression, bool throughConditionalAccess)
    {
        var current = expression;
        for (var guard = 0; guard < 16; guard++)
        {
            switch (current.Parent)
            {
                case AwaitExpressionSyntax or ParenthesizedExpressionSyntax:
                    current = (ExpressionSyntax)current.Parent;
                    continue;
                case ConditionalAccessExpressionSyntax conditional when throughConditionalAccess && conditional.WhenNotNull == current:
                    current = conditional; // fs?.Dispose();
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access when access.Expression == current
                    && access.Parent is InvocationExpressionSyntax configured:
                    current = configured;
                    continue;
            }

            break;
        }

        return current;
    }

    /// <summary>
    /// <see cref="StatementOf"/> when that statement is an element of a statement list (a fix can remove it or insert next to
    /// it), else null. Does not look through <c>?.</c> unless asked.
    /// </summary>
    public static ExpressionStatementSyntax? ListStatementOf(ExpressionSyntax expression, bool throughConditionalAccess = false) =>
        StatementOf(expression, throughConditionalAccess) is { } statement && IsInStatementList(statement) ? statement : null;

    /// <summary>True when the statement is an element of a statement list: a block, a switch section, or a top-level statement.</summary>
    public static bool IsInStatementList(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax { Parent: CompilationUnitSyntax };

    /// <summary>The node that is the element of its list: the global statement around a top-level statement, else the statement.</summary>
    public static SyntaxNode ListElement(StatementSyntax statement) =>
        statement.Parent is GlobalStatementSyntax global ? global : statement;

    /// <summary>
    /// The statements of the list that contains <paramref name="statement"/>: its block, its switch section, or the file's
    /// top-level statements (other members between them are skipped); just the statement itself when it is embedded.
    /// </summary>
    public static IReadOnlyList<StatementSyntax> Siblings(StatementSyntax statement) => statement.Parent switch
    {
        BlockSyntax block => block.Statements,
        SwitchSectionSyntax section => section.Statements,
        GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement).ToList(),
        _ => new[] { statement },
    };

    /// <summary>The position of <paramref name="item"/> in <paramref name="list"/> (by reference), or -1.</summary>
    public static int IndexIn(IReadOnlyList<StatementSyntax> list, StatementSyntax item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The statement right after <paramref name="statement"/> in its list, or null (the last one, or an embedded statement).
    /// A top-level statement's next is the next top-level statement only when no other member (a type, a namespace) stands between.
    /// </summary>
    public static StatementSyntax? NextStatement(StatementSyntax statement) => Neighbour(statement, +1);

    /// <summary>The statement right before <paramref name="statement"/> in its list, or null (see <see cref="NextStatement"/>).</summary>
    public static StatementSyntax? PreviousStatement(StatementSyntax statement) => Neighbour(statement, -1);

    private static StatementSyntax? Neighbour(StatementSyntax statement, int step)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
                return At(block.Statements, block.Statements.IndexOf(statement));
            case SwitchSectionSyntax section:
                return At(section.Statements, section.Statements.IndexOf(statement));
            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                var index = unit.Members.IndexOf(global);
                var next = index + step;
                return index >= 0 && next >= 0 && next < unit.Members.Count && unit.Members[next] is GlobalStatementSyntax neighbour ? neighbour.Statement : null;
            default:
                return null;
        }

        StatementSyntax? At(SyntaxList<StatementSyntax> list, int index)
        {
            var next = index + step;
            return index >= 0 && next >= 0 && next < list.Count ? list[next] : null;
        }
    }

    /// <summary>The ancestor of <paramref name="node"/> (or itself) that is a direct element of <paramref name="siblings"/>.</summary>
    public static StatementSyntax? AncestorIn(SyntaxNode node, IReadOnlyList<StatementSyntax> siblings)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            if (ancestor is StatementSyntax statement && siblings.Contains(statement))
            {
                return statement;
            }
        }

        return null;
    }

    /// <summary>Inserts <paramref name="statement"/> after <paramref name="anchor"/> (wrapped as a top-level statement when the anchor is one).</summary>
    public static void InsertAfter(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        var element = ListElement(anchor);
        editor.InsertAfter(element, element is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement);
    }

    /// <summary>Inserts <paramref name="statement"/> before <paramref name="anchor"/> (wrapped as a top-level statement when the anchor is one).</summary>
    public static void InsertBefore(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        var element = ListElement(anchor);
        editor.InsertBefore(element, element is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement);
    }

    /// <summary>
    /// True when <paramref name="node"/> runs whenever the code reaches <paramref name="later"/> from before it: between the node and
    /// their closest common ancestor there is no <c>if</c>/<c>switch</c>/<c>?:</c>/<c>??</c>/conditional access (other than the
    /// node's own <c>x?.Dispose()</c>), no loop, no <c>catch</c>, and no lambda or local function.
    /// </summary>
    public static bool RunsWheneverReaches(SyntaxNode node, SyntaxNode later)
    {
        var common = node.Ancestors().FirstOrDefault(a => a.Span.Contains(later.Span));
        if (common is null)
        {
            return false;
        }

        for (var current = node.Parent; current is not null && current != common; current = current.Parent)
        {
            switch (current)
            {
                case IfStatementSyntax or SwitchStatementSyntax or SwitchExpressionSyntax or ConditionalExpressionSyntax
                    or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    or CatchClauseSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) || binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression):
                    return false;
                case ConditionalAccessExpressionSyntax conditional when !conditional.WhenNotNull.Span.Contains(node.Span) || conditional.Parent is not ExpressionStatementSyntax:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when one of <paramref name="nodes"/> can leave the region early to a place after it: a <c>return</c>, <c>goto</c>,
    /// <c>yield break</c>, or a <c>break</c>/<c>continue</c> whose loop or switch is not inside the region. Exceptions do not
    /// count (a failed operation needs no later sync); lambdas and local functions are not the region's code.
    /// </summary>
    public static bool CanLeaveEarly(IEnumerable<SyntaxNode> nodes)
    {
        foreach (var node in nodes)
        {
            foreach (var descendant in node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (descendant)
                {
                    case ReturnStatementSyntax or GotoStatementSyntax:
                    case YieldStatementSyntax y when y.IsKind(SyntaxKind.YieldBreakStatement):
                        return true;
                    case BreakStatementSyntax or ContinueStatementSyntax:
                        if (!HasTargetInside(descendant, node))
                        {
                            return true;
                        }

                        break;
                }
            }
        }

        return false;

        static bool HasTargetInside(SyntaxNode jump, SyntaxNode region)
        {
            for (var current = jump.Parent; current is not null && current != region.Parent; current = current.Parent)
            {
                if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    || (jump is BreakStatementSyntax && current is SwitchStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether code at <paramref name="node"/> may use <c>await</c>: an async method, local function or lambda, or top-level statements that await.</summary>
    public static bool IsInAsyncFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax:
                    return false;
                case CompilationUnitSyntax unit:
                    // Top-level statements are async when one of them awaits.
                    return unit.Members.OfType<GlobalStatementSyntax>().Any(g => g.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                        .Any(n => n is AwaitExpressionSyntax || (n is UsingStatementSyntax u && u.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                            || (n is LocalDeclarationStatementSyntax d && d.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                            || (n is ForEachStatementSyntax f && f.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))));
            }
        }

        return false;
    }
}
