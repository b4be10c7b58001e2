using System;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>The shapes of path expression the model understands.</summary>
public enum PathValueKind
{
    /// <summary>Built by code the model does not understand. Never equal to any other path, not even itself at another place.</summary>
    Unknown,
    /// <summary>A compile-time constant string.</summary>
    Literal,
    /// <summary>The value of a parameter, field, property or (not tracked) local: <see cref="PathValue.Symbol"/>.</summary>
    Symbol,
    /// <summary><c>a + ".tmp"</c>, <c>$"{a}.tmp"</c>, <c>string.Concat(a, b)</c>: <see cref="PathValue.Parts"/>.</summary>
    Concat,
    /// <summary><c>Path.ChangeExtension(a, ext)</c>: Parts = [a, ext].</summary>
    ChangeExtension,
    /// <summary><c>Path.Combine(a, b, …)</c> / <c>Path.Join</c>: Parts = [a, b, …].</summary>
    Combine,
    /// <summary>The directory that contains Parts[0]: <c>Path.GetDirectoryName(a)</c>, <c>FileInfo.DirectoryName</c>.</summary>
    DirectoryOf,
    /// <summary><c>Path.GetTempPath()</c>.</summary>
    TempDirectory,
    /// <summary><c>Path.GetTempFileName()</c> (each call a different file).</summary>
    TempFile,
    /// <summary>A directory by nature: <c>Directory.*</c>, <c>DirectoryInfo.FullName</c>, <c>AppContext.BaseDirectory</c>, <c>Environment.GetFolderPath</c>, <c>Environment.CurrentDirectory</c>.</summary>
    KnownDirectory,
    /// <summary><c>Path.GetRandomFileName()</c>, <c>Guid.NewGuid()</c> (formatted): a name without separators, a different one at each call (keyed by the call's position).</summary>
    RandomName,
    /// <summary>The last segment of Parts[0], which holds no separator: <c>Path.GetFileName(a)</c>, <c>Path.GetFileNameWithoutExtension(a)</c>.</summary>
    FileName,
}

/// <summary>
/// A symbolic value of a path expression. Two <see cref="PathValue"/>s that are <see cref="Equals(PathValue)"/>
/// name the same file in the analyzed body (<c>target + ".tmp"</c> equals <c>$"{target}.tmp"</c>). Unknown values are
/// never equal to anything, so a rule that needs "the same file" stays silent when it cannot tell.
/// Built by the model (<see cref="FileModel"/>); rules only read it.
/// </summary>
public sealed class PathValue : IEquatable<PathValue>
{
    private static int s_unknownCounter;

    private PathValue(PathValueKind kind, string key, ISymbol? symbol, object? literal, ImmutableArray<PathValue> parts, IOperation? origin)
    {
        Kind = kind;
        Key = key;
        Symbol = symbol;
        Literal = literal as string;
        Parts = parts.IsDefault ? ImmutableArray<PathValue>.Empty : parts;
        Origin = origin;
    }

    public PathValueKind Kind { get; }

    /// <summary>Canonical text of the value; equal keys mean equal values (except Unknown, which has a unique key).</summary>
    public string Key { get; }

    /// <summary>
    /// For <see cref="PathValueKind.Symbol"/>: the parameter, field, property or local holding the path (for a member read from
    /// a variable, <see cref="MemberOf"/>, the member; the variable is then the one part).
    /// </summary>
    public ISymbol? Symbol { get; }

    /// <summary>For <see cref="PathValueKind.Literal"/>: the constant.</summary>
    public string? Literal { get; }

    public ImmutableArray<PathValue> Parts { get; }

    /// <summary>The expression the value was computed from (the first one seen), for locations and fixes. May be null.</summary>
    public IOperation? Origin { get; }

    public bool IsUnknown => Kind == PathValueKind.Unknown;

    /// <summary>True when the value is visibly a directory (not a file): GetDirectoryName, Directory.*, the temp folder, …</summary>
    public bool IsDirectory => Kind is PathValueKind.DirectoryOf or PathValueKind.TempDirectory or PathValueKind.KnownDirectory;

    /// <summary>True when every leaf is known (no <see cref="PathValueKind.Unknown"/> inside).</summary>
    public bool IsFullyKnown
    {
        get
        {
            if (IsUnknown)
            {
                return false;
            }

            foreach (var part in Parts)
            {
                if (!part.IsFullyKnown)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static PathValue Unknown(IOperation? origin) =>
        new(PathValueKind.Unknown, "?" + System.Threading.Interlocked.Increment(ref s_unknownCounter).ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, default, origin);

    public static PathValue FromLiteral(string value, IOperation? origin) =>
        new(PathValueKind.Literal, "\"" + value + "\"", null, value, default, origin);

    public static PathValue FromSymbol(ISymbol symbol, IOperation? origin) =>
        new(PathValueKind.Symbol, "$" + SymbolKey(symbol), symbol, null, default, origin);

    /// <summary>
    /// What a local holds after <paramref name="at"/> assigned it a value the model cannot name (<c>var path = Locate();</c>):
    /// a <see cref="PathValueKind.Symbol"/> for that local, equal only to reads of the same assignment, as a parameter is.
    /// </summary>
    public static PathValue AssignedTo(ILocalSymbol local, IOperation at) =>
        new(PathValueKind.Symbol, "$" + SymbolKey(local) + "=" + at.Syntax.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture), local, null, default, at);

    /// <summary>
    /// <c>request.FileName</c>, <c>_options.Path</c>: a field or property read from a local, a parameter or a member of
    /// <c>this</c>. A <see cref="PathValueKind.Symbol"/> whose <see cref="Symbol"/> is the member and whose one part is the receiver.
    /// </summary>
    /// <param name="receiver">The variable read.</param>
    /// <param name="member">The field or property read from it.</param>
    /// <param name="version">How many times the body changed the variable or its members so far: another version, another value.</param>
    /// <param name="origin">The member read.</param>
    public static PathValue MemberOf(PathValue receiver, ISymbol member, int version, IOperation? origin) =>
        new(PathValueKind.Symbol, receiver.Key + "#" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + SymbolKey(member), member, null, ImmutableArray.Create(receiver), origin);

    public static PathValue TempDirectory(IOperation? origin) => new(PathValueKind.TempDirectory, "temp()", null, null, default, origin);

    public static PathValue TempFile(IOperation origin) =>
        new(PathValueKind.TempFile, "tempfile@" + origin.Syntax.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, default, origin);

    public static PathValue RandomName(IOperation origin) =>
        new(PathValueKind.RandomName, "random@" + origin.Syntax.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, default, origin);

    public static PathValue KnownDirectory(string what, IOperation? origin) => new(PathValueKind.KnownDirectory, "dirof:" + what, null, null, default, origin);

    /// <summary>Concatenation; adjacent literals merge and nested concatenations flatten, so <c>(a + ".") + "tmp"</c> equals <c>a + ".tmp"</c>.</summary>
    public static PathValue Concat(ImmutableArray<PathValue> parts, IOperation? origin)
    {
        var builder = ImmutableArray.CreateBuilder<PathValue>();
        foreach (var part in parts)
        {
            var pieces = part.Kind == PathValueKind.Concat ? part.Parts : ImmutableArray.Create(part);
            foreach (var piece in pieces)
            {
                if (piece.Kind == PathValueKind.Literal && piece.Literal!.Length == 0)
                {
                    continue;
                }

                if (piece.Kind == PathValueKind.Literal && builder.Count > 0 && builder[builder.Count - 1].Kind == PathValueKind.Literal)
                {
                    builder[builder.Count - 1] = FromLiteral(builder[builder.Count - 1].Literal + piece.Literal, origin);
                }
                else
                {
                    builder.Add(piece);
                }
            }
        }

        if (builder.Count == 0)
        {
            return FromLiteral(string.Empty, origin);
        }

        if (builder.Count == 1)
        {
            return builder[0];
        }

        return Composite(PathValueKind.Concat, "cat", builder.ToImmutable(), origin);
    }

    /// <summary><c>Path.GetFileName(a)</c> (<paramref name="withoutExtension"/>: <c>Path.GetFileNameWithoutExtension(a)</c>).</summary>
    public static PathValue FileNameOf(PathValue path, bool withoutExtension, IOperation? origin) =>
        Composite(PathValueKind.FileName, withoutExtension ? "stem" : "name", ImmutableArray.Create(path), origin);

    public static PathValue ChangeExtension(PathValue path, PathValue extension, IOperation? origin) =>
        Composite(PathValueKind.ChangeExtension, "chext", ImmutableArray.Create(path, extension), origin);

    public static PathValue Combine(ImmutableArray<PathValue> parts, IOperation? origin) =>
        parts.Length switch
        {
            0 => Unknown(origin),
            1 => parts[0],
            _ => Composite(PathValueKind.Combine, "comb", parts, origin),
        };

    /// <summary>
    /// The directory containing <paramref name="path"/>, normalised so that the directory of <c>a + ".tmp"</c>,
    /// of <c>Path.ChangeExtension(a, …)</c> and of <c>a</c> are equal, and the directory of <c>Path.Combine(d, name)</c> is <c>d</c>.
    /// </summary>
    public static PathValue DirectoryOf(PathValue path, IOperation? origin)
    {
        switch (path.Kind)
        {
            case PathValueKind.TempFile:
                return TempDirectory(origin);
            case PathValueKind.Concat when path.Parts.Length > 1 && NoSeparatorAfterFirst(path.Parts):
                return DirectoryOf(path.Parts[0], origin);
            case PathValueKind.ChangeExtension:
                return DirectoryOf(path.Parts[0], origin);
            case PathValueKind.Combine when path.Parts.Length > 1:
                var last = path.Parts[path.Parts.Length - 1];
                if (last.Kind == PathValueKind.Literal && HasSeparator(last.Literal!))
                {
                    break;
                }

                return Combine(path.Parts.RemoveAt(path.Parts.Length - 1), origin);
        }

        return Composite(PathValueKind.DirectoryOf, "dir", ImmutableArray.Create(path), origin);
    }

    /// <summary>
    /// This value as a helper's call at <paramref name="call"/> gives it: a random or temporary-file name the helper makes is
    /// another one at each call (keyed by the call as well); any other leaf is the same.
    /// </summary>
    internal PathValue AtCall(IOperation call) =>
        Kind is PathValueKind.RandomName or PathValueKind.TempFile
            ? new PathValue(Kind, Key + "@" + call.Syntax.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, default, call)
            : this;

    /// <summary>
    /// The composite of the same shape over other <paramref name="parts"/> (normalised again, so that the directory of a
    /// parameter given <c>a + ".tmp"</c> is the directory of <c>a</c>); this value itself when it is not a composite.
    /// </summary>
    internal PathValue WithParts(ImmutableArray<PathValue> parts, IOperation? origin) =>
        Kind switch
        {
            PathValueKind.Concat => Concat(parts, origin),
            PathValueKind.ChangeExtension when parts.Length == 2 => ChangeExtension(parts[0], parts[1], origin),
            PathValueKind.Combine => Combine(parts, origin),
            PathValueKind.DirectoryOf when parts.Length == 1 => DirectoryOf(parts[0], origin),
            PathValueKind.FileName when parts.Length == 1 => FileNameOf(parts[0], Key.TrimStart('?').StartsWith("stem", StringComparison.Ordinal), origin),
            _ => this,
        };

    /// <summary>The directory that contains this file path (see <see cref="DirectoryOf(PathValue, IOperation?)"/>).</summary>
    public PathValue Directory => DirectoryOf(this, Origin);

    /// <summary>Every symbol (local, parameter, field, property) this value is built from, for naming heuristics such as "cache".</summary>
    public ImmutableArray<ISymbol> Symbols()
    {
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        Collect(this, builder);
        return builder.ToImmutable();

        static void Collect(PathValue value, ImmutableArray<ISymbol>.Builder into)
        {
            if (value.Symbol is not null)
            {
                into.Add(value.Symbol);
            }

            foreach (var part in value.Parts)
            {
                Collect(part, into);
            }
        }
    }

    /// <summary>Every literal piece of this value.</summary>
    public ImmutableArray<string> Literals()
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        Collect(this, builder);
        return builder.ToImmutable();

        static void Collect(PathValue value, ImmutableArray<string>.Builder into)
        {
            if (value.Literal is not null)
            {
                into.Add(value.Literal);
            }

            foreach (var part in value.Parts)
            {
                Collect(part, into);
            }
        }
    }

    public bool Equals(PathValue? other) =>
        other is not null && Key[0] != '?' && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PathValue);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;

    private static PathValue Composite(PathValueKind kind, string name, ImmutableArray<PathValue> parts, IOperation? origin)
    {
        foreach (var part in parts)
        {
            if (part.Key[0] == '?')
            {
                // A piece is unknown: the whole is never equal to anything, but it keeps its shape, so that the directory
                // of Path.Combine(dir, Unknown()) is still dir and GetDirectoryName(Unknown()) is still a directory.
                return new PathValue(kind, "?" + name + Unknown(origin).Key, null, null, parts, origin);
            }
        }

        var sb = new StringBuilder(name).Append('(');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(parts[i].Key);
        }

        return new PathValue(kind, sb.Append(')').ToString(), null, null, parts, origin);
    }

    private static bool NoSeparatorAfterFirst(ImmutableArray<PathValue> parts)
    {
        for (var i = 1; i < parts.Length; i++)
        {
            // A non-literal suffix could hold a separator; a literal one must not; a random or file name has none.
            if (parts[i].Kind is PathValueKind.RandomName or PathValueKind.FileName)
            {
                continue;
            }

            if (parts[i].Kind != PathValueKind.Literal || HasSeparator(parts[i].Literal!))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasSeparator(string s) => s.IndexOf('/') >= 0 || s.IndexOf('\\') >= 0;

    private static string SymbolKey(ISymbol symbol)
    {
        // Locals and parameters are unique by declaration; members by their documentation ID.
        var location = symbol.Locations.Length > 0 ? symbol.Locations[0].SourceSpan.Start : -1;
        return symbol.Kind switch
        {
            SymbolKind.Local or SymbolKind.Parameter => symbol.Name + "@" + location.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => symbol.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        };
    }
}
