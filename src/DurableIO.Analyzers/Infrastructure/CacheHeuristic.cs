using System;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.Analyzers.Infrastructure;

/// <summary>
/// docs/rules/README.md#caches: files rebuilt after a crash by design — the path, variable, member or type says <i>cache</i> — lose
/// nothing that matters, so DUR001, DUR002, DUR007 and DUR010 report there at Info and say why in the message.
/// </summary>
public static class CacheHeuristic
{
    private const string Word = "cache";

    /// <summary>
    /// The first name that says "cache": a literal piece or a symbol of one of <paramref name="paths"/>, one of
    /// <paramref name="symbols"/> (file variables), the owning member, or its containing type. Null when none does.
    /// The result is ready to quote in a message (e.g. <c>'_cacheFile'</c> → <c>_cacheFile</c>).
    /// </summary>
    public static string? FindCacheName(FileModel model, ISymbol? owningMember, PathValue?[] paths, params ISymbol?[] symbols)
    {
        foreach (var path in paths)
        {
            if (path is null)
            {
                continue;
            }

            foreach (var literal in path.Literals())
            {
                if (Says(literal))
                {
                    return literal;
                }
            }

            foreach (var symbol in path.Symbols())
            {
                if (Says(symbol.Name))
                {
                    return symbol.Name;
                }

                if (model.IsNested && CapturedInitializerName(model, symbol) is { } captured)
                {
                    return captured;
                }
            }
        }

        foreach (var symbol in symbols)
        {
            if (symbol is not null && Says(symbol.Name))
            {
                return symbol.Name;
            }
        }

        for (var member = model.OwningSymbol ?? owningMember; member is not null; member = member.ContainingSymbol)
        {
            if (member is INamespaceSymbol)
            {
                break;
            }

            if (!member.IsImplicitlyDeclared && Says(member.Name))
            {
                return member.Name;
            }
        }

        if (owningMember is not null && !ReferenceEquals(owningMember, model.OwningSymbol))
        {
            for (var member = owningMember; member is not null and not INamespaceSymbol; member = member.ContainingSymbol)
            {
                if (!member.IsImplicitlyDeclared && Says(member.Name))
                {
                    return member.Name;
                }
            }
        }

        return null;
    }

    /// <summary>The message fragment that explains the Info downgrade, e.g. "reported as information because 'pluginCache' names a cache, which is rebuilt after a crash".</summary>
    public static string Explain(string cacheName) =>
        "reported as information because '" + cacheName + "' names a cache, which is rebuilt after a crash";

    private static bool Says(string name) => name.IndexOf(Word, StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// For a local a lambda or local function captures (declared outside its body), the model of the body knows it only by
    /// name: read its initializer instead (<c>var path = Path.Combine(cacheDir, key)</c> used in <c>Task.Run(() =&gt; …)</c>).
    /// </summary>
    private static string? CapturedInitializerName(FileModel model, ISymbol symbol)
    {
        if (symbol is not ILocalSymbol local || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var declarator = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (model.Body.Syntax.Span.Contains(declarator.Span) || declarator is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        foreach (var node in value.DescendantNodesAndSelf())
        {
            var name = node switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                LiteralExpressionSyntax literal when literal.Token.Value is string text => text,
                InterpolatedStringTextSyntax text => text.TextToken.ValueText,
                _ => null,
            };
            if (name is not null && Says(name))
            {
                return name;
            }
        }

        return null;
    }
}
