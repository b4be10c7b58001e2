using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// Syntax helpers of the fixes that insert, replace or remove whole statements (DUR006, DUR007, DUR012, DUR013): where a
/// statement can go, whether an expression can be evaluated again somewhere else with the same value, whether a region
/// can be left early, and new statements that look like their neighbours (indentation, line endings).
/// </summary>
internal static class StatementFixSyntax
{
    /// <summary>
    /// The statement an expression is the whole of: <c>x.M();</c>, <c>await x.M();</c>, <c>await x.M().ConfigureAwait(false);</c>,
    /// and, unless <paramref name="throughConditionalAccess"/> is false, <c>x?.M();</c>.
    /// </summary>
    public static ExpressionStatementSyntax? StatementOf(ExpressionSyntax expression, bool throughConditionalAccess = true)
    {
        SyntaxNode current = expression;
        for (var guard = 0; guard < 16; guard++)
        {
            switch (current.Parent)
            {
                case ExpressionStatementSyntax statement:
                    return statement;
                case AwaitExpressionSyntax or ParenthesizedExpressionSyntax:
                    current = current.Parent;
                    continue;
                case ConditionalAccessExpressionSyntax conditional when throughConditionalAccess && conditional.WhenNotNull == current:
                    current = conditional; // fs?.Dispose();
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access when access.Expression == current
                    && access.Parent is InvocationExpressionSyntax:
                    current = access.Parent;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>True when the statement is an element of a statement list: a block, a switch section, or a top-level statement.</summary>
    public static bool IsInStatementList(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    /// <summary>The node that is the element of its list: the global statement around a top-level statement, else the statement.</summary>
    public static SyntaxNode ListElement(StatementSyntax statement) =>
        statement.Parent is GlobalStatementSyntax global ? global : statement;

    /// <summary>The statements of the list that contains <paramref name="statement"/> (top-level statements for a global one).</summary>
    public static IReadOnlyList<StatementSyntax> Siblings(StatementSyntax statement) => statement.Parent switch
    {
        BlockSyntax block => block.Statements,
        SwitchSectionSyntax section => section.Statements,
        GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement).ToList(),
        _ => new[] { statement },
    };

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

    /// <summary>
    /// True when <paramref name="expression"/> can be evaluated again elsewhere in the same body with the same value and no side
    /// effect: literals, constants, locals and parameters never assigned after their declaration, fields, <c>this</c>,
    /// string concatenation and interpolation, and the pure <c>Path</c>/<c>string.Concat</c> methods; <c>FileInfo.FullName</c>/<c>DirectoryName</c>,
    /// <c>AppContext.BaseDirectory</c>.
    /// </summary>
    public static bool IsStable(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        var body = expression.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
            or AnonymousFunctionExpressionSyntax or CompilationUnitSyntax or PropertyDeclarationSyntax);
        return body is not null && IsStableCore(expression, model, body, cancellationToken, 0);
    }

    private static bool IsStableCore(ExpressionSyntax expression, SemanticModel model, SyntaxNode body, CancellationToken cancellationToken, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        if (model.GetConstantValue(expression, cancellationToken).HasValue)
        {
            return true;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsStableCore(parenthesized.Expression, model, body, cancellationToken, depth + 1);

            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                return IsStableCore(suppressed.Operand, model, body, cancellationToken, depth + 1);

            case ThisExpressionSyntax:
                return true;

            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add:
                return IsStableCore(add.Left, model, body, cancellationToken, depth + 1) && IsStableCore(add.Right, model, body, cancellationToken, depth + 1);

            case InterpolatedStringExpressionSyntax interpolated:
                return interpolated.Contents.All(c => c is InterpolatedStringTextSyntax
                    || (c is InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole
                        && model.GetTypeInfo(hole.Expression, cancellationToken).Type?.SpecialType == SpecialType.System_String
                        && IsStableCore(hole.Expression, model, body, cancellationToken, depth + 1)));

            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
                if (expression is MemberAccessExpressionSyntax access && symbol is { IsStatic: false })
                {
                    if (!IsStableCore(access.Expression, model, body, cancellationToken, depth + 1))
                    {
                        return false;
                    }
                }

                return symbol switch
                {
                    ILocalSymbol local => !IsAssignedAfterDeclaration(local, model, body, cancellationToken),
                    IParameterSymbol parameter => parameter.RefKind is RefKind.None or RefKind.In && !IsAssignedAfterDeclaration(parameter, model, body, cancellationToken),
                    IFieldSymbol => true,
                    IPropertySymbol { Name: "FullName" or "DirectoryName" } property => property.ContainingType?.ToDisplayString() is "System.IO.FileInfo" or "System.IO.DirectoryInfo" or "System.IO.FileSystemInfo",
                    IPropertySymbol { Name: "BaseDirectory" } property => property.ContainingType?.ToDisplayString() == "System.AppContext",
                    _ => false,
                };

            case InvocationExpressionSyntax invocation:
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
                {
                    return false;
                }

                var type = method.ContainingType?.ToDisplayString();
                var pure = (type == "System.IO.Path" && method.Name is "Combine" or "Join" or "ChangeExtension" or "GetFullPath" or "GetDirectoryName" or "GetFileName")
                    || (type == "string" && method.Name == "Concat");
                return pure && invocation.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None)
                    && IsStableCore(a.Expression, model, body, cancellationToken, depth + 1));

            default:
                return false;
        }
    }

    private static bool IsAssignedAfterDeclaration(ISymbol symbol, SemanticModel model, SyntaxNode body, CancellationToken cancellationToken)
    {
        foreach (var node in body.DescendantNodes())
        {
            ExpressionSyntax? target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
                ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                _ => null,
            };

            if (target is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == symbol.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every local and parameter <paramref name="expression"/> reads is in scope at <paramref name="position"/>.</summary>
    public static bool IsInScopeAt(ExpressionSyntax expression, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol
                && !model.LookupSymbols(position, name: identifier.Identifier.ValueText).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="name"/> at <paramref name="position"/> binds to nothing or to the DurableIO type of that name.</summary>
    public static bool NameIsFree(SemanticModel model, int position, string name)
    {
        var found = model.LookupNamespacesAndTypes(position, name: name);
        return found.IsEmpty || found.All(s => s.ContainingNamespace?.ToDisplayString() == DurableIOImport.Namespace);
    }

    /// <summary><c>Path</c> when the simple name binds to <c>System.IO.Path</c> at <paramref name="position"/>, else <c>System.IO.Path</c>.</summary>
    public static string PathType(SemanticModel model, int position) =>
        model.LookupNamespacesAndTypes(position, name: "Path") is { Length: 1 } found && found[0].ToDisplayString() == "System.IO.Path"
            ? "Path"
            : "System.IO.Path";

    /// <summary><c>!</c> from C# 8 on (the directory of a full path is never null), nothing before.</summary>
    public static string NotNull(SyntaxNode node) =>
        ((CSharpParseOptions)node.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8 ? "!" : string.Empty;

    /// <summary>Whether code at <paramref name="node"/> may use <c>await</c>: an async method, local function or lambda.</summary>
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

    /// <summary>The whitespace that starts the statement's line (after the last line break of its leading trivia): its indentation.</summary>
    public static SyntaxTriviaList Indentation(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
        }

        var end = start;
        while (end < trivia.Count && trivia[end].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            end++;
        }

        return SyntaxFactory.TriviaList(trivia.Skip(start).Take(end - start));
    }

    /// <summary>The line ending the document uses (the first one found; <c>\n</c> when there is none).</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        var root = node.SyntaxTree.GetRoot();
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.EndOfLine("\n");
    }

    /// <summary>A new statement indented like <paramref name="neighbour"/>, ending its line.</summary>
    public static StatementSyntax NewStatement(string code, StatementSyntax neighbour) =>
        SyntaxFactory.ParseStatement(code)
            .WithLeadingTrivia(Indentation(ListElement(neighbour).GetLeadingTrivia()))
            .WithTrailingTrivia(EndOfLine(neighbour));

    /// <summary>Inserts <paramref name="statement"/> after <paramref name="anchor"/> (wrapped as a top-level statement when the anchor is one).</summary>
    public static void InsertAfter(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        var element = ListElement(anchor);
        editor.InsertAfter(element, element is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement);
    }

    /// <summary>Inserts <paramref name="statement"/> before <paramref name="anchor"/>.</summary>
    public static void InsertBefore(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        var element = ListElement(anchor);
        editor.InsertBefore(element, element is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement);
    }
}
