using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model;

/// <summary>What a <see cref="FileOperation"/> does.</summary>
public enum FileOperationKind
{
    /// <summary>A stream, writer or handle is created/opened: <see cref="FileOperation.Target"/> is the new entity.</summary>
    Open,
    /// <summary>
    /// Data is written. Either into <see cref="FileOperation.Target"/> (a stream/writer/handle write, the destination of
    /// <c>CopyTo</c>), or, for a whole-file API (<c>File.WriteAll*</c>/<c>AppendAll*</c>), to <see cref="FileOperation.Path"/>
    /// with <see cref="FileOperation.IsWholeFile"/> (which opens, writes and closes the file in one call).
    /// </summary>
    Write,
    /// <summary><c>Flush()</c>/<c>FlushAsync()</c>/<c>Flush(false)</c>: buffers to the operating system, not to the disk.</summary>
    Flush,
    /// <summary>
    /// A flush to disk (see <see cref="FlushToDiskSource"/>) of <see cref="FileOperation.Target"/>, or of the file at
    /// <see cref="FileOperation.Path"/>, or — when both are null — of something the model cannot name (count it as possibly yours).
    /// </summary>
    FlushToDisk,
    /// <summary>A stream/writer is wrapped: <see cref="FileOperation.Target"/> is the new wrapper, its <see cref="FileEntity.Inner"/> the wrapped one.</summary>
    Wrap,
    /// <summary>Close/Dispose/DisposeAsync, the end of a <c>using</c>, or the close of an inner stream by its wrapper (<see cref="FileOperation.IsImplicit"/>).</summary>
    Close,
    /// <summary><c>File.Move</c>/<c>File.Replace</c>/<c>FileInfo.MoveTo</c>/<c>FileInfo.Replace</c> (and DurableFile's): <see cref="FileOperation.Path"/> → <see cref="FileOperation.Destination"/>.</summary>
    Rename,
    /// <summary><c>File.Delete</c>/<c>FileInfo.Delete</c> of <see cref="FileOperation.Path"/>.</summary>
    Delete,
    /// <summary>A sync of the directory <see cref="FileOperation.Path"/> (null/unknown path: some directory the model cannot name).</summary>
    DirectorySync,
    /// <summary>
    /// <see cref="FileOperation.Target"/> or <see cref="FileOperation.Path"/> leaves the model's sight (unknown method, return,
    /// stored elsewhere, captured by a lambda): anything may happen to it afterwards, including a flush or a sync.
    /// </summary>
    Escape,
}

/// <summary>How a <see cref="FileOperationKind.FlushToDisk"/> (or <see cref="FileOperationKind.DirectorySync"/>) was recognised.</summary>
public enum FlushToDiskSource
{
    None,
    /// <summary><c>FileStream.Flush(true)</c>.</summary>
    FileStreamFlushTrue,
    /// <summary><c>FileStream.Flush(flag)</c> with a non-constant flag: maybe.</summary>
    FileStreamFlushVariable,
    /// <summary><c>RandomAccess.FlushToDisk(handle)</c>.</summary>
    RandomAccessFlushToDisk,
    /// <summary>A DurableIO runtime API (matched by metadata name).</summary>
    DurableApi,
    /// <summary>A P/Invoke to <c>fsync</c>/<c>fdatasync</c>/<c>FlushFileBuffers</c>/<c>fcntl</c>.</summary>
    PInvoke,
    /// <summary>A method listed in <c>durableio.flush_to_disk_methods</c> / <c>durableio.directory_sync_methods</c>.</summary>
    Configured,
    /// <summary>A method of the same compilation whose body visibly flushes its argument to disk or syncs a directory.</summary>
    Helper,
}

/// <summary>Which part of a <c>try</c> statement an operation is in.</summary>
public enum TryRegionKind
{
    Try,
    Catch,
    Finally,
}

/// <summary>One enclosing <c>try</c> region of an operation (within the analyzed body).</summary>
public readonly struct TryRegion
{
    public TryRegion(ITryOperation tryOperation, TryRegionKind kind, ICatchClauseOperation? catchClause)
    {
        Try = tryOperation;
        Kind = kind;
        Catch = catchClause;
    }

    public ITryOperation Try { get; }

    public TryRegionKind Kind { get; }

    /// <summary>For <see cref="TryRegionKind.Catch"/>: the catch clause.</summary>
    public ICatchClauseOperation? Catch { get; }
}

/// <summary>
/// One file operation of a body, in control-flow order (<see cref="Index"/>). Keeps the <see cref="IOperation"/> it
/// comes from so rules can report on it and code fixes can find it again.
/// </summary>
public sealed class FileOperation
{
    internal FileOperation(int index, FileOperationKind kind, IOperation operation, ImmutableArray<ILoopOperation> loops, ImmutableArray<TryRegion> tryRegions)
    {
        Index = index;
        Kind = kind;
        Operation = operation;
        Loops = loops;
        TryRegions = tryRegions;
    }

    /// <summary>Position in <see cref="FileModel.Operations"/>: execution order (both branches of an <c>if</c> count, in source order).</summary>
    public int Index { get; }

    public FileOperationKind Kind { get; }

    /// <summary>The invocation, object creation, using statement/declaration, return, … that this operation comes from.</summary>
    public IOperation Operation { get; }

    public SyntaxNode Syntax => Operation.Syntax;

    /// <summary>The stream/writer/handle operated on (null for path-based operations, or when the model cannot name it).</summary>
    public FileEntity? Target { get; internal set; }

    /// <summary>The file path operated on: the path written by a whole-file API, opened, deleted, renamed (source), or the directory synced.</summary>
    public PathValue? Path { get; internal set; }

    /// <summary>For <see cref="FileOperationKind.Rename"/>: the destination path.</summary>
    public PathValue? Destination { get; internal set; }

    /// <summary>The IOperation of the path argument (source path for a rename), when there is one: for locations and fixes.</summary>
    public IOperation? PathArgument { get; internal set; }

    /// <summary>For <see cref="FileOperationKind.Rename"/>: the destination path argument.</summary>
    public IOperation? DestinationArgument { get; internal set; }

    /// <summary>For a rename: true when it replaces an existing destination (<c>File.Replace</c>, <c>overwrite: true</c>); null when the flag is not a constant.</summary>
    public bool? Overwrites { get; internal set; }

    /// <summary>For a rename: <c>File.Replace</c>/<c>FileInfo.Replace</c> (rather than a move).</summary>
    public bool IsReplace { get; internal set; }

    /// <summary>
    /// Done inside a helper method of this compilation that this call stands for. A rename: only DUR001 reads it here (the
    /// caller's writes); the helper's own rules report on the helper's body. A write (a whole-file one: the helper opens, writes
    /// and closes the file, or calls <c>File.WriteAll*</c>, and leaves it unflushed): only read for the caller's rename of that
    /// file (DUR001, DUR009). An open or a wrap: the stream a private helper created and returned, which the caller's rules
    /// judge as one it created at the call.
    /// </summary>
    public bool IsInHelper { get; internal set; }

    /// <summary>
    /// True when the operation is done by the DurableIO runtime (a durable rename already flushes the source and syncs the
    /// directory; the model also records those as separate FlushToDisk/DirectorySync operations at the same place).
    /// </summary>
    public bool IsDurable { get; internal set; }

    /// <summary>For <see cref="FileOperationKind.Write"/>: a whole-file API (<c>File.WriteAll*</c>/<c>AppendAll*</c>, + Async) on <see cref="Path"/>.</summary>
    public bool IsWholeFile { get; internal set; }

    /// <summary>For a write: appends (<c>AppendAll*</c>) rather than replacing the file.</summary>
    public bool IsAppend { get; internal set; }

    /// <summary>The operation is asynchronous (<c>WriteAsync</c>, <c>FlushAsync</c>, <c>DisposeAsync</c>/<c>await using</c>, …).</summary>
    public bool IsAsync { get; internal set; }

    /// <summary>
    /// For <see cref="FileOperationKind.Close"/>: an implicit close (end of <c>using</c>, or a wrapper closing its inner stream).
    /// For <see cref="FileOperationKind.Open"/>: the FileStream a path-taking writer/reader opens for itself (<c>new StreamWriter(path)</c>, <c>File.CreateText</c>).
    /// </summary>
    public bool IsImplicit { get; internal set; }

    /// <summary>For <see cref="FileOperationKind.Flush"/>: the code explicitly asked not to go to the disk (<c>Flush(false)</c>): a choice, not a belief.</summary>
    public bool IsExplicitNoDisk { get; internal set; }

    /// <summary>For <see cref="FileOperationKind.FlushToDisk"/>/<see cref="FileOperationKind.DirectorySync"/>: how it was recognised.</summary>
    public FlushToDiskSource Source { get; internal set; }

    /// <summary>For a method call: the method (null for a using/return/etc.).</summary>
    public IMethodSymbol? Method { get; internal set; }

    /// <summary>The loops that enclose the operation in this body, outermost first.</summary>
    public ImmutableArray<ILoopOperation> Loops { get; }

    /// <summary>The try regions that enclose the operation in this body, outermost first.</summary>
    public ImmutableArray<TryRegion> TryRegions { get; }

    public ILoopOperation? InnermostLoop => Loops.IsEmpty ? null : Loops[Loops.Length - 1];

    /// <summary>Whether the operation runs in a <c>catch</c> clause (for a delete: the cleanup of a failed write).</summary>
    public bool IsInCatch
    {
        get
        {
            foreach (var region in TryRegions)
            {
                if (region.Kind == TryRegionKind.Catch)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when the operation is inside <paramref name="loop"/> (at any depth).</summary>
    public bool IsInside(ILoopOperation loop)
    {
        foreach (var l in Loops)
        {
            if (ReferenceEquals(l, loop))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The location to report on: the invocation/creation.</summary>
    public Location Location => Syntax.GetLocation();

    public override string ToString() => $"{Index}:{Kind} {Target?.DisplayName ?? Path?.Key} {Syntax}";
}
