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
}

internal readonly struct HelperEffect
{
    public HelperEffect(HelperEffectKind kind, int ordinal)
    {
        Kind = kind;
        Ordinal = ordinal;
    }

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
        foreach (var op in model.Operations)
        {
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

    private static int? ParameterOrdinal(PathValue? path) =>
        path is { Kind: PathValueKind.Symbol, Symbol: IParameterSymbol parameter } ? parameter.Ordinal : null;
}
