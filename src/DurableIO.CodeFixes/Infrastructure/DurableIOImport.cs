using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>Adds <c>using DurableIO;</c> to a file the way its author would have written it.</summary>
internal static class DurableIOImport
{
    public const string Namespace = "DurableIO";

    /// <summary>
    /// Returns <paramref name="root"/> with <c>using DurableIO;</c> added, unless the file or a global
    /// using of the compilation already imports the namespace. The directive goes where the file keeps
    /// its usings (top of the file, or inside its namespace, block or file-scoped), in sorted position.
    /// </summary>
    public static CompilationUnitSyntax AddIfMissing(CompilationUnitSyntax root, Compilation compilation)
    {
        if (Imports(root.Usings) || HasGlobalUsing(compilation) || root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>().Any(ns => Imports(ns.Usings)))
        {
            return root;
        }

        var endOfLine = FixSyntax.EndOfLine(root);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace)).NormalizeWhitespace()
            .WithTrailingTrivia(endOfLine);

        var namespaceWithUsings = root.Usings.Count == 0
            ? root.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(ns => ns.Usings.Count > 0)
            : null;
        if (namespaceWithUsings is not null)
        {
            var updated = namespaceWithUsings.WithUsings(Insert(namespaceWithUsings.Usings, directive));
            return root.ReplaceNode(namespaceWithUsings, updated);
        }

        if (root.Usings.Count > 0)
        {
            return root.WithUsings(Insert(root.Usings, directive));
        }

        // No usings yet: the directive goes first, after the file's header comments, followed by a blank line.
        var firstToken = root.GetFirstToken(includeZeroWidth: true);
        var header = firstToken.LeadingTrivia;
        var withHeader = directive.WithLeadingTrivia(header).WithTrailingTrivia(endOfLine, endOfLine);
        var rootWithoutHeader = root.ReplaceToken(firstToken, firstToken.WithLeadingTrivia(SyntaxTriviaList.Empty));
        return rootWithoutHeader.WithUsings(rootWithoutHeader.Usings.Add(withHeader));
    }

    private static bool Imports(SyntaxList<UsingDirectiveSyntax> usings) =>
        usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == Namespace);

    private static bool HasGlobalUsing(Compilation compilation) =>
        compilation.SyntaxTrees.Any(tree =>
            tree.TryGetRoot(out var root) && root is CompilationUnitSyntax unit
            && unit.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None)
                && (u.Name?.ToString() == Namespace || u.Name?.ToString() == "global::" + Namespace)));

    /// <summary>Inserts in sorted order (System namespaces first), keeping the first directive's header trivia on top.</summary>
    private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
    {
        var index = 0;
        while (index < usings.Count && SortsBefore(usings[index]))
        {
            index++;
        }

        if (index == 0)
        {
            // The old first directive may carry the file header; it stays at the top.
            var first = usings[0];
            directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
            usings = usings.Replace(first, first.WithLeadingTrivia(FixSyntax.Indentation(first.GetLeadingTrivia())));
        }
        else
        {
            directive = directive.WithLeadingTrivia(FixSyntax.Indentation(usings[index - 1].GetLeadingTrivia()));
        }

        return usings.Insert(index, directive);
    }

    private static bool SortsBefore(UsingDirectiveSyntax existing)
    {
        if (existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
        {
            return true;
        }

        if (existing.Alias is not null || existing.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) || existing.Name is null)
        {
            return false;
        }

        var name = existing.Name.ToString();
        var isSystem = name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        return isSystem || string.Compare(name, Namespace, StringComparison.OrdinalIgnoreCase) < 0;
    }
}
