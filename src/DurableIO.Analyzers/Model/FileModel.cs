using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// The file operations of one body (a method, accessor, top-level program, lambda or local function), in control-flow
/// order. Lambdas and local functions inside the body are not part of it: they are bodies of their own (see
/// <see cref="FileModelSet"/>). Get it through <see cref="DurabilityAnalysis.GetModels"/>; never build one in a rule.
/// </summary>
/// <remarks>
/// "Between A and B" questions use operation indices: <c>after</c> and <c>before</c> are exclusive bounds
/// (<see cref="FileOperation.Index"/>), pass <c>-1</c> / <see cref="Operations"/>.Length for "from the start" / "to the end".
/// Branches are flattened in source order, so "there is a flush between A and B" means "on some path, as far as the
/// model can tell"; that errs on the side of silence for rules that fire on a missing flush.
/// </remarks>
public sealed class FileModel
{
    private readonly IReadOnlyDictionary<SyntaxNode, CallArgument> _privateCallArguments;

    internal FileModel(
        IOperation body,
        ISymbol? owningSymbol,
        bool isNested,
        ImmutableArray<FileOperation> operations,
        ImmutableArray<FileEntity> entities,
        IReadOnlyDictionary<SyntaxNode, CallArgument> privateCallArguments)
    {
        _privateCallArguments = privateCallArguments;
        Body = body;
        OwningSymbol = owningSymbol;
        IsNested = isNested;
        Operations = operations;
        Entities = entities;
    }

    /// <summary>The root operation of the body (method body, lambda body, local function body).</summary>
    public IOperation Body { get; }

    /// <summary>The method, lambda or local function symbol (for top-level statements the synthesized Main). May be null.</summary>
    public ISymbol? OwningSymbol { get; }

    /// <summary>True for a lambda or local function inside another body.</summary>
    public bool IsNested { get; }

    /// <summary>All file operations, in control-flow order; <see cref="FileOperation.Index"/> is the position here.</summary>
    public ImmutableArray<FileOperation> Operations { get; }

    /// <summary>All streams, writers and handles the body touches (created here or received).</summary>
    public ImmutableArray<FileEntity> Entities { get; }

    public bool IsEmpty => Operations.IsEmpty;

    /// <summary>The operations strictly between two indices.</summary>
    public IEnumerable<FileOperation> Between(int after, int before)
    {
        var start = after < -1 ? 0 : after + 1;
        var end = before > Operations.Length ? Operations.Length : before;
        for (var i = start; i < end; i++)
        {
            yield return Operations[i];
        }
    }

    /// <summary>The operations of a kind, in order.</summary>
    public IEnumerable<FileOperation> OfKind(FileOperationKind kind)
    {
        foreach (var op in Operations)
        {
            if (op.Kind == kind)
            {
                yield return op;
            }
        }
    }

    /// <summary>The operations on the same file as <paramref name="entity"/> (any entity of its chain), in order.</summary>
    public IEnumerable<FileOperation> OperationsOn(FileEntity entity)
    {
        foreach (var op in Operations)
        {
            if (op.Target is not null && op.Target.SameFileAs(entity))
            {
                yield return op;
            }
        }
    }

    /// <summary>
    /// The first operation between <paramref name="after"/> and <paramref name="before"/> that flushes the file of
    /// <paramref name="file"/> to disk, or that may do so as far as the model can tell: a flush to disk of any entity of its
    /// chain or of its path, a flush to disk the model cannot attribute, or an escape of the chain or path (unknown code
    /// may flush). Null when there is certainly none.
    /// </summary>
    public FileOperation? FindFlushToDisk(FileEntity file, int after, int before)
    {
        var path = file.Path;
        foreach (var op in Between(after, before))
        {
            switch (op.Kind)
            {
                case FileOperationKind.FlushToDisk when IsUnattributed(op):
                case FileOperationKind.FlushToDisk when op.Target is not null && op.Target.SameFileAs(file):
                case FileOperationKind.FlushToDisk when op.Path is not null && path is not null && op.Path.Equals(path):
                case FileOperationKind.Escape when op.Target is not null && op.Target.SameFileAs(file):
                case FileOperationKind.Escape when op.Path is not null && path is not null && op.Path.Equals(path):
                    return op;
            }
        }

        return null;
    }

    /// <summary>
    /// Like <see cref="FindFlushToDisk(FileEntity, int, int)"/> for the file at <paramref name="path"/>: a flush to disk of
    /// that path, of a stream opened on it, an unattributed flush to disk, or an escape of the path or of such a stream.
    /// </summary>
    public FileOperation? FindFlushToDisk(PathValue path, int after, int before)
    {
        foreach (var op in Between(after, before))
        {
            switch (op.Kind)
            {
                case FileOperationKind.FlushToDisk when IsUnattributed(op):
                case FileOperationKind.FlushToDisk or FileOperationKind.Escape when op.Path is not null && op.Path.Equals(path):
                case FileOperationKind.FlushToDisk or FileOperationKind.Escape when op.Target?.Path is not null && op.Target.Path.Equals(path):
                    return op;
            }
        }

        return null;
    }

    /// <summary>
    /// The first directory sync between the bounds that may sync <paramref name="directory"/>: any
    /// <see cref="FileOperationKind.DirectorySync"/> (symbolic paths cannot prove two directories different, so every sync
    /// counts), or an escape of that directory or of <paramref name="fileInDirectory"/> to unknown code.
    /// </summary>
    public FileOperation? FindDirectorySync(PathValue? directory, PathValue? fileInDirectory, int after, int before)
    {
        foreach (var op in Between(after, before))
        {
            if (op.Kind == FileOperationKind.DirectorySync)
            {
                return op;
            }

            if (op.Kind == FileOperationKind.Escape && op.Path is not null
                && ((directory is not null && op.Path.Equals(directory)) || (fileInDirectory is not null && op.Path.Equals(fileInDirectory))))
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>
    /// The writes before <paramref name="before"/> of the file at <paramref name="path"/>: whole-file writes of that path and
    /// writes into any stream of a chain opened on that path.
    /// </summary>
    public IEnumerable<FileOperation> WritesOf(PathValue path, int before)
    {
        foreach (var op in Between(-1, before))
        {
            if (op.Kind != FileOperationKind.Write)
            {
                continue;
            }

            if (op.IsWholeFile ? op.Path is not null && op.Path.Equals(path) : op.Target?.Path is not null && op.Target.Path.Equals(path))
            {
                yield return op;
            }
        }
    }

    /// <summary>
    /// True when the file at <paramref name="path"/> is renamed (as the source) or deleted after <paramref name="after"/>: a
    /// temporary file, whose durability is the rename rules' business. A delete in a <c>catch</c> is the cleanup of a failed
    /// write and does not count. With a path the model cannot fully name, any later rename or delete counts.
    /// </summary>
    public bool IsRenamedOrDeletedAfter(PathValue path, int after)
    {
        foreach (var op in Between(after, Operations.Length))
        {
            if (op.Kind is FileOperationKind.Rename or FileOperationKind.Delete
                && !(op.Kind == FileOperationKind.Delete && op.IsInCatch)
                && (!path.IsFullyKnown || op.Path is null || !op.Path.IsFullyKnown || op.Path.Equals(path)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The path a string argument of a call to a private method holds (<paramref name="argument"/>: its syntax), and the
    /// index of the call's last operation; false when the model did not record it.
    /// </summary>
    internal bool TryGetPrivateCallArgument(SyntaxNode argument, out CallArgument value) => _privateCallArguments.TryGetValue(argument, out value);

    /// <summary>The first close of <paramref name="entity"/> itself (explicit or implicit) after <paramref name="after"/>, or null.</summary>
    public FileOperation? FindClose(FileEntity entity, int after)
    {
        foreach (var op in Between(after, Operations.Length))
        {
            if (op.Kind == FileOperationKind.Close && ReferenceEquals(op.Target, entity))
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>The first escape of any entity of <paramref name="entity"/>'s chain before <paramref name="before"/>, or null.</summary>
    public FileOperation? FindEscape(FileEntity entity, int before)
    {
        foreach (var op in Between(-1, before))
        {
            if (op.Kind == FileOperationKind.Escape && op.Target is not null && op.Target.SameFileAs(entity))
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>The operation recorded for <paramref name="operation"/> with the given kind (e.g. to map an IOperation back), or null.</summary>
    public FileOperation? Find(IOperation operation, FileOperationKind kind)
    {
        foreach (var op in Operations)
        {
            if (op.Kind == kind && ReferenceEquals(op.Operation, operation))
            {
                return op;
            }
        }

        return null;
    }

    private static bool IsUnattributed(FileOperation op) =>
        op.Target is null && (op.Path is null || !op.Path.IsFullyKnown);
}

/// <summary>The bodies of one operation block: the block itself, then every lambda and local function inside it (depth first).</summary>
public sealed class FileModelSet
{
    internal static readonly FileModelSet Empty = new(ImmutableArray<FileModel>.Empty);

    internal FileModelSet(ImmutableArray<FileModel> bodies) => Bodies = bodies;

    /// <summary>Only the bodies that contain at least one file operation.</summary>
    public ImmutableArray<FileModel> Bodies { get; }
}

/// <summary>A path handed to a call, and the index of the call's last operation (its escapes, a helper's effects; else the one before it).</summary>
internal readonly struct CallArgument
{
    public CallArgument(PathValue path, int lastOperationOfCall)
    {
        Path = path;
        LastOperationOfCall = lastOperationOfCall;
    }

    public PathValue Path { get; }

    public int LastOperationOfCall { get; }
}
