using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// Records one body's <see cref="FileOperation"/>s and <see cref="FileEntity"/>s in execution order, each operation with
/// the loops and try regions around it, and the entity each creating operation produced.
/// </summary>
internal sealed class ModelRecorder
{
    private static readonly Dictionary<SyntaxNode, CallArgument> NoCallArguments = new();

    private readonly KnownSymbols _known;
    private readonly List<FileOperation> _operations = new();
    private readonly List<FileEntity> _entities = new();
    private readonly Dictionary<IOperation, FileEntity> _produced = new();
    private Dictionary<SyntaxNode, CallArgument>? _privateCallArguments; // created at the first call to a private method

    public ModelRecorder(KnownSymbols known) => _known = known;

    /// <summary>The loops around what is recorded now, outermost first; the walk sets it.</summary>
    public ImmutableArray<ILoopOperation> Loops { get; set; } = ImmutableArray<ILoopOperation>.Empty;

    /// <summary>The try regions around what is recorded now, outermost first; the walk sets it.</summary>
    public ImmutableArray<TryRegion> TryRegions { get; set; } = ImmutableArray<TryRegion>.Empty;

    /// <summary>
    /// While a helper's summary is built (<see cref="CollectReturns"/>): what each of its <c>return</c> statements gives back,
    /// in the order of the walk; null otherwise.
    /// </summary>
    public List<ReturnedValue>? Returns { get; private set; }

    /// <summary>Records the returned values from here on (<see cref="Returns"/>).</summary>
    public void CollectReturns() => Returns ??= new List<ReturnedValue>();

    /// <summary>A <c>return</c> of the body, with the path and the entity the model sees it give back (each may be null).</summary>
    public void AddReturn(PathValue? path, FileEntity? entity) => Returns?.Add(new ReturnedValue(path, entity));

    /// <summary>True once an operation other than an <see cref="FileOperationKind.Escape"/> is recorded.</summary>
    public bool HasRecordedOtherThanEscape { get; private set; }

    /// <summary>False when the body only handed strings to unknown code: nothing about files to analyze.</summary>
    public bool HasFileOperations()
    {
        foreach (var op in _operations)
        {
            if (op.Kind != FileOperationKind.Escape || op.Target is not null)
            {
                return true;
            }
        }

        return false;
    }

    public FileModel ToModel(IOperation body, ISymbol? symbol, bool nested) =>
        new(body, symbol, nested, _operations.ToImmutableArray(), _entities.ToImmutableArray(), _privateCallArguments ?? NoCallArguments);

    public FileOperation Add(FileOperationKind kind, IOperation operation)
    {
        var op = new FileOperation(_operations.Count, kind, operation, Loops, TryRegions);
        _operations.Add(op);
        HasRecordedOtherThanEscape |= kind != FileOperationKind.Escape;
        return op;
    }

    public FileEntity NewEntity(FileEntityKind kind, FileEntityOrigin origin, ITypeSymbol? type, ISymbol? symbol, IOperation? creation)
    {
        var entity = new FileEntity(_entities.Count, kind, origin, type, symbol, creation);
        _entities.Add(entity);
        return entity;
    }

    /// <summary>The entity <paramref name="operation"/> (a creation, an open, <c>dirfd(d)</c>) produced, if any.</summary>
    public bool TryGetProduced(IOperation operation, out FileEntity entity) => _produced.TryGetValue(operation, out entity!);

    public void Produce(IOperation operation, FileEntity entity) => _produced[operation] = entity;

    /// <summary>
    /// The path a call to a private method passes in the argument <paramref name="argumentSyntax"/>, with the call's last
    /// operation, for the callee's rules (<c>IsTemporaryInEveryCaller</c>: <see cref="FileModel.TryGetPrivateCallArgument"/>).
    /// </summary>
    public void AddCallArgument(SyntaxNode argumentSyntax, PathValue path) =>
        (_privateCallArguments ??= new())[argumentSyntax] = new CallArgument(path, _operations.Count - 1);

    public FileEntity OpenEntity(IOperation at, FileEntityKind kind, ITypeSymbol? type, PathValue? path, IOperation? pathArgument, OpenSettings settings, bool isImplicit)
    {
        var entity = NewEntity(kind, FileEntityOrigin.Created, type, null, at);
        entity.Path = path;
        entity.Mode = settings.Mode;
        entity.Access = settings.Access;
        entity.Options = settings.Options;
        var open = Add(FileOperationKind.Open, at);
        open.Target = entity;
        open.Path = path;
        open.PathArgument = pathArgument;
        open.IsImplicit = isImplicit;
        open.Method = (at as IInvocationOperation)?.TargetMethod ?? (at as IObjectCreationOperation)?.Constructor;
        entity.OpenOperation = open;
        _produced[at] = entity;
        return entity;
    }

    public void OpenMemoryStream(IObjectCreationOperation creation)
    {
        var memory = NewEntity(FileEntityKind.Memory, FileEntityOrigin.Created, creation.Type, null, creation);
        var open = Add(FileOperationKind.Open, creation);
        open.Target = memory;
        memory.OpenOperation = open;
        _produced[creation] = memory;
    }

    /// <summary>A wrapper over <paramref name="inner"/>, or over a stream of unknown origin when the model cannot name it.</summary>
    public FileEntity WrapEntity(IOperation at, FileEntityKind kind, ITypeSymbol? type, FileEntity? inner, bool buffering, bool leaveOpen)
    {
        inner ??= NewEntity(FileEntityKind.FileStream, FileEntityOrigin.Unknown, _known.Stream, null, null);
        var wrapper = NewEntity(kind, FileEntityOrigin.Created, type, null, at);
        wrapper.Inner = inner;
        wrapper.IsBuffering = buffering;
        wrapper.LeavesInnerOpen = leaveOpen;
        inner.AddWrapper(wrapper);
        var wrap = Add(FileOperationKind.Wrap, at);
        wrap.Target = wrapper;
        wrap.Method = (at as IObjectCreationOperation)?.Constructor ?? (at as IInvocationOperation)?.TargetMethod;
        wrapper.OpenOperation = wrap;
        _produced[at] = wrapper;
        return wrapper;
    }

    public void AddWrite(IOperation at, FileEntity? target, IMethodSymbol? method)
    {
        if (target is null)
        {
            return;
        }

        var op = Add(FileOperationKind.Write, at);
        op.Target = target;
        op.Method = method;
        op.IsAsync = method is not null && (method.Name.EndsWith("Async", System.StringComparison.Ordinal) || method.Name == "BeginWrite");
    }

    public void AddEscape(FileEntity entity, IOperation at)
    {
        var op = Add(FileOperationKind.Escape, at);
        op.Target = entity;
        entity.Escape ??= op;
    }

    public void AddPathEscape(PathValue path, IOperation at, IOperation argument)
    {
        var op = Add(FileOperationKind.Escape, at);
        op.Path = path;
        op.PathArgument = argument;
    }

    public void AddClose(FileEntity entity, IOperation at, bool isImplicit, bool isAsync, IMethodSymbol? method)
    {
        var op = Add(FileOperationKind.Close, at);
        op.Target = entity;
        op.IsImplicit = isImplicit;
        op.IsAsync = isAsync;
        op.Method = method;

        // Closing a wrapper closes what it wraps, unless it was told to leave it open.
        var current = entity;
        for (var guard = 0; current.Inner is not null && !current.LeavesInnerOpen && guard < 32; guard++)
        {
            current = current.Inner;
            var inner = Add(FileOperationKind.Close, at);
            inner.Target = current;
            inner.IsImplicit = true;
            inner.IsAsync = isAsync;
            inner.Method = method;
        }
    }

    public FileOperation AddFlushToDisk(IOperation at, FileEntity? target, PathValue? path, FlushToDiskSource source, IMethodSymbol? method)
    {
        var op = Add(FileOperationKind.FlushToDisk, at);
        op.Target = target;
        op.Path = path;
        op.Source = source;
        op.Method = method;
        return op;
    }

    public FileOperation AddDirectorySync(IOperation at, PathValue? directory, FlushToDiskSource source, IMethodSymbol? method)
    {
        var op = Add(FileOperationKind.DirectorySync, at);
        op.Path = directory;
        op.Source = source;
        op.Method = method;
        return op;
    }

    /// <summary>
    /// A sync of "the thing at <paramref name="path"/>": a directory sync when the path is visibly a directory, a flush to
    /// disk of the file when it is visibly a file, both when the model cannot tell (a variable).
    /// </summary>
    public void AddPathSync(IOperation at, PathValue? path, bool mayBeFile, bool mayBeDirectory, FlushToDiskSource source, IMethodSymbol? method)
    {
        var isDirectory = path?.IsDirectory == true;
        if (mayBeFile && !isDirectory)
        {
            AddFlushToDisk(at, null, path, source, method);
        }

        if (mayBeDirectory || (mayBeFile && (path is null || isDirectory || path.Kind is PathValueKind.Symbol or PathValueKind.Unknown)))
        {
            AddDirectorySync(at, path, source, method);
        }
    }
}

/// <summary>One <c>return</c> of a helper's body: the path (for a method that returns a string) and the entity it gives back.</summary>
internal readonly struct ReturnedValue
{
    public ReturnedValue(PathValue? path, FileEntity? entity)
    {
        Path = path;
        Entity = entity;
    }

    /// <summary>The returned path in the helper's own terms (its parameters, fields, literals), or null when not a string.</summary>
    public PathValue? Path { get; }

    /// <summary>The returned stream, writer or handle, or null.</summary>
    public FileEntity? Entity { get; }
}
