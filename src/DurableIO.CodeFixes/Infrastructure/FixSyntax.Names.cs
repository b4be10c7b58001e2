using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>The fixers' one syntax toolkit. This part: names — whether a name a fix writes binds to what the fix means there.</summary>
internal static partial class FixSyntax
{
    /// <summary>
    /// Whether the simple name <paramref name="typeName"/> (<c>DurableFile</c>, <c>DurableDirectory</c>) written at
    /// <paramref name="position"/> would bind to the DurableIO type of that name or, before <c>using DurableIO;</c> is added, to
    /// nothing: false when a local, parameter, member, type or using alias of that name is in scope there.
    /// </summary>
    public static bool NameIsFree(SemanticModel model, int position, string typeName)
    {
        foreach (var symbol in model.LookupSymbols(position, name: typeName))
        {
            if (symbol is INamedTypeSymbol type && type.ContainingNamespace?.ToDisplayString() == DurableIOImport.Namespace)
            {
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// How to write <c>System.IO.Path</c> at <paramref name="position"/>: <c>Path</c> when that simple name binds to it there,
    /// <c>System.IO.Path</c> when <c>System</c> is the global namespace's, else <c>global::System.IO.Path</c>.
    /// </summary>
    public static string PathTypeName(SemanticModel model, int position)
    {
        var path = model.LookupSymbols(position, name: "Path");
        if (path.Length == 1 && path[0] is INamedTypeSymbol type && type.ToDisplayString() == "System.IO.Path")
        {
            return "Path";
        }

        var system = model.LookupSymbols(position, name: "System");
        return system.Length == 1 && system[0] is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true }
            ? "System.IO.Path"
            : "global::System.IO.Path";
    }

    /// <summary><c>!</c> from C# 8 on (e.g. the directory of a full path is never null), nothing before.</summary>
    public static string NotNull(SyntaxNode node) =>
        ((CSharpParseOptions)node.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8 ? "!" : string.Empty;

    /// <summary>
    /// The local, parameter, field or property named <paramref name="name"/> that is in scope at <paramref name="position"/>, when
    /// the name binds to exactly that variable (not a type or method); null otherwise.
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

    /// <summary>
    /// An expression that names <paramref name="symbol"/> (a local, parameter, field or property the model found) at
    /// <paramref name="position"/>: its simple name when that binds to it there; for a field or property, <c>this.name</c> when
    /// <paramref name="qualifyWithThis"/> (the code beside it writes <c>this.</c>) or when a local or parameter of that name hides
    /// it, and <c>Type.name</c> for a hidden static one. Null when nothing written there can name it (a local out of scope).
    /// </summary>
    public static ExpressionSyntax? ReferenceTo(SemanticModel model, int position, ISymbol symbol, bool qualifyWithThis)
    {
        var name = SyntaxFactory.IdentifierName(symbol.Name);
        var lookup = model.LookupSymbols(position, name: symbol.Name);
        var binds = lookup.Length == 1 && SymbolEqualityComparer.Default.Equals(lookup[0].OriginalDefinition, symbol.OriginalDefinition);
        if (symbol is IFieldSymbol or IPropertySymbol)
        {
            if (!symbol.IsStatic && (qualifyWithThis || !binds))
            {
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(), name);
            }

            if (symbol.IsStatic && !binds && symbol.ContainingType is { } type)
            {
                return SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParseExpression(type.ToMinimalDisplayString(model, position)), name);
            }
        }

        return binds ? name : null;
    }

    /// <summary>The type of a local, parameter, field or property; null for other symbols.</summary>
    public static ITypeSymbol? TypeOf(ISymbol? symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };
}
