using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// A stream opened only to be flushed and closed — <c>using (var s = Open(p)) { s.Flush(true); }</c>, the same with a
/// <c>using</c> declaration or an explicit <c>Dispose</c>/<c>Close</c> (also as <c>try { s.Flush(true); } finally { s.Dispose(); }</c>),
/// found from the open expression (<c>Open(p).Flush(true)</c> is <see cref="FlushOfReceiver"/>), so that DUR012/DUR013 can replace the whole pattern with one <c>DurableDirectory.Sync</c>/<c>DurableFile.Sync</c>
/// statement. Found only when every use of the variable is one of those statements, each a statement of its own in the
/// same statement list (or the whole body of the <c>using</c> statement): then removing them changes nothing else.
/// </summary>
internal sealed class OpenFlushPattern
{
    private OpenFlushPattern(StatementSyntax replaced, ImmutableList<StatementSyntax> removed, StatementSyntax? declaration, int flushesToDisk)
    {
        Replaced = replaced;
        Removed = removed;
        Declaration = declaration;
        FlushesToDisk = flushesToDisk;
    }

    /// <summary>The statement the sync replaces: the <c>using</c> statement, or the first flush to disk.</summary>
    public StatementSyntax Replaced { get; }

    /// <summary>The other statements of the pattern (declaration, other flushes, the close), removed.</summary>
    public ImmutableList<StatementSyntax> Removed { get; }

    /// <summary>The declaration of the variable when it is removed (its comments move to the sync), else null.</summary>
    public StatementSyntax? Declaration { get; }

    /// <summary>How many flushes to disk (<c>Flush(true)</c>, <c>RandomAccess.FlushToDisk</c>) the pattern has.</summary>
    public int FlushesToDisk { get; }

    /// <summary>True when the sync is evaluated at another place than the open (the path must be stable and in scope there).</summary>
    public bool Moves => Declaration is not null;

    /// <summary>
    /// <c>Open(p).Flush(true)</c> anywhere (a statement, an expression body, a lambda body): the flush call, which the sync
    /// can replace as an expression, removing the open with it; null otherwise.
    /// </summary>
    public static InvocationExpressionSyntax? FlushOfReceiver(ExpressionSyntax open, SemanticModel model, CancellationToken cancellationToken) =>
        open.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access && access.Expression == open
        && Classify(call, model, null, cancellationToken) == Use.FlushToDisk
            ? call
            : null;

    public static OpenFlushPattern? Find(ExpressionSyntax open, SemanticModel model, CancellationToken cancellationToken)
    {
        if (open.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        switch (declaration.Parent)
        {
            case UsingStatementSyntax usingStatement:
            {
                var statements = usingStatement.Statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { usingStatement.Statement };
                var flushes = 0;
                foreach (var statement in statements)
                {
                    var use = ClassifyStatement(statement, model, local, cancellationToken);
                    if (use is not (Use.FlushToDisk or Use.Flush))
                    {
                        return null;
                    }

                    flushes += use == Use.FlushToDisk ? 1 : 0;
                }

                return flushes > 0 && OnlyUses(usingStatement, local, statements, model, cancellationToken)
                    ? new OpenFlushPattern(usingStatement, ImmutableList<StatementSyntax>.Empty, null, flushes)
                    : null;
            }

            case LocalDeclarationStatementSyntax declarationStatement when FixSyntax.IsInStatementList(declarationStatement):
            {
                var siblings = FixSyntax.Siblings(declarationStatement);
                var body = declarationStatement.Parent is GlobalStatementSyntax global ? global.Parent! : declarationStatement.Parent!;
                var uses = new List<StatementSyntax>();
                StatementSyntax? first = null;
                var flushes = 0;
                var after = false;
                foreach (var statement in siblings)
                {
                    if (statement == declarationStatement)
                    {
                        after = true;
                        continue;
                    }

                    if (!after || !Mentions(statement, local, model, cancellationToken))
                    {
                        continue;
                    }

                    var use = ClassifyStatement(statement, model, local, cancellationToken);
                    if (use == Use.Other)
                    {
                        return null;
                    }

                    if (use == Use.FlushToDisk)
                    {
                        flushes++;
                        first ??= statement;
                    }

                    uses.Add(statement);
                }

                if (first is null || !OnlyUses(body, local, uses.Append(declarationStatement), model, cancellationToken))
                {
                    return null;
                }

                var removed = uses.Where(u => u != first).Prepend(declarationStatement).ToImmutableList();
                return new OpenFlushPattern(first, removed, declarationStatement, flushes);
            }

            default:
                return null;
        }
    }

    /// <summary>Replaces the pattern with <paramref name="code"/> (one statement), keeping the comments of what it replaces.</summary>
    public void Apply(DocumentEditor editor, string code)
    {
        var leading = Replaced.GetLeadingTrivia();
        if (Declaration is not null && Declaration.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
        {
            leading = SyntaxFactory.TriviaList(FixSyntax.WithoutTrailingWhitespace(Declaration.GetLeadingTrivia()).Concat(leading));
        }

        var statement = SyntaxFactory.ParseStatement(code).WithLeadingTrivia(leading).WithTrailingTrivia(Replaced.GetTrailingTrivia());
        foreach (var removed in Removed)
        {
            editor.RemoveNode(FixSyntax.ListElement(removed), SyntaxRemoveOptions.KeepNoTrivia);
        }

        editor.ReplaceNode(Replaced, statement);
    }

    private enum Use
    {
        Other,
        Flush,
        FlushToDisk,
        Close,
    }

    private static Use ClassifyStatement(StatementSyntax statement, SemanticModel model, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (statement is TryStatementSyntax { Catches.Count: 0, Finally: { } finallyClause } tryStatement && tryStatement.Block.Statements.Count > 0)
        {
            // try { s.Flush(true); } finally { s.Dispose(); }: a flush to disk as a whole.
            var flushes = tryStatement.Block.Statements.Select(t => ClassifyStatement(t, model, local, cancellationToken)).ToList();
            return flushes.All(u => u is Use.Flush or Use.FlushToDisk) && flushes.Count(u => u == Use.FlushToDisk) == 1
                && finallyClause.Block.Statements.All(t => ClassifyStatement(t, model, local, cancellationToken) == Use.Close)
                ? Use.FlushToDisk
                : Use.Other;
        }

        var expression = statement is ExpressionStatementSyntax expressionStatement ? expressionStatement.Expression : null;
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        return expression is InvocationExpressionSyntax invocation ? Classify(invocation, model, local, cancellationToken) : Use.Other;
    }

    /// <summary>What a call does to the stream: <paramref name="local"/> (or, when null, the receiver of the call).</summary>
    private static Use Classify(InvocationExpressionSyntax invocation, SemanticModel model, ILocalSymbol? local, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return Use.Other;
        }

        if (method.Name == "FlushToDisk" && method.ContainingType?.ToDisplayString() == "System.IO.RandomAccess")
        {
            return invocation.ArgumentList.Arguments.Count == 1 && IsLocal(invocation.ArgumentList.Arguments[0].Expression, local, model, cancellationToken)
                ? Use.FlushToDisk
                : Use.Other;
        }

        if (invocation.Expression is not MemberAccessExpressionSyntax access || (local is not null && !IsLocal(access.Expression, local, model, cancellationToken)))
        {
            return Use.Other;
        }

        switch (method.Name)
        {
            case "Flush" when method.Parameters.Length == 1 && invocation.ArgumentList.Arguments.Count == 1:
                return model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression, cancellationToken) is { HasValue: true, Value: true } ? Use.FlushToDisk : Use.Other;
            case "Flush" or "FlushAsync" when invocation.ArgumentList.Arguments.Count == 0:
                return Use.Flush;
            case "Dispose" or "Close" or "DisposeAsync" when invocation.ArgumentList.Arguments.Count == 0:
                return Use.Close;
            default:
                return Use.Other;
        }
    }

    private static bool IsLocal(ExpressionSyntax expression, ILocalSymbol? local, SemanticModel model, CancellationToken cancellationToken) =>
        local is not null && expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name
        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local);

    private static bool Mentions(SyntaxNode node, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken) =>
        node.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => IsLocal(i, local, model, cancellationToken));

    /// <summary>True when every reference to <paramref name="local"/> in <paramref name="scope"/> is inside one of <paramref name="uses"/>.</summary>
    private static bool OnlyUses(SyntaxNode scope, ILocalSymbol local, IEnumerable<StatementSyntax> uses, SemanticModel model, CancellationToken cancellationToken)
    {
        var allowed = uses.ToList();
        foreach (var identifier in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (IsLocal(identifier, local, model, cancellationToken) && !allowed.Any(u => u.Span.Contains(identifier.Span)))
            {
                return false;
            }
        }

        return true;
    }
}
