using System.Collections.Generic;
using System.Collections.Immutable;
using DurableIO.Analyzers.Model.Building;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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
    /// <summary>
    /// Writes a file (a whole-file call, or a stream it creates, writes and closes, seeing its whole story) and leaves it
    /// without a flush to disk, renames or deletes it: at the call, the caller's rename of that file renames unflushed data
    /// (DUR001). Or writes it anew and then flushes it to disk (the <see cref="SyncsPath"/> effect that follows): the caller
    /// sees a file written from memory and flushed. Only for a helper that <see cref="HelperSummary.Follows">is
    /// followed</see>; the path is <see cref="HelperEffect.Written"/>, in the helper's terms.
    /// </summary>
    WritesPath,
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

    private HelperEffect(PathValue written, bool isAppend)
    {
        Kind = HelperEffectKind.WritesPath;
        Ordinal = -1; // the path says which parameters it is made of; no stream argument is covered
        DestinationOrdinal = -1;
        Written = written;
        IsAppend = isAppend;
    }

    /// <summary>For <see cref="HelperEffectKind.WritesPath"/>: the written file's path in the helper's terms (its parameters, members, literals).</summary>
    public PathValue? Written { get; }

    /// <summary>For <see cref="HelperEffectKind.WritesPath"/>: the helper appends to the file rather than replacing it.</summary>
    public bool IsAppend { get; }

    public static HelperEffect Writes(PathValue written, bool isAppend) => new(written, isAppend);

    /// <summary>For <see cref="HelperEffectKind.Renames"/>: the helper's own rename (its fixed paths, flags and method).</summary>
    public FileOperation? Rename { get; }

    /// <summary>For <see cref="HelperEffectKind.Renames"/>: the destination's parameter ordinal, or -1 for a fixed path.</summary>
    public int DestinationOrdinal { get; }

    public HelperEffectKind Kind { get; }

    /// <summary>The parameter ordinal, or -1.</summary>
    public int Ordinal { get; }
}

/// <summary>
/// One level of summary of a method of the same compilation: the flushes to disk, directory syncs and renames its body
/// visibly does and, for a private helper (<see cref="Follows"/>), the files it writes and leaves unflushed, the path it
/// returns and the stream it creates and returns (computed from its own <see cref="FileModel"/> and returns, built
/// without summaries, so helpers of helpers do not count). Cached per method in <see cref="HelperSummaries"/>.
/// </summary>
internal sealed class HelperSummary
{
    public static readonly HelperSummary None = new(ImmutableArray<HelperEffect>.Empty);

    private const int ModeAppend = 6;
    private const int DeleteOnClose = 0x04000000;

    public HelperSummary(ImmutableArray<HelperEffect> effects, PathValue? returnedPath = null, ImmutableArray<FileEntity> returnedChain = default)
    {
        Effects = effects;
        ReturnedPath = returnedPath;
        ReturnedChain = returnedChain.IsDefault ? ImmutableArray<FileEntity>.Empty : returnedChain;
    }

    public ImmutableArray<HelperEffect> Effects { get; }

    /// <summary>
    /// For a followed helper that returns a string: the path every one of its <c>return</c>s gives back, in the helper's terms
    /// (its parameters, members, literals); null when the returns disagree, one cannot be named, or the helper is not followed.
    /// </summary>
    public PathValue? ReturnedPath { get; }

    /// <summary>
    /// For a followed helper that returns a stream, writer or handle it created and did nothing else with: that object and
    /// what it wraps, the file first (their creation facts: kind, type, path in the helper's terms, mode, access, options,
    /// buffering, AutoFlush, leaveOpen). Empty otherwise (a stream from a field or a parameter stays one created elsewhere).
    /// </summary>
    public ImmutableArray<FileEntity> ReturnedChain { get; }

    /// <summary>True when the call has nothing to record: no effect and no stream created for the caller.</summary>
    public bool IsEmpty => Effects.IsEmpty && ReturnedChain.IsEmpty;

    /// <summary>
    /// Whether the model follows <paramref name="method"/> into its caller beyond flushes, syncs and renames: what it writes,
    /// the path it returns, the stream it creates and returns. Only a private method or a local function of the compilation
    /// with a body: not a virtual, abstract, override or extern one, nor a partial one without its implementation.
    /// </summary>
    public static bool Follows(IMethodSymbol method)
    {
        var definition = DefinitionOf(method);
        if (definition.IsExtern || definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.IsPartialDefinition
            || definition.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        return definition.MethodKind == MethodKind.LocalFunction
            || (definition.MethodKind == MethodKind.Ordinary && definition.DeclaredAccessibility == Accessibility.Private);
    }

    /// <summary>The method whose body a call runs: an extension method unreduced, a partial method's implementation, the generic definition.</summary>
    public static IMethodSymbol DefinitionOf(IMethodSymbol method)
    {
        var definition = method.ReducedFrom ?? method;
        return definition.PartialImplementationPart ?? definition.OriginalDefinition;
    }

    /// <summary>Where the body of <paramref name="method"/> is declared (tree and span, nothing parsed), or null.</summary>
    public static SyntaxReference? DeclarationOf(IMethodSymbol method)
    {
        var references = DefinitionOf(method).DeclaringSyntaxReferences;
        return references.IsEmpty ? null : references[0];
    }

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

    /// <summary>
    /// The summary of a helper from its model (null when its body has no file operation) and its returns; the writes, the
    /// returned path and the returned stream only when the helper is <paramref name="followed"/>.
    /// </summary>
    public static HelperSummary From(FileModel? model, ImmutableArray<ReturnedValue> returns, bool followed)
    {
        var effects = ImmutableArray.CreateBuilder<HelperEffect>();
        var operations = model?.Operations ?? ImmutableArray<FileOperation>.Empty;
        var sawFlushWriteOrEscape = false;
        foreach (var op in operations)
        {
            sawFlushWriteOrEscape |= op.Kind is FileOperationKind.FlushToDisk or FileOperationKind.Write or FileOperationKind.Escape;
            switch (op.Kind)
            {
                case FileOperationKind.Write when followed:
                    AddWrite(effects, model!, op);
                    break;

                case FileOperationKind.FlushToDisk:
                    if (op.Target is { } target)
                    {
                        if (ParameterOrdinalOfChain(target) is int streamOrdinal)
                        {
                            Add(effects, HelperEffectKind.FlushesStream, streamOrdinal);
                        }
                        else if (ParameterOrdinal(target.Root.Path) is int pathOrdinal)
                        {
                            AddRewrite(effects, model!, target.Root.Path!, op, followed);
                            Add(effects, HelperEffectKind.SyncsPath, pathOrdinal);
                        }
                        else if (target.Root.Origin != FileEntityOrigin.Created)
                        {
                            Add(effects, HelperEffectKind.FlushesSomething, -1);
                        }
                    }
                    else if (ParameterOrdinal(op.Path) is int pathOrdinal)
                    {
                        AddRewrite(effects, model!, op.Path!, op, followed);
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

        var returnedPath = followed ? AgreedPath(returns) : null;
        var returnedChain = followed && model is not null ? ReturnedChainOf(model, returns) : ImmutableArray<FileEntity>.Empty;
        return effects.Count == 0 && returnedPath is null && returnedChain.IsEmpty
            ? None
            : new HelperSummary(effects.ToImmutable(), returnedPath, returnedChain);
    }

    /// <summary>
    /// A write the helper leaves for its caller: the file is not flushed to disk after it, nor renamed or deleted, in the
    /// helper; a stream's whole story is visible (created here, never handed on, closed, not write-through or delete-on-close).
    /// </summary>
    private static void AddWrite(ImmutableArray<HelperEffect>.Builder effects, FileModel model, FileOperation write)
    {
        PathValue? written;
        bool isAppend;
        if (write.IsWholeFile)
        {
            if (write.IsDurable || write.Path is null || model.FindFlushToDisk(write.Path, write.Index, model.Operations.Length) is not null)
            {
                return;
            }

            (written, isAppend) = (write.Path, write.IsAppend);
        }
        else if (write.Target is { } target && target.Root is { Origin: FileEntityOrigin.Created, IsFile: true } root)
        {
            if (root.Escapes || root.IsWriteThrough || (root.Options is int options && (options & DeleteOnClose) != 0)
                || model.FindClose(root, write.Index) is null // left open: its data may still be in the helper's buffers
                || model.FindFlushToDisk(target, write.Index, model.Operations.Length) is not null)
            {
                return;
            }

            (written, isAppend) = (root.Path, root.Mode == ModeAppend);
        }
        else
        {
            return;
        }

        if (written is null || written.IsUnknown || model.IsRenamedOrDeletedAfter(written, write.Index))
        {
            return;
        }

        foreach (var effect in effects)
        {
            if (effect.Kind == HelperEffectKind.WritesPath && string.Equals(effect.Written!.Key, written.Key, System.StringComparison.Ordinal))
            {
                return;
            }
        }

        effects.Add(HelperEffect.Writes(written, isAppend));
    }

    /// <summary>
    /// Before a followed helper's flush to disk of the file at its path parameter: when the helper wrote that file anew
    /// first (a whole-file write that does not append, or a write into a stream it created with <c>CreateNew</c>,
    /// <c>Create</c> or <c>Truncate</c>), the call records that write too (then the flush), so that the caller sees a file
    /// written from memory and flushed, as with <c>DurableFile.WriteAll*</c>: running the helper again after a failure
    /// rewrites the file, a valid recovery (DUR008), and the caller's rename of it is of flushed data (DUR001).
    /// </summary>
    private static void AddRewrite(ImmutableArray<HelperEffect>.Builder effects, FileModel model, PathValue path, FileOperation flush, bool followed)
    {
        if (!followed)
        {
            return;
        }

        var wroteAnew = false;
        foreach (var op in model.Between(-1, flush.Index))
        {
            if (op.Kind != FileOperationKind.Write)
            {
                continue;
            }

            if (op.IsWholeFile
                ? !op.IsAppend && !op.IsDurable && op.Path is not null && op.Path.Equals(path)
                : op.Target?.Root is { Origin: FileEntityOrigin.Created, Mode: 1 or 2 or 5 } root && root.Path is not null && root.Path.Equals(path))
            {
                wroteAnew = true;
            }
        }

        if (!wroteAnew)
        {
            return;
        }

        foreach (var effect in effects)
        {
            if (effect.Kind == HelperEffectKind.WritesPath && string.Equals(effect.Written!.Key, path.Key, System.StringComparison.Ordinal))
            {
                return;
            }
        }

        effects.Add(HelperEffect.Writes(path, isAppend: false));
    }

    /// <summary>The path every return gives back, or null when one is not a path the model can name or two disagree.</summary>
    private static PathValue? AgreedPath(ImmutableArray<ReturnedValue> returns)
    {
        PathValue? agreed = null;
        foreach (var returned in returns)
        {
            if (returned.Path is not { IsUnknown: false } path || (agreed is not null && !agreed.Equals(path)))
            {
                return null;
            }

            agreed ??= path;
        }

        return agreed;
    }

    /// <summary>
    /// The stream every return gives back, and what it wraps, the file first: only when the helper created it and did nothing
    /// else with any of them (no write, flush, close or other escape), and no other object wraps the file.
    /// </summary>
    private static ImmutableArray<FileEntity> ReturnedChainOf(FileModel model, ImmutableArray<ReturnedValue> returns)
    {
        FileEntity? returned = null;
        foreach (var value in returns)
        {
            if (value.Entity is null || (returned is not null && !ReferenceEquals(returned, value.Entity)))
            {
                return ImmutableArray<FileEntity>.Empty;
            }

            returned = value.Entity;
        }

        if (returned is null || returned.Root is not { Origin: FileEntityOrigin.Created, OpenOperation: not null })
        {
            return ImmutableArray<FileEntity>.Empty;
        }

        var levels = new List<FileEntity>();
        for (var (entity, guard) = (returned, 0); entity is not null && guard < 32; (entity, guard) = (entity.Inner, guard + 1))
        {
            if (entity.Origin != FileEntityOrigin.Created)
            {
                return ImmutableArray<FileEntity>.Empty;
            }

            levels.Add(entity);
        }

        var chain = 0;
        foreach (var _ in returned.Chain())
        {
            chain++;
        }

        if (chain != levels.Count)
        {
            return ImmutableArray<FileEntity>.Empty; // something else wraps the file too
        }

        foreach (var op in model.OperationsOn(returned))
        {
            if (op.Kind is not (FileOperationKind.Open or FileOperationKind.Wrap)
                && !(op.Kind == FileOperationKind.Escape && op.Operation is IReturnOperation))
            {
                return ImmutableArray<FileEntity>.Empty;
            }
        }

        levels.Reverse();
        return levels.ToImmutableArray();
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
