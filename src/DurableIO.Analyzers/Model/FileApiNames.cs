using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Stage 1 of the <see cref="FileApiGate"/>: the positions, in a syntax tree, of the names that can name a file API.
/// Found once per tree by scanning its <b>text</b> (no syntax node is created: walking the tokens of every tree cost
/// more than everything else the analyzers do), kept with the tree (the text alone decides them, so every compilation
/// that holds the tree shares them) and looked up by binary search.
/// </summary>
/// <remarks>
/// A position can fall in a comment, a string or disabled code: the gate checks that an identifier token starts there.
/// A candidate is a type name (<c>FileStream</c>, <c>File</c>, …) unless it is followed by <c>.Member</c> where the
/// member changes no file (<c>File.Exists</c>, <c>Stream.Null</c>); a name ending in <c>Stream</c>, <c>Writer</c> or
/// <c>Reader</c> (a project's own stream type); a file-API method name; a name that says it flushes, syncs or opens; a
/// P/Invoke name; or the name of a field or property of the same tree declared with a stream type.
/// </remarks>
internal static class FileApiNames
{
    private static readonly ConditionalWeakTable<SyntaxTree, int[]> s_candidatesByTree = new();

    /// <summary>Types (by simple name) whose members, instances and declarations make a body a candidate.</summary>
    private static readonly NameSet s_typeNames = new(
        "FileStream", "Stream", "StreamWriter", "StreamReader", "TextWriter", "TextReader", "BinaryWriter", "BinaryReader",
        "BufferedStream", "GZipStream", "DeflateStream", "BrotliStream", "ZLibStream", "CryptoStream",
        "SafeFileHandle", "SafeHandle", "File", "FileInfo", "FileSystemInfo", "DirectoryInfo", "RandomAccess", "FileStreamOptions",
        "DurableFile", "DurableDirectory", "DurableStreamExtensions");

    /// <summary>Method names of the file APIs the model recognises (the <c>Flush…</c>/<c>…Sync</c>/<c>Open…</c> ones are matched by shape).</summary>
    /// <remarks>
    /// Not here: the names that are common outside file code (<c>Write</c>, <c>WriteLine</c>, <c>Create</c>, <c>Copy</c>,
    /// <c>Move</c>, <c>Replace</c>, <c>Delete</c>). A file call by such a name always comes with a name that is here: the
    /// type it is called on (<c>File.Move</c>), or the stream, writer or FileInfo it is called on, whose type is named where
    /// it is declared (a local, a parameter) or is a stream-typed member of the tree. Only <c>using static System.IO.File</c>
    /// loses out.
    /// </remarks>
    private static readonly NameSet s_methodNames = new(
        "CreateText", "AppendText", "OpenRead", "OpenText", "OpenHandle", "OpenWrite",
        "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines", "AppendAllBytes",
        "WriteAllTextAsync", "WriteAllBytesAsync", "WriteAllLinesAsync", "AppendAllTextAsync", "AppendAllLinesAsync", "AppendAllBytesAsync",
        "CopyTo", "CopyToAsync",
        // P/Invoke entry points ("fdatasync" reads like "…async" to the shape test).
        "CreateFile", "CreateFileW", "dirfd", "close", "closedir", "CloseHandle", "fcntl", "fsync", "fdatasync");

    /// <summary>Members of <c>File</c>/<c>FileInfo</c>/<c>RandomAccess</c> that change a file (beside the names above): <c>File.Exists</c> does not.</summary>
    private static readonly NameSet s_changingMembers = new("Create", "Copy", "Move", "Replace", "MoveTo", "Delete", "Write", "WriteAsync", "CopyTo");

    /// <summary>
    /// Every candidate name holds one of these (a test checks it): finding them with a vectorised <c>IndexOf</c> skips the
    /// rest of the text, which is almost all of it.
    /// </summary>
    internal static readonly string[] Anchors =
    {
        "File", "Stream", "Writer", "Reader", "Handle", "RandomAccess", "DirectoryInfo", "Durable", "Text", "All", "CopyTo",
        "pen", "lush", "ync", "dirfd", "lose", "fcntl",
    };

    /// <summary>The sorted positions of the candidate names of <paramref name="tree"/>.</summary>
    public static int[] Of(SyntaxTree tree) => s_candidatesByTree.GetValue(tree, Find);

    /// <summary>The names listed by name (type and method names), for the test that each holds an <see cref="Anchors">anchor</see>.</summary>
    internal static IEnumerable<string> ListedNames => s_typeNames.Names.Concat(s_methodNames.Names);

    /// <summary>True for a name that can name a file API, before any binding.</summary>
    public static bool IsCandidateName(string name) =>
        s_typeNames.Contains(name, 0, name.Length) || IsCandidateMethodName(name, 0, name.Length);

    /// <summary>True for a member that changes a file when called on a file type (<c>File.Move</c>, not <c>File.Exists</c>).</summary>
    public static bool ChangesAFile(string member) =>
        s_changingMembers.Contains(member, 0, member.Length) || IsCandidateMethodName(member, 0, member.Length);

    /// <summary>True for a type name of the file APIs (<c>FileStream</c>, <c>File</c>, …).</summary>
    public static bool IsFileTypeName(string name) => s_typeNames.Contains(name, 0, name.Length);

    /// <summary>
    /// A name that says it flushes or syncs: it contains <c>Flush</c>, or <c>Sync</c>/<c>sync</c> not preceded by <c>A</c>/<c>a</c>
    /// (<c>Fsync</c>, <c>SyncDirectory</c>, <c>fdatasync</c>, but not <c>WriteAsync</c>).
    /// </summary>
    public static bool SaysFlushOrSync(string name) => SaysFlushOrSync(name, 0, name.Length);

    private static bool IsCandidateMethodName(string text, int start, int length) =>
        s_methodNames.Contains(text, start, length) || SaysFlushOrSync(text, start, length) || SaysOpen(text, start, length);

    private static bool SaysFlushOrSync(string text, int start, int length)
    {
        var end = start + length;
        for (var i = start; i + 5 <= end; i++)
        {
            if (text[i] is 'F' or 'f' && string.CompareOrdinal(text, i + 1, "lush", 0, 4) == 0)
            {
                return true;
            }
        }

        return SaysSync(text, start, end);
    }

    /// <summary><c>Sync</c>/<c>sync</c> not preceded by <c>A</c>/<c>a</c>, anywhere in the name.</summary>
    private static bool SaysSync(string text, int start, int end)
    {
        for (var i = start; i + 4 <= end; i++)
        {
            if (text[i] is 'S' or 's' && text[i + 1] == 'y' && text[i + 2] == 'n' && text[i + 3] == 'c'
                && (i == start || text[i - 1] is not ('A' or 'a')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>FormattingStreamWriter</c>, <c>SegmentStream</c>, <c>LogReader</c>: a project's own stream, writer or reader type
    /// (or a method or variable named after one), which derives from a listed type the text never names.
    /// </summary>
    private static bool EndsLikeAStreamType(string text, int start, int end) =>
        EndsWith(text, start, end, "Stream") || EndsWith(text, start, end, "Writer") || EndsWith(text, start, end, "Reader");

    private static bool EndsWith(string text, int start, int end, string suffix) =>
        end - start >= suffix.Length && string.CompareOrdinal(text, end - suffix.Length, suffix, 0, suffix.Length) == 0;

    /// <summary><c>Open</c>, <c>OpenFile</c>, <c>open</c>, <c>open64</c>, <c>opendir</c>: an opener, by its name.</summary>
    private static bool SaysOpen(string text, int start, int length) =>
        length >= 4 && text[start] is 'O' or 'o' && text[start + 1] == 'p' && text[start + 2] == 'e' && text[start + 3] == 'n';

    private static int[] Find(SyntaxTree tree)
    {
        var text = tree.GetText().ToString();
        List<int>? positions = null;
        var namesAType = false;
        foreach (var anchor in Anchors)
        {
            for (var at = text.IndexOf(anchor, StringComparison.Ordinal); at >= 0;)
            {
                var (start, end) = NameAround(text, at, anchor.Length);
                at = end < text.Length ? text.IndexOf(anchor, end, StringComparison.Ordinal) : -1;
                if (!IsNameStart(text[start]))
                {
                    continue; // inside a number (0x1File is no name)
                }

                if (s_typeNames.Contains(text, start, end - start))
                {
                    namesAType = true;
                    if (IsReadOnlyMemberAccess(text, end))
                    {
                        continue;
                    }
                }
                else if (!IsCandidateMethodName(text, start, end - start) && !EndsLikeAStreamType(text, start, end))
                {
                    continue;
                }

                (positions ??= new List<int>()).Add(TokenStart(text, start));
            }
        }

        // A field or property declared with a stream type names that type: only then can the tree have such members.
        if (namesAType && StreamTypedMemberNames(tree.GetRoot()) is { } members)
        {
            foreach (var member in members)
            {
                for (var at = text.IndexOf(member, StringComparison.Ordinal); at >= 0; at = text.IndexOf(member, at + member.Length, StringComparison.Ordinal))
                {
                    if (NameAround(text, at, member.Length) == (at, at + member.Length))
                    {
                        (positions ??= new List<int>()).Add(TokenStart(text, at));
                    }
                }
            }
        }

        if (positions is null)
        {
            return Array.Empty<int>();
        }

        // A name can hold two anchors (FileStream) and be found twice.
        positions.Sort();
        var unique = new List<int>(positions.Count);
        foreach (var position in positions)
        {
            if (unique.Count == 0 || unique[unique.Count - 1] != position)
            {
                unique.Add(position);
            }
        }

        return unique.ToArray();
    }

    /// <summary>The whole name (letters, digits, underscores) around <paramref name="length"/> characters at <paramref name="at"/>.</summary>
    private static (int Start, int End) NameAround(string text, int at, int length)
    {
        var start = at;
        while (start > 0 && IsNamePart(text[start - 1]))
        {
            start--;
        }

        var end = at + length;
        while (end < text.Length && IsNamePart(text[end]))
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>Where the token of the name at <paramref name="start"/> starts: a verbatim identifier (<c>@File</c>) at its <c>@</c>.</summary>
    private static int TokenStart(string text, int start) => start > 0 && text[start - 1] == '@' ? start - 1 : start;

    private static bool IsNameStart(char c) => c == '_' || (c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' : char.IsLetter(c));

    private static bool IsNamePart(char c) => c < 128 ? c == '_' || (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : char.IsLetterOrDigit(c);

    /// <summary><c>.Member</c> follows at <paramref name="at"/> and the member changes no file (<c>File.Exists</c>).</summary>
    private static bool IsReadOnlyMemberAccess(string text, int at)
    {
        at = SkipSpaces(text, at);
        if (at >= text.Length || text[at] != '.')
        {
            return false;
        }

        var start = SkipSpaces(text, at + 1);
        var end = start;
        while (end < text.Length && IsNamePart(text[end]))
        {
            end++;
        }

        return end > start && !s_changingMembers.Contains(text, start, end - start) && !IsCandidateMethodName(text, start, end - start);
    }

    private static int SkipSpaces(string text, int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// Names of the fields and properties of this tree declared with a stream, writer or handle type: a body that only
    /// reads such a member (<c>_log.Flush()</c> is caught by name, <c>Commit(_stream)</c> is not) still needs a model.
    /// </summary>
    private static List<string>? StreamTypedMemberNames(SyntaxNode root)
    {
        List<string>? names = null;
        foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            switch (node)
            {
                case FieldDeclarationSyntax field when IsStreamTypeSyntax(field.Declaration.Type):
                    foreach (var variable in field.Declaration.Variables)
                    {
                        (names ??= new List<string>()).Add(variable.Identifier.ValueText);
                    }

                    break;
                case PropertyDeclarationSyntax property when IsStreamTypeSyntax(property.Type):
                    (names ??= new List<string>()).Add(property.Identifier.ValueText);
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
            SimpleNameSyntax simple => IsFileTypeName(simple.Identifier.ValueText),
            _ => false,
        };

    /// <summary>A set of names that answers for a slice of a string without allocating one.</summary>
    private sealed class NameSet
    {
        private readonly Dictionary<int, string[]> _byLength = new();

        public NameSet(params string[] names)
        {
            Names = names;
            foreach (var group in GroupByLength(names))
            {
                _byLength[group.Key] = group.Value.ToArray();
            }
        }

        public string[] Names { get; }

        public bool Contains(string text, int start, int length)
        {
            if (!_byLength.TryGetValue(length, out var names))
            {
                return false;
            }

            foreach (var name in names)
            {
                if (name[0] == text[start] && string.CompareOrdinal(text, start, name, 0, length) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static Dictionary<int, List<string>> GroupByLength(string[] names)
        {
            var groups = new Dictionary<int, List<string>>();
            foreach (var name in names)
            {
                if (!groups.TryGetValue(name.Length, out var group))
                {
                    groups[name.Length] = group = new List<string>();
                }

                group.Add(name);
            }

            return groups;
        }
    }
}
