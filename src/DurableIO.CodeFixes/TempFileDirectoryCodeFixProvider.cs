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

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR009 (temporary file is not in the target's directory). Two fixes:
/// <list type="bullet">
/// <item>when the only write of the temporary file is <c>File.WriteAll*(tmp, …)</c> right before
/// <c>File.Move(tmp, target, overwrite: true)</c>: one <c>DurableFile.WriteAll*(target, …)</c> in their place, which writes
/// its own temporary file next to the target (the same rewrite as DUR001's, so both diagnostics lead to the same code);</item>
/// <item>when the temporary path is a local initialised with <c>Path.GetTempFileName()</c> or a path in
/// <c>Path.GetTempPath()</c>, never assigned again, never opened in a mode that needs the file to exist and never handed to
/// unknown code (the analyzer's <see cref="DiagnosticData.IsTempNextToTarget"/>), and the target expression can be
/// evaluated at its declaration with the same value: the initializer becomes
/// <c>target + "." + Path.GetRandomFileName() + ".tmp"</c>, a unique name in the target's directory. Everything else
/// (writes, flushes, the rename) stays as it was.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TempFileDirectoryCodeFixProvider))]
[Shared]
public sealed class TempFileDirectoryCodeFixProvider : DurableIOCodeFixProvider
{
    public const string WriteDirectlyKey = "DUR009.WriteDirectly";
    public const string NextToTargetKey = "DUR009.NextToTarget";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TempFileInOtherDirectory);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var rename = RenameCall.Find(model, DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Rename, cancellationToken), cancellationToken);
        if (rename is null || rename.IsFileInfo)
        {
            yield break;
        }

        if (FixSyntax.NameIsFree(model, rename.Invocation.SpanStart, "DurableFile")
            && RenameBeforeFlushCodeFixProvider.TryCollapse(root, model, rename, RenameBeforeFlushCodeFixProvider.CollapsibleWrite(diagnostic), cancellationToken) is { } collapse)
        {
            yield return new FixOption(collapse.Title, WriteDirectlyKey, collapse.Apply);
        }

        if (NextToTarget(model, diagnostic, rename, cancellationToken) is { } nextToTarget)
        {
            yield return nextToTarget;
        }
    }

    private static FixOption? NextToTarget(SemanticModel model, Diagnostic diagnostic, RenameCall rename, CancellationToken cancellationToken)
    {
        if (!DiagnosticData.IsTempNextToTarget(diagnostic)
            || rename.SourceArgument?.Expression is not IdentifierNameSyntax source
            || rename.DestinationArgument?.Expression is not { } destination
            || model.GetSymbolInfo(source, cancellationToken).Symbol is not ILocalSymbol local
            || local.IsRef || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 }
            || declarator.Parent.Parent is not LocalDeclarationStatementSyntax declaration
            || declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
            || !FixSyntax.IsUnchangedInBody(source, model, cancellationToken)) // the temporary local is never assigned again
        {
            return null;
        }

        var tempCall = TempPathCall(initializer, model, cancellationToken);
        if (tempCall is null
            || !FixSyntax.IsUnchangedInBody(destination, model, cancellationToken)
            || !FixSyntax.IsInScopeAt(destination, model, declaration.SpanStart, cancellationToken)
            || !DeclaredBefore(destination, declaration, model, cancellationToken))
        {
            return null;
        }

        var pathType = tempCall.Expression is MemberAccessExpressionSyntax access ? access.Expression.WithoutTrivia().ToString() : null;
        var random = pathType is null ? "GetRandomFileName()" : pathType + ".GetRandomFileName()";
        var target = destination.WithoutTrivia();
        var targetText = NeedsParentheses(target) ? "(" + target + ")" : target.ToString();
        var newInitializer = SyntaxFactory.ParseExpression(targetText + " + \".\" + " + random + " + \".tmp\"").WithTriviaFrom(initializer);

        return new FixOption(
            $"Create the temporary file next to '{target}'",
            NextToTargetKey,
            editor => editor.ReplaceNode(initializer, newInitializer),
            usesDurableIO: false);
    }

    /// <summary>
    /// The <c>Path.GetTempFileName()</c> / <c>Path.GetTempPath()</c> call an initializer is built on:
    /// <c>Path.GetTempFileName()</c>, <c>Path.Combine(Path.GetTempPath(), …)</c>, <c>Path.GetTempPath() + …</c>; else null.
    /// </summary>
    private static InvocationExpressionSyntax? TempPathCall(ExpressionSyntax initializer, SemanticModel model, CancellationToken cancellationToken)
    {
        var current = initializer;
        for (var guard = 0; guard < 8; guard++)
        {
            switch (current)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized.Expression;
                    continue;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add:
                    current = add.Left;
                    continue;
                case InvocationExpressionSyntax invocation when model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                    && method.ContainingType?.ToDisplayString() == "System.IO.Path":
                    switch (method.Name)
                    {
                        case "GetTempFileName" or "GetTempPath":
                            return invocation;
                        case "Combine" or "Join" when invocation.ArgumentList.Arguments.Count > 0:
                            current = invocation.ArgumentList.Arguments[0].Expression;
                            continue;
                    }

                    return null;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>True when every local the target expression reads is declared before the temporary's declaration.</summary>
    private static bool DeclaredBefore(ExpressionSyntax expression, StatementSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Any(r => r.Span.Start >= declaration.SpanStart))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsParentheses(ExpressionSyntax expression) =>
        expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or LiteralExpressionSyntax or InterpolatedStringExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax)
        && !(expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression });
}
