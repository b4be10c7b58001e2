using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// The fixers' one syntax toolkit. This part: expressions a fix may drop, repeat or move. There are two meanings of
/// "stable", with names that say which: <see cref="IsSideEffectFreeRead"/> (drop it or evaluate it again where it stood) and
/// <see cref="IsUnchangedInBody"/> (evaluate it at another place of the body).
/// </summary>
internal static partial class FixSyntax
{
    /// <summary>
    /// Meaning one of "stable": evaluating <paramref name="expression"/> has no side effect and, evaluated again at the same
    /// place (right before or after it stood), gives the same value — so a fix may drop it, or evaluate it once more next to
    /// where it was: constants, locals (not <c>ref</c>), by-value parameters, fields and properties, <c>this</c>/<c>base</c>,
    /// string concatenation, <c>??</c> and interpolation of such values, and the pure <c>System.IO.Path</c> and <c>string</c>
    /// helpers. A local may still be assigned elsewhere in the body: to move an expression to another place, use
    /// <see cref="IsUnchangedInBody"/>.
    /// </summary>
    public static bool IsSideEffectFreeRead(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetConstantValue(expression, cancellationToken).HasValue)
        {
            return true;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsSideEffectFreeRead(parenthesized.Expression, model, cancellationToken);
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                return IsSideEffectFreeRead(suppressed.Operand, model, cancellationToken);
            case ThisExpressionSyntax:
            case BaseExpressionSyntax:
                return true;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add:
                return IsSideEffectFreeRead(add.Left, model, cancellationToken) && IsSideEffectFreeRead(add.Right, model, cancellationToken)
                    && (model.GetTypeInfo(add, cancellationToken).Type?.SpecialType == SpecialType.System_String);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce:
                return IsSideEffectFreeRead(coalesce.Left, model, cancellationToken) && IsSideEffectFreeRead(coalesce.Right, model, cancellationToken);
            case InterpolatedStringExpressionSyntax interpolated:
                return interpolated.Contents.OfType<InterpolationSyntax>().All(i =>
                    IsSideEffectFreeRead(i.Expression, model, cancellationToken) && HasPureToString(model.GetTypeInfo(i.Expression, cancellationToken).Type));
            case IdentifierNameSyntax:
            case MemberAccessExpressionSyntax:
                var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
                var receiverStable = expression is not MemberAccessExpressionSyntax access
                    || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamespaceOrTypeSymbol
                    || IsSideEffectFreeRead(access.Expression, model, cancellationToken);
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

                if (invocation.Expression is MemberAccessExpressionSyntax callee && !method.IsStatic && !IsSideEffectFreeRead(callee.Expression, model, cancellationToken))
                {
                    return false;
                }

                return invocation.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && IsSideEffectFreeRead(a.Expression, model, cancellationToken));
            default:
                return false;
        }
    }

    private static bool HasPureToString(ITypeSymbol? type) =>
        type is not null && (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum);

    /// <summary>
    /// Meaning two of "stable": <paramref name="expression"/> can be evaluated at another place of the same body (after a close,
    /// at a declaration further up) with the same value and no side effect: literals, constants, locals and parameters never
    /// assigned after their declaration anywhere in the body, fields, <c>this</c>, string concatenation and interpolation, the
    /// pure <c>Path</c>/<c>string.Concat</c> methods, <c>FileInfo.FullName</c>/<c>DirectoryName</c>, <c>AppContext.BaseDirectory</c>.
    /// Stricter than <see cref="IsSideEffectFreeRead"/> about variables, narrower about properties and methods.
    /// </summary>
    public static bool IsUnchangedInBody(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        var body = expression.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
            or AnonymousFunctionExpressionSyntax or CompilationUnitSyntax or PropertyDeclarationSyntax);
        return body is not null && IsUnchangedCore(expression, model, body, cancellationToken, 0);
    }

    private static bool IsUnchangedCore(ExpressionSyntax expression, SemanticModel model, SyntaxNode body, CancellationToken cancellationToken, int depth)
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
                return IsUnchangedCore(parenthesized.Expression, model, body, cancellationToken, depth + 1);

            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                return IsUnchangedCore(suppressed.Operand, model, body, cancellationToken, depth + 1);

            case ThisExpressionSyntax:
                return true;

            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add:
                return IsUnchangedCore(add.Left, model, body, cancellationToken, depth + 1) && IsUnchangedCore(add.Right, model, body, cancellationToken, depth + 1);

            case InterpolatedStringExpressionSyntax interpolated:
                return interpolated.Contents.All(c => c is InterpolatedStringTextSyntax
                    || (c is InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole
                        && model.GetTypeInfo(hole.Expression, cancellationToken).Type?.SpecialType == SpecialType.System_String
                        && IsUnchangedCore(hole.Expression, model, body, cancellationToken, depth + 1)));

            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
                if (expression is MemberAccessExpressionSyntax access && symbol is { IsStatic: false })
                {
                    if (!IsUnchangedCore(access.Expression, model, body, cancellationToken, depth + 1))
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
                    && IsUnchangedCore(a.Expression, model, body, cancellationToken, depth + 1));

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

    /// <summary>
    /// True when <paramref name="reference"/>, a new expression a fix writes right before <paramref name="at"/> (the whole of a
    /// statement or of an expression body), may be null there under nullable analysis: a call on it would be a new nullable
    /// warning (a lazily opened <c>StreamWriter?</c> field). Read from the flow state of a speculative binding at that place;
    /// false where nullable warnings are off; where no speculation is possible (a lambda's body), true when its declared type is
    /// annotated.
    /// </summary>
    public static bool MayBeNullAt(SemanticModel model, ExpressionSyntax reference, ExpressionSyntax at, ITypeSymbol declaredType, CancellationToken cancellationToken)
    {
        if (!model.GetNullableContext(at.SpanStart).WarningsEnabled() || declaredType.IsValueType)
        {
            return false;
        }

        var receiver = reference.WithoutTrivia();
        var probe = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(nameof(GetHashCode))));
        SemanticModel? speculative = null;
        if (StatementOf(at) is { } statement)
        {
            var probeStatement = SyntaxFactory.ExpressionStatement(probe);
            if (model.TryGetSpeculativeSemanticModel(statement.SpanStart, probeStatement, out speculative))
            {
                receiver = ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)probeStatement.Expression).Expression).Expression;
            }
        }
        else if (ExpressionBodyOf(at) is { } arrow)
        {
            var probeArrow = SyntaxFactory.ArrowExpressionClause(probe);
            if (model.TryGetSpeculativeSemanticModel(arrow.SpanStart, probeArrow, out speculative))
            {
                receiver = ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)probeArrow.Expression).Expression).Expression;
            }
        }

        return speculative is null
            ? declaredType.NullableAnnotation == NullableAnnotation.Annotated
            : speculative.GetTypeInfo(receiver, cancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull;
    }
}
