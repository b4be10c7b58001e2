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
    private static readonly string[] FlushableTypes = { "System.IO.FileStream", "System.IO.StreamWriter", "System.IO.BinaryWriter", "System.IO.BufferedStream" };

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

    /// <summary>True when the expression has no side effects and names the same object when evaluated again: <c>x</c>, <c>this.x</c>, <c>a.b</c>.</summary>
    public static bool IsStableReference(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => access.Name is IdentifierNameSyntax && IsStableReference(access.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsStableReference(parenthesized.Expression),
        _ => false,
    };

    /// <summary>
    /// The local, parameter or field named <paramref name="name"/> that is in scope at <paramref name="position"/>, when it has
    /// exactly that name and binds to a variable (not a type or method); null otherwise.
    /// </summary>
    public static ISymbol? VariableInScope(SemanticModel model, int position, string name)
    {
        var symbols = model.LookupSymbols(position, name: name);
        if (symbols.Length != 1)
        {
            return null;
        }

        return symbols[0] is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol { IsIndexer: false } ? symbols[0] : null;
    }

    /// <summary>The type of a local, parameter, field or property.</summary>
    public static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>The whitespace at the start of the line of <paramref name="node"/>.</summary>
    public static SyntaxTriviaList Indentation(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        var start = leading.Count;
        while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start--;
        }

        return SyntaxFactory.TriviaList(leading.Skip(start));
    }

    /// <summary>The end of line the document uses (the first one found), or CRLF.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        var root = node.SyntaxTree.GetRoot();
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.CarriageReturnLineFeed;
    }
}
