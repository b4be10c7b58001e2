using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>What a helper method of the same compilation visibly does to its arguments.</summary>
internal enum HelperEffectKind
{
    /// <summary>Flushes the stream/writer/handle parameter to disk.</summary>
    FlushesStream,
    /// <summary>Flushes the file (or directory) at the string parameter: opens it and fsyncs it.</summary>
    SyncsPath,
    /// <summary>Syncs the directory named by the string parameter.</summary>
    SyncsDirectory,
    /// <summary>Syncs the directory that contains the path parameter.</summary>
    SyncsDirectoryOf,
    /// <summary>Flushes something to disk the summary cannot tie to a parameter.</summary>
    FlushesSomething,
    /// <summary>Syncs a directory the summary cannot tie to a parameter.</summary>
    SyncsSomeDirectory,
    /// <summary>
    /// Renames a file (<c>File.Move</c>/<c>Replace</c>, not DurableIO's) whose source and destination are each a parameter or
    /// a path built only from fields, properties and literals, before anything in the helper flushes, writes or escapes:
    /// at the call site, the caller's own writes of that source are renamed there (DUR001).
    /// </summary>
    Renames,
}

internal readonly struct HelperEffect
{
    public HelperEffect(HelperEffectKind kind, int ordinal)
    {
        Kind = kind;
        Ordinal = ordinal;
        DestinationOrdinal = -1;
        Rename = null;
    }

    public HelperEffect(FileOperation rename, int sourceOrdinal, int destinationOrdinal)
    {
        Kind = HelperEffectKind.Renames;
        Ordinal = sourceOrdinal;
        DestinationOrdinal = destinationOrdinal;
        Rename = rename;
    }

    /// <summary>For <see cref="HelperEffectKind.Renames"/>: the helper's own rename (its fixed paths, flags and method).</summary>
    public FileOperation? Rename { get; }

    /// <summary>For <see cref="HelperEffectKind.Renames"/>: the destination's parameter ordinal, or -1 for a fixed path.</summary>
    public int DestinationOrdinal { get; }

    public HelperEffectKind Kind { get; }

    /// <summary>The parameter ordinal, or -1.</summary>
    public int Ordinal { get; }
}

/// <summary>
/// One level of summary of a method of the same compilation: the flushes to disk and directory syncs its body visibly
/// does (computed from its own <see cref="FileModel"/>, built without summaries, so helpers of helpers do not count).
/// </summary>
internal sealed class HelperSummary
{
    public static readonly HelperSummary None = new(ImmutableArray<HelperEffect>.Empty);

    public HelperSummary(ImmutableArray<HelperEffect> effects) => Effects = effects;

    public ImmutableArray<HelperEffect> Effects { get; }

    public bool IsEmpty => Effects.IsEmpty;

    public bool Covers(int ordinal)
    {
        foreach (var effect in Effects)
        {
            if (effect.Ordinal == ordinal && ordinal >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public static HelperSummary From(FileModel model)
    {
        var effects = ImmutableArray.CreateBuilder<HelperEffect>();
        var sawFlushWriteOrEscape = false;
        foreach (var op in model.Operations)
        {
            sawFlushWriteOrEscape |= op.Kind is FileOperationKind.FlushToDisk or FileOperationKind.Write or FileOperationKind.Escape;
            switch (op.Kind)
            {
                case FileOperationKind.FlushToDisk:
                    if (op.Target is { } target)
                    {
                        if (ParameterOrdinalOfChain(target) is int streamOrdinal)
                        {
                            Add(effects, HelperEffectKind.FlushesStream, streamOrdinal);
                        }
                        else if (ParameterOrdinal(target.Root.Path) is int pathOrdinal)
                        {
                            Add(effects, HelperEffectKind.SyncsPath, pathOrdinal);
                        }
                        else if (target.Root.Origin != FileEntityOrigin.Created)
                        {
                            Add(effects, HelperEffectKind.FlushesSomething, -1);
                        }
                    }
                    else if (ParameterOrdinal(op.Path) is int pathOrdinal)
                    {
                        Add(effects, HelperEffectKind.SyncsPath, pathOrdinal);
                    }
                    else if (op.Path is null || !op.Path.IsFullyKnown)
                    {
                        Add(effects, HelperEffectKind.FlushesSomething, -1);
                    }

                    break;

                case FileOperationKind.Rename when !op.IsDurable && !sawFlushWriteOrEscape:
                    var sourceOrdinal = ParameterOrdinal(op.Path) ?? -1;
                    var destinationOrdinal = ParameterOrdinal(op.Destination) ?? -1;
                    if ((sourceOrdinal >= 0 || IsFixed(op.Path)) && (destinationOrdinal >= 0 || IsFixed(op.Destination))
                        && !RenamesAlready(effects, sourceOrdinal, op.Path!))
                    {
                        effects.Add(new HelperEffect(op, sourceOrdinal, destinationOrdinal));
                    }

                    break;

                case FileOperationKind.DirectorySync:
                    if (ParameterOrdinal(op.Path) is int directoryOrdinal)
                    {
                        Add(effects, HelperEffectKind.SyncsDirectory, directoryOrdinal);
                    }
                    else if (op.Path is { Kind: PathValueKind.DirectoryOf } parent && ParameterOrdinal(parent.Parts[0]) is int fileOrdinal)
                    {
                        Add(effects, HelperEffectKind.SyncsDirectoryOf, fileOrdinal);
                    }
                    else
                    {
                        Add(effects, HelperEffectKind.SyncsSomeDirectory, -1);
                    }

                    break;
            }
        }

        return effects.Count == 0 ? None : new HelperSummary(effects.ToImmutable());
    }

    private static void Add(ImmutableArray<HelperEffect>.Builder effects, HelperEffectKind kind, int ordinal)
    {
        foreach (var existing in effects)
        {
            if (existing.Kind == kind && existing.Ordinal == ordinal)
            {
                return;
            }
        }

        effects.Add(new HelperEffect(kind, ordinal));
    }

    private static int? ParameterOrdinalOfChain(FileEntity entity)
    {
        foreach (var e in entity.Chain())
        {
            if (e.Origin == FileEntityOrigin.Parameter && e.Symbol is IParameterSymbol parameter)
            {
                return parameter.Ordinal;
            }
        }

        return null;
    }

    /// <summary>True when an earlier rename of the helper has the same source (a move in one branch, a replace in the other).</summary>
    private static bool RenamesAlready(ImmutableArray<HelperEffect>.Builder effects, int sourceOrdinal, PathValue source)
    {
        foreach (var effect in effects)
        {
            if (effect.Rename is { } rename && effect.Ordinal == sourceOrdinal && (sourceOrdinal >= 0 || source.Equals(rename.Path)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A path that names the same file at the call site as in the helper: built only from literals, fields and properties
    /// (no parameter, local, random name or unknown value).
    /// </summary>
    private static bool IsFixed(PathValue? path)
    {
        if (path is null)
        {
            return false;
        }

        switch (path.Kind)
        {
            case PathValueKind.Literal or PathValueKind.KnownDirectory or PathValueKind.TempDirectory:
                return true;
            case PathValueKind.Symbol:
                return path.Symbol is IFieldSymbol or IPropertySymbol && path.Parts.IsEmpty; // not a member of a variable
            case PathValueKind.Concat or PathValueKind.Combine or PathValueKind.ChangeExtension or PathValueKind.DirectoryOf or PathValueKind.FileName:
                foreach (var part in path.Parts)
                {
                    if (!IsFixed(part))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static int? ParameterOrdinal(PathValue? path) =>
        path is { Kind: PathValueKind.Symbol, Symbol: IParameterSymbol parameter } ? parameter.Ordinal : null;
}
