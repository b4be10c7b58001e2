using System.Threading;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// Syntax helpers of the flush fixes (DUR003, DUR004, DUR005, DUR011): the flush invocation a diagnostic is on, its
/// receiver and method name, the types the runtime's <c>FlushToDisk</c>/<c>FlushToDiskAsync</c> extend, and the statement
/// that a flush is the whole of.
/// </summary>
internal static class FlushFixSyntax
{
    /// <summary>The types with a <c>FlushToDisk()</c>/<c>FlushToDiskAsync(CancellationToken)</c> overload in the runtime.</summary>
    private static readonly string[] FlushableTypes = { "System.IO.FileStream", "System.IO.StreamWriter", "System.IO.BinaryWriter", "System.IO.BufferedStream", "Microsoft.Win32.SafeHandles.SafeFileHandle" };

    /// <summary>The invocation the diagnostic is reported on, or null.</summary>
    public static InvocationExpressionSyntax? Invocation(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>(n => n.Span == diagnostic.Location.SourceSpan);
    }

    /// <summary>The name of the invoked member (<c>x.Name(…)</c> or <c>x?.Name(…)</c>), or null.</summary>
    public static SimpleNameSyntax? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        _ => null,
    };

    /// <summary>The receiver expression of <c>x.M()</c>, or of <c>x?.M()</c> (the expression before <c>?</c>), or null.</summary>
    public static ExpressionSyntax? Receiver(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Expression,
        MemberBindingExpressionSyntax => invocation.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
        _ => null,
    };

    /// <summary>True when <paramref name="type"/> is exactly one of the types FlushToDisk extends.</summary>
    public static bool IsFlushable(ITypeSymbol? type) =>
        type is not null && FlushableTypes.Contains(type.OriginalDefinition.ToDisplayString());

    /// <summary>True when <paramref name="type"/> is exactly <c>System.IO.FileStream</c>.</summary>
    public static bool IsFileStream(ITypeSymbol? type) => type?.OriginalDefinition.ToDisplayString() == "System.IO.FileStream";

    /// <summary>The invocation with its method name replaced (same trivia, same arguments).</summary>
    public static InvocationExpressionSyntax Rename(InvocationExpressionSyntax invocation, string newName)
    {
        var name = MethodName(invocation)!;
        var renamed = SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, newName, name.Identifier.TrailingTrivia));
        return invocation.ReplaceNode(name, renamed);
    }

    /// <summary><c>()</c> with the parentheses' trivia, and the comments that were inside the old argument list.</summary>
    public static ArgumentListSyntax EmptyArgumentList(ArgumentListSyntax arguments)
    {
        var comments = arguments.Arguments.SelectMany(a => a.DescendantTrivia())
            .Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            .ToList();
        var open = arguments.OpenParenToken;
        if (comments.Count > 0)
        {
            open = open.WithTrailingTrivia(open.TrailingTrivia.AddRange(comments));
        }

        return SyntaxFactory.ArgumentList(open, default, arguments.CloseParenToken);
    }

    /// <summary>
    /// The statement that flushes <paramref name="name"/> to disk after <paramref name="write"/>, placed at
    /// <paramref name="position"/> beside <paramref name="place"/>: <c>await name.FlushToDiskAsync(token)</c> (with the
    /// write's token when it is still the same there, and its <c>ConfigureAwait</c>) in async code outside a <c>lock</c>
    /// (no <c>await</c> there), else <c>name.FlushToDisk();</c>.
    /// </summary>
    public static string FlushToDiskCode(SemanticModel model, InvocationExpressionSyntax write, string name, SyntaxNode place, int position, CancellationToken cancellationToken)
    {
        if (!FixSyntax.IsInAsyncFunction(place) || IsInLock(place))
        {
            return $"{name}.FlushToDisk();";
        }

        var token = write.ArgumentList.Arguments.FirstOrDefault(a =>
            model.GetTypeInfo(a.Expression, cancellationToken).Type?.ToDisplayString() == "System.Threading.CancellationToken");
        var tokenText = token is not null && FixSyntax.IsUnchangedInBody(token.Expression, model, cancellationToken)
            && FixSyntax.IsInScopeAt(token.Expression, model, position, cancellationToken)
            ? token.Expression.WithoutTrivia().ToString()
            : string.Empty;
        var configureAwait = write.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configure }
            ? ".ConfigureAwait(" + configure.ArgumentList.Arguments.ToString() + ")"
            : string.Empty;
        return $"await {name}.FlushToDiskAsync({tokenText}){configureAwait};";
    }

    private static bool IsInLock(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case LockStatementSyntax:
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
