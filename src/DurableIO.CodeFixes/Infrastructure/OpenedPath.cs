using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>The path expression a <c>new FileStream(…)</c>, <c>File.Open*(…)</c> or <c>fileInfo.Open*()</c> opens.</summary>
internal static class OpenedPath
{
    /// <summary>The <c>path</c> argument; for a FileInfo method, the FileInfo expression; null when there is none.</summary>
    public static ExpressionSyntax? Of(ExpressionSyntax open, SemanticModel model, CancellationToken cancellationToken)
    {
        var method = model.GetSymbolInfo(open, cancellationToken).Symbol as IMethodSymbol;
        var arguments = open switch
        {
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            _ => null,
        };

        if (method is null)
        {
            return null;
        }

        if (method.ContainingType?.ToDisplayString() == "System.IO.FileInfo")
        {
            return open is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Expression : null;
        }

        if (arguments is null)
        {
            return null;
        }

        for (var i = 0; i < arguments.Arguments.Count; i++)
        {
            var argument = arguments.Arguments[i];
            var name = argument.NameColon?.Name.Identifier.ValueText ?? (i < method.Parameters.Length ? method.Parameters[i].Name : null);
            if (name == "path")
            {
                return argument.Expression;
            }
        }

        return null;
    }
}
