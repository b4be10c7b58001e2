using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Decides, before any model is built, whether a body can touch a file API at all. Almost no body of a real program
/// does (169 of 19,631 in an event store), and a user pays for every body in every build and keystroke, so the test is
/// in two cheap stages:
/// <list type="number">
/// <item><b>Names</b> (syntax only): the body holds an identifier that can name a file API — a stream, writer, file or
/// handle type, a method such as <c>Write</c>, <c>Flush</c>, <c>Move</c>, <c>Open…</c>, anything that says it flushes or
/// syncs, a P/Invoke name such as <c>fsync</c>, or a field/property of the same tree declared with a stream, writer or
/// handle type. The positions of such identifiers are found once per syntax tree (the tree's text alone decides them,
/// so they are shared by every compilation that holds the tree and go with it) and looked up by binary search.</item>
/// <item><b>Symbols</b>: for those identifiers only, the symbol they bind to is a file API (a <see cref="KnownSymbols"/>
/// type or a member of one, a P/Invoke, a configured helper, a method of the project whose name says it flushes or syncs)
/// or a variable, field or property of a stream, writer or handle type.</item>
/// </list>
/// A body that fails either stage gets no model and leaves no state behind.
/// </summary>
internal static class FileApiGate
{
    private static readonly ConditionalWeakTable<SyntaxTree, int[]> s_candidatesByTree = new();
    private static readonly ConditionalWeakTable<SyntaxTree, int[]>.CreateValueCallback s_findCandidates = FindCandidates;

    /// <summary>Types (by simple name) whose members, instances and declarations make a body a candidate.</summary>
    private static readonly HashSet<string> s_typeNames = new(StringComparer.Ordinal)
    {
        "FileStream", "Stream", "StreamWriter", "StreamReader", "TextWriter", "TextReader", "BinaryWriter", "BinaryReader",
        "BufferedStream", "GZipStream", "DeflateStream", "BrotliStream", "ZLibStream", "CryptoStream",
        "SafeFileHandle", "SafeHandle", "File", "FileInfo", "FileSystemInfo", "DirectoryInfo", "RandomAccess", "FileStreamOptions",
        "DurableFile", "DurableDirectory", "DurableStreamExtensions",
    };

    /// <summary>Method names of the file APIs the model recognises (the <c>Flush…</c>/<c>…Sync</c>/<c>Open…</c> ones are matched by shape).</summary>
    /// <remarks>
    /// Not here: the names that are common outside file code (<c>Write</c>, <c>WriteLine</c>, <c>Create</c>, <c>Copy</c>,
    /// <c>Move</c>, <c>Replace</c>, <c>Delete</c>). A file call by such a name always comes with a name that is here: the
    /// type it is called on (<c>File.Move</c>), or the stream, writer or FileInfo it is called on, whose type is named where
    /// it is declared (a local, a parameter) or is a stream-typed member of the tree. Only <c>using static System.IO.File</c>
    /// loses out.
    /// </remarks>
    private static readonly HashSet<string> s_methodNames = new(StringComparer.Ordinal)
    {
        "CreateText", "AppendText", "OpenRead", "OpenText", "OpenHandle", "OpenWrite",
        "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines", "AppendAllBytes",
        "WriteAllTextAsync", "WriteAllBytesAsync", "WriteAllLinesAsync", "AppendAllTextAsync", "AppendAllLinesAsync", "AppendAllBytesAsync",
        "CopyTo", "CopyToAsync",
        // P/Invoke entry points ("fdatasync" reads like "…async" to the shape test).
        "CreateFile", "CreateFileW", "dirfd", "close", "closedir", "CloseHandle", "fcntl", "fsync", "fdatasync",
    };

    /// <summary>Members of <c>File</c>/<c>FileInfo</c>/<c>RandomAccess</c> that change a file (beside the names above): <c>File.Exists</c> does not.</summary>
    private static readonly HashSet<string> s_changingMembers = new(StringComparer.Ordinal)
    {
        "Create", "Copy", "Move", "Replace", "MoveTo", "Delete", "Write", "WriteAsync", "CopyTo",
    };

    /// <summary>
    /// True when the body of <paramref name="block"/> may touch a file API: see the class summary. Never throws for
    /// a body it cannot judge: it admits it (the model then decides).
    /// </summary>
    public static bool Admits(IOperation block, KnownSymbols known, ConfiguredMethods configured, CancellationToken cancellationToken)
    {
        var syntax = block.Syntax;
        var tree = syntax.SyntaxTree;
        // The whole declaration: a parameter or return type (FileInfo staged) names the file API the body then uses.
        var span = (syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? syntax).Span;
        var semanticModel = block.SemanticModel;
        if (semanticModel is null)
        {
            return true;
        }

        var candidates = s_candidatesByTree.GetValue(tree, s_findCandidates);
        var root = tree.GetRoot(cancellationToken);
        for (var i = FirstAtOrAfter(candidates, span.Start); i < candidates.Length && candidates[i] < span.End; i++)
        {
            if (BindsToFileApi(root.FindToken(candidates[i]), semanticModel, known, configured, cancellationToken))
            {
                return true;
            }
        }

        // The user's configured helpers can have any name: look for them only where some are configured.
        if (configured.HasNames)
        {
            foreach (var token in syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && configured.IsCandidate(token.ValueText)
                    && BindsToFileApi(token, semanticModel, known, configured, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True for a name that can name a file API, before any binding (stage 1).</summary>
    internal static bool IsCandidateName(string name) =>
        s_typeNames.Contains(name) || s_methodNames.Contains(name) || SaysFlushOrSync(name) || SaysOpen(name);

    /// <summary>
    /// A name that says it flushes or syncs: it contains <c>Flush</c>, or <c>Sync</c>/<c>sync</c> not preceded by <c>A</c>/<c>a</c>
    /// (<c>Fsync</c>, <c>SyncDirectory</c>, <c>fdatasync</c>, but not <c>WriteAsync</c>).
    /// </summary>
    internal static bool SaysFlushOrSync(string name)
    {
        if (name.IndexOf("Flush", StringComparison.Ordinal) >= 0 || name.IndexOf("flush", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        for (var at = name.IndexOf("ync", StringComparison.Ordinal); at > 0; at = name.IndexOf("ync", at + 1, StringComparison.Ordinal))
        {
            if (name[at - 1] is 'S' or 's' && (at < 2 || name[at - 2] is not ('A' or 'a')))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ChangesAFile(string member) =>
        s_methodNames.Contains(member) || s_changingMembers.Contains(member) || SaysOpen(member) || SaysFlushOrSync(member);

    /// <summary><c>Open</c>, <c>OpenFile</c>, <c>open</c>, <c>open64</c>, <c>opendir</c>: an opener, by its name.</summary>
    private static bool SaysOpen(string name) =>
        name.StartsWith("Open", StringComparison.Ordinal) || name.StartsWith("open", StringComparison.Ordinal);

    private static int[] FindCandidates(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        var members = StreamTypedMemberNames(root);
        List<int>? positions = null;
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax
                && (IsCandidateName(token.ValueText) || (members is not null && members.Contains(token.ValueText))))
            {
                (positions ??= new List<int>()).Add(token.SpanStart);
            }
        }

        return positions?.ToArray() ?? Array.Empty<int>();
    }

    /// <summary>
    /// Names of the fields and properties of this tree declared with a stream, writer or handle type: a body that only
    /// reads such a member (<c>_log.Flush()</c> is caught by name, <c>Commit(_stream)</c> is not) still needs a model.
    /// </summary>
    private static HashSet<string>? StreamTypedMemberNames(SyntaxNode root)
    {
        HashSet<string>? names = null;
        foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            switch (node)
            {
                case FieldDeclarationSyntax field when IsStreamTypeSyntax(field.Declaration.Type):
                    foreach (var variable in field.Declaration.Variables)
                    {
                        (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(variable.Identifier.ValueText);
                    }

                    break;
                case PropertyDeclarationSyntax property when IsStreamTypeSyntax(property.Type):
                    (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(property.Identifier.ValueText);
                    break;
            }
        }

        return names;
    }

    private static bool IsStreamTypeSyntax(TypeSyntax type) =>
        type switch
        {
            NullableTypeSyntax nullable => IsStreamTypeSyntax(nullable.ElementType),
            QualifiedNameSyntax qualified => IsStreamTypeSyntax(qualified.Right),
            AliasQualifiedNameSyntax aliased => IsStreamTypeSyntax(aliased.Name),
            SimpleNameSyntax simple => s_typeNames.Contains(simple.Identifier.ValueText),
            _ => false,
        };

    /// <summary>Stage 2 for one identifier: what it binds to.</summary>
    private static bool BindsToFileApi(SyntaxToken token, SemanticModel semanticModel, KnownSymbols known, ConfiguredMethods configured, CancellationToken cancellationToken)
    {
        if (token.Parent is not SimpleNameSyntax name)
        {
            return false;
        }

        var info = semanticModel.GetSymbolInfo(name, cancellationToken);
        if (info.Symbol is { } symbol)
        {
            // File.Exists(p), new FileInfo(p).Length: a type named only to read is no file change.
            if (symbol is INamedTypeSymbol && !known.IsDurableType((ITypeSymbol)symbol)
                && name.Parent is MemberAccessExpressionSyntax access && access.Expression == name && !ChangesAFile(access.Name.Identifier.ValueText))
            {
                return false;
            }

            return IsFileApi(symbol, known, configured);
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            if (IsFileApi(candidate, known, configured))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFileApi(ISymbol symbol, KnownSymbols known, ConfiguredMethods configured)
    {
        switch (symbol)
        {
            case INamedTypeSymbol type:
                return IsFileApiType(type, known);
            case IMethodSymbol method:
                var definition = method.ReducedFrom ?? method;
                return IsFileApiType(definition.ContainingType, known)
                    || Building.PInvokeRecognizer.IsPInvoke(definition)
                    || configured.IsCandidate(method.Name)
                    || (SaysFlushOrSync(method.Name) && !definition.DeclaringSyntaxReferences.IsEmpty); // the project's own flush helper
            case IFieldSymbol field:
                return known.IsStreamLike(field.Type) || IsFileApiType(field.Type, known);
            case IPropertySymbol property:
                return known.IsStreamLike(property.Type) || IsFileApiType(property.Type, known);
            case ILocalSymbol local:
                return known.IsStreamLike(local.Type) || IsFileApiType(local.Type, known);
            case IParameterSymbol parameter:
                return known.IsStreamLike(parameter.Type) || IsFileApiType(parameter.Type, known);
            default:
                return false;
        }
    }

    private static bool IsFileApiType(ITypeSymbol? type, KnownSymbols known) =>
        type is not null
        && type.SpecialType == SpecialType.None
        && (known.IsStreamLike(type)
            || KnownSymbols.Is(type, known.File)
            || KnownSymbols.DerivesFrom(type, known.FileSystemInfo)
            || KnownSymbols.Is(type, known.RandomAccess)
            || KnownSymbols.Is(type, known.FileStreamOptions)
            || known.IsDurableType(type));

    /// <summary>The index of the first position at or after <paramref name="start"/> (binary search).</summary>
    private static int FirstAtOrAfter(int[] positions, int start)
    {
        int low = 0, high = positions.Length;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (positions[middle] < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
