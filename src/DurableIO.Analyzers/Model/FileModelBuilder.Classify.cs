using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model;

internal sealed partial class FileModelBuilder
{
    // FileMode values.
    private const int ModeCreateNew = 1;
    private const int ModeCreate = 2;
    private const int ModeOpen = 3;
    private const int ModeOpenOrCreate = 4;
    private const int ModeAppend = 6;

    // FileAccess values.
    private const int AccessRead = 1;
    private const int AccessWrite = 2;
    private const int AccessReadWrite = 3;

    // ---------------------------------------------------------------- invocations

    private void ClassifyInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;

        // Cheap name switch first; symbol comparisons only for candidate names.
        switch (method.Name)
        {
            case "Open" or "OpenWrite" or "Create" or "CreateText" or "AppendText" or "OpenRead" or "OpenText" or "OpenHandle":
                if (KnownSymbols.Is(type, _known.File))
                {
                    ClassifyOpen(invocation, method.Name, EvaluatePath(Argument(invocation, "path")), Argument(invocation, "path"));
                    return;
                }

                if (KnownSymbols.Is(type, _known.FileInfo))
                {
                    ClassifyOpen(invocation, method.Name, FileInfoPath(invocation.Instance), invocation.Instance);
                    return;
                }

                break;

            case "WriteAllText" or "WriteAllBytes" or "WriteAllLines" or "AppendAllText" or "AppendAllLines" or "AppendAllBytes"
                or "WriteAllTextAsync" or "WriteAllBytesAsync" or "WriteAllLinesAsync" or "AppendAllTextAsync" or "AppendAllLinesAsync" or "AppendAllBytesAsync":
                if (KnownSymbols.Is(type, _known.File) || KnownSymbols.Is(type, _known.DurableFile))
                {
                    var write = AddWholeFileWrite(invocation, ArgumentAt(invocation.Arguments, 0), method, KnownSymbols.Is(type, _known.DurableFile));
                    write.IsAppend = method.Name.StartsWith("Append", System.StringComparison.Ordinal);
                    write.IsAsync = method.Name.EndsWith("Async", System.StringComparison.Ordinal);
                    return;
                }

                break;

            case "Copy" when (KnownSymbols.Is(type, _known.File) || KnownSymbols.Is(type, _known.DurableFile)) && invocation.Arguments.Length >= 2:
                // The destination is written whole, like File.WriteAllBytes(destination, File.ReadAllBytes(source)).
                AddWholeFileWrite(invocation, ArgumentAt(invocation.Arguments, 1), method, KnownSymbols.Is(type, _known.DurableFile));
                return;

            case "Move" or "Replace" or "MoveTo":
                if (ClassifyRename(invocation))
                {
                    return;
                }

                break;

            case "Delete":
                if (KnownSymbols.Is(type, _known.File) || KnownSymbols.Is(type, _known.DurableFile))
                {
                    var deleted = ArgumentAt(invocation.Arguments, 0);
                    var delete = Add(FileOperationKind.Delete, invocation);
                    delete.Path = EvaluatePath(deleted);
                    delete.PathArgument = deleted;
                    delete.Method = method;
                    if (KnownSymbols.Is(type, _known.DurableFile))
                    {
                        delete.IsDurable = true;
                        AddDirectorySync(invocation, delete.Path.Directory, FlushToDiskSource.DurableApi, method);
                    }

                    return;
                }

                if (KnownSymbols.Is(type, _known.FileInfo))
                {
                    var delete = Add(FileOperationKind.Delete, invocation);
                    delete.Path = FileInfoPath(invocation.Instance);
                    delete.PathArgument = invocation.Instance;
                    delete.Method = method;
                    return;
                }

                break;

            case "Write" or "WriteAsync" or "WriteByte" or "WriteLine" or "WriteLineAsync" or "BeginWrite":
                if (KnownSymbols.Is(type, _known.RandomAccess))
                {
                    AddWrite(invocation, ResolveEntity(Argument(invocation, "handle")), method);
                    return;
                }

                if (invocation.Instance is not null && IsWritable(invocation.Instance.Type))
                {
                    AddWrite(invocation, ResolveEntity(invocation.Instance), method);
                    return;
                }

                break;

            case "CopyTo" or "CopyToAsync":
                if (KnownSymbols.DerivesFrom(type, _known.Stream))
                {
                    AddWrite(invocation, ResolveEntity(Argument(invocation, "destination")), method);
                    return;
                }

                break;

            case "Flush" or "FlushAsync":
                if (invocation.Instance is not null && IsWritable(invocation.Instance.Type))
                {
                    ClassifyFlush(invocation);
                    return;
                }

                break;

            case "FlushFinalBlock" or "FlushFinalBlockAsync":
                // CryptoStream: writes the last partial block into the stream below (a Flush of the wrapper).
                if (KnownSymbols.DerivesFrom(type, _known.CryptoStream) && ResolveEntity(invocation.Instance) is { } finished)
                {
                    var final = Add(FileOperationKind.Flush, invocation);
                    final.Target = finished;
                    final.IsAsync = method.Name == "FlushFinalBlockAsync";
                    final.Method = method;
                    return;
                }

                break;

            case "FlushToDisk" or "FlushToDiskAsync":
                if (KnownSymbols.Is(type, _known.RandomAccess))
                {
                    AddHandleFlush(invocation, Argument(invocation, "handle"), method, FlushToDiskSource.RandomAccessFlushToDisk);
                    return;
                }

                break;

            case "Dispose" or "Close" or "DisposeAsync":
                if (invocation.Instance is not null && _known.IsStreamLike(invocation.Instance.Type) && ResolveEntity(invocation.Instance) is { } closed)
                {
                    AddClose(closed, invocation, isImplicit: false, isAsync: method.Name == "DisposeAsync", method);
                    return;
                }

                break;
        }

        if (type is not null && _known.IsDurableType(type))
        {
            ClassifyDurableApi(invocation);
            return;
        }

        if (IsPInvoke(method) && ClassifyPInvoke(invocation))
        {
            return;
        }

        if (_configured.IsCandidate(method.Name) && ClassifyConfigured(invocation))
        {
            return;
        }

        if (_useSummaries && ClassifyHelper(invocation))
        {
            return;
        }

        ClassifyUnknownCall(invocation, invocation.Arguments, method);
    }

    private bool IsWritable(ITypeSymbol? type) =>
        KnownSymbols.DerivesFrom(type, _known.Stream) || KnownSymbols.DerivesFrom(type, _known.TextWriter) || KnownSymbols.DerivesFrom(type, _known.BinaryWriter);

    private void AddWrite(IOperation at, FileEntity? target, IMethodSymbol? method)
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

    private void ClassifyFlush(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var entity = ResolveEntity(invocation.Instance);
        if (method.Name == "Flush" && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
        {
            switch (ConstantBool(ArgumentAt(invocation.Arguments, 0)))
            {
                case true:
                    AddFlushToDisk(invocation, entity, null, FlushToDiskSource.FileStreamFlushTrue, method);
                    return;
                case false:
                    var noDisk = Add(FileOperationKind.Flush, invocation);
                    noDisk.Target = entity;
                    noDisk.IsExplicitNoDisk = true;
                    noDisk.Method = method;
                    return;
                default:
                    AddFlushToDisk(invocation, entity, null, FlushToDiskSource.FileStreamFlushVariable, method);
                    return;
            }
        }

        if (entity is null)
        {
            return;
        }

        var flush = Add(FileOperationKind.Flush, invocation);
        flush.Target = entity;
        flush.IsAsync = method.Name == "FlushAsync";
        flush.Method = method;
    }

    private void ClassifyOpen(IInvocationOperation invocation, string name, PathValue path, IOperation? pathArgument)
    {
        var (kind, mode, access, wrapper) = name switch
        {
            "OpenWrite" => (FileEntityKind.FileStream, ModeOpenOrCreate, AccessWrite, FileEntityKind.FileStream),
            "Create" => (FileEntityKind.FileStream, ModeCreate, AccessReadWrite, FileEntityKind.FileStream),
            "CreateText" => (FileEntityKind.FileStream, ModeCreate, AccessWrite, FileEntityKind.Wrapper),
            "AppendText" => (FileEntityKind.FileStream, ModeAppend, AccessWrite, FileEntityKind.Wrapper),
            "OpenRead" => (FileEntityKind.FileStream, ModeOpen, AccessRead, FileEntityKind.FileStream),
            "OpenText" => (FileEntityKind.FileStream, ModeOpen, AccessRead, FileEntityKind.Reader),
            "OpenHandle" => (FileEntityKind.Handle, ModeOpen, AccessRead, FileEntityKind.Handle),
            _ => (FileEntityKind.FileStream, ModeOpen, AccessReadWrite, FileEntityKind.FileStream),
        };

        int? modeValue = mode;
        int? accessValue = access;
        int? optionsValue = 0;
        if (name is "Open" or "OpenHandle" or "Create")
        {
            if (Argument(invocation, "options") is { } options && KnownSymbols.Is(options.Type, _known.FileStreamOptions))
            {
                var settings = ReadFileStreamOptions(options);
                (modeValue, accessValue, optionsValue) = (settings.Mode, settings.Access, settings.Options);
            }
            else
            {
                if (Argument(invocation, "mode") is { } modeArgument)
                {
                    modeValue = ConstantInt(modeArgument);
                    // File.Open(path, mode) without access: Append is Write, everything else ReadWrite.
                    if (name == "Open" && Argument(invocation, "access") is null)
                    {
                        accessValue = modeValue == ModeAppend ? AccessWrite : modeValue is null ? null : AccessReadWrite;
                    }
                }

                if (Argument(invocation, "access") is { } accessArgument)
                {
                    accessValue = ConstantInt(accessArgument);
                }

                if (Argument(invocation, "options") is { } optionsArgument)
                {
                    optionsValue = ConstantInt(optionsArgument);
                }
            }
        }

        var file = OpenEntity(invocation, kind, wrapper == kind ? invocation.Type : _known.FileStream, path, pathArgument, new OpenSettings(modeValue, accessValue, optionsValue), isImplicit: wrapper != kind);
        if (wrapper != kind)
        {
            var writer = WrapEntity(invocation, wrapper, invocation.Type, file, buffering: wrapper == FileEntityKind.Wrapper, leaveOpen: false);
            _produced[invocation] = writer;
        }
    }

    private FileEntity OpenEntity(IOperation at, FileEntityKind kind, ITypeSymbol? type, PathValue? path, IOperation? pathArgument, OpenSettings settings, bool isImplicit)
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

    private FileEntity WrapEntity(IOperation at, FileEntityKind kind, ITypeSymbol? type, FileEntity? inner, bool buffering, bool leaveOpen)
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

    /// <summary>A whole-file write of the path argument (<c>File.WriteAll*</c>, <c>File.Copy</c>'s destination); DurableIO's also flush it and sync its directory.</summary>
    private FileOperation AddWholeFileWrite(IInvocationOperation invocation, IOperation? pathArgument, IMethodSymbol method, bool durable)
    {
        var path = EvaluatePath(pathArgument);
        var write = Add(FileOperationKind.Write, invocation);
        write.Path = path;
        write.PathArgument = pathArgument;
        write.IsWholeFile = true;
        write.Method = method;
        if (durable)
        {
            write.IsDurable = true;
            AddFlushToDisk(invocation, null, path, FlushToDiskSource.DurableApi, method);
            AddDirectorySync(invocation, path.Directory, FlushToDiskSource.DurableApi, method);
        }

        return write;
    }

    private bool ClassifyRename(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        IOperation? source;
        IOperation? destination;
        PathValue sourcePath;
        bool? overwrites;
        var isReplace = method.Name == "Replace";
        var durable = KnownSymbols.Is(type, _known.DurableFile);
        if (KnownSymbols.Is(type, _known.File) || durable)
        {
            source = ArgumentAt(invocation.Arguments, 0);
            destination = ArgumentAt(invocation.Arguments, 1);
            sourcePath = EvaluatePath(source);
        }
        else if (KnownSymbols.Is(type, _known.FileInfo))
        {
            source = invocation.Instance;
            destination = ArgumentAt(invocation.Arguments, 0);
            sourcePath = FileInfoPath(source);
        }
        else
        {
            return false;
        }

        if (isReplace)
        {
            overwrites = true;
        }
        else
        {
            var overwrite = Argument(invocation, "overwrite");
            overwrites = overwrite is null ? false : ConstantBool(overwrite);
        }

        var destinationPath = EvaluatePath(destination);
        if (durable)
        {
            AddFlushToDisk(invocation, null, sourcePath, FlushToDiskSource.DurableApi, method);
        }

        var rename = Add(FileOperationKind.Rename, invocation);
        rename.Path = sourcePath;
        rename.PathArgument = source;
        rename.Destination = destinationPath;
        rename.DestinationArgument = destination;
        rename.Overwrites = overwrites;
        rename.IsReplace = isReplace;
        rename.IsDurable = durable;
        rename.Method = method;
        if (durable)
        {
            AddDirectorySync(invocation, destinationPath.Directory, FlushToDiskSource.DurableApi, method);
        }

        return true;
    }

    /// <summary>Every DurableIO API flushes what it is given: streams/handles are flushed to disk, paths synced.</summary>
    private void ClassifyDurableApi(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var isDirectory = KnownSymbols.Is(method.ContainingType, _known.DurableDirectory);
        var any = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (ResolveEntity(argument.Value) is { } entity)
            {
                AddFlushToDisk(invocation, entity, null, FlushToDiskSource.DurableApi, method);
                any = true;
            }
            else if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                var path = EvaluatePath(argument.Value);
                if (isDirectory)
                {
                    AddDirectorySync(invocation, method.Name == "CreateDirectory" ? path.Directory : path, FlushToDiskSource.DurableApi, method);
                }
                else
                {
                    AddFlushToDisk(invocation, null, path, FlushToDiskSource.DurableApi, method);
                    AddDirectorySync(invocation, path.Directory, FlushToDiskSource.DurableApi, method);
                }

                any = true;
                break;
            }
        }

        if (!any)
        {
            if (isDirectory)
            {
                AddDirectorySync(invocation, null, FlushToDiskSource.DurableApi, method);
            }
            else
            {
                AddFlushToDisk(invocation, null, null, FlushToDiskSource.DurableApi, method);
            }
        }
    }

    internal static bool IsPInvoke(IMethodSymbol method)
    {
        if (!method.IsStatic)
        {
            return false;
        }

        if (method.IsExtern || method.GetDllImportData() is not null)
        {
            return true;
        }

        // [LibraryImport] methods are partial definitions whose body a source generator writes.
        if (!method.IsPartialDefinition)
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name is "LibraryImportAttribute" or "DllImportAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static string EntryPoint(IMethodSymbol method)
    {
        if (method.GetDllImportData()?.EntryPointName is { Length: > 0 } entryPoint)
        {
            return entryPoint;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name is "LibraryImportAttribute" or "DllImportAttribute")
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "EntryPoint" && named.Value.Value is string { Length: > 0 } name)
                    {
                        return name;
                    }
                }
            }
        }

        return method.Name;
    }

    private bool ClassifyPInvoke(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var first = ArgumentAt(invocation.Arguments, 0);
        switch (EntryPoint(method))
        {
            case "fsync" or "fdatasync" or "FlushFileBuffers":
                AddHandleFlush(invocation, first, method, FlushToDiskSource.PInvoke);
                return true;

            case "fcntl":
                // Only F_FULLFSYNC (51 on macOS) flushes; another constant command is something else.
                var command = ConstantInt(ArgumentAt(invocation.Arguments, 1));
                if (command is null or 51)
                {
                    AddHandleFlush(invocation, first, method, FlushToDiskSource.PInvoke);
                    return true;
                }

                return false;

            case "open" or "open64" or "CreateFile" or "CreateFileW":
                if (first is not null)
                {
                    // The path as a string, or as the UTF-8 bytes some code marshals by hand (byte[], byte*).
                    var opened = first.Type?.SpecialType == SpecialType.System_String ? EvaluatePath(first) : BytesPath(first);
                    OpenEntity(invocation, FileEntityKind.Handle, invocation.Type, opened, first, new OpenSettings(null, null, null), isImplicit: false);
                    return true;
                }

                return false;

            case "opendir":
                // A directory stream: an fsync of its descriptor (dirfd) is a directory sync, whatever the path looks like.
                if (first?.Type?.SpecialType == SpecialType.System_String)
                {
                    OpenEntity(invocation, FileEntityKind.Handle, invocation.Type, EvaluatePath(first), first, new OpenSettings(null, null, null), isImplicit: false);
                    return true;
                }

                return false;

            case "dirfd":
                if (ResolveEntity(first) is { } directoryStream)
                {
                    _produced[invocation] = directoryStream; // the descriptor of that directory stream
                    return true;
                }

                return false;

            case "close" or "CloseHandle" or "closedir":
                if (ResolveEntity(first) is { } closed)
                {
                    AddClose(closed, invocation, isImplicit: false, isAsync: false, method);
                    return true;
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>
    /// An fsync of a descriptor or handle: a directory sync when a P/Invoke opened it on a directory, else a flush to disk
    /// (.NET's own File.OpenHandle cannot open a directory: that is DUR012's finding, not a sync).
    /// </summary>
    private void AddHandleFlush(IInvocationOperation invocation, IOperation? handle, IMethodSymbol method, FlushToDiskSource source)
    {
        var entity = ResolveEntity(handle);
        if (entity?.Root is { Path: { } opened, OpenOperation.Operation: IInvocationOperation { TargetMethod: var opener } } && IsPInvoke(opener))
        {
            if (opened.IsDirectory || EntryPoint(opener) == "opendir")
            {
                AddDirectorySync(invocation, opened, source, method);
                return;
            }

            if (opened.IsUnknown)
            {
                AddDirectorySync(invocation, null, source, method); // a raw open of a path the model cannot name: it may be the directory
            }
        }

        AddFlushToDisk(invocation, entity, null, source, method);
    }

    private bool ClassifyConfigured(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var id = (method.ReducedFrom ?? method).OriginalDefinition.GetDocumentationCommentId();
        if (id is null)
        {
            return false;
        }

        var flushes = _configured.FlushToDisk.Contains(id);
        var syncs = _configured.DirectorySync.Contains(id);
        if (!flushes && !syncs)
        {
            return false;
        }

        var any = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (flushes && ResolveEntity(argument.Value) is { } entity)
            {
                AddFlushToDisk(invocation, entity, null, FlushToDiskSource.Configured, method);
                any = true;
            }
            else if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                AddPathSync(invocation, EvaluatePath(argument.Value), flushes, syncs, FlushToDiskSource.Configured, method);
                any = true;
            }
        }

        if (!any)
        {
            AddPathSync(invocation, null, flushes, syncs, FlushToDiskSource.Configured, method);
        }

        return true;
    }

    /// <summary>
    /// A sync of "the thing at <paramref name="path"/>": a directory sync when the path is visibly a directory, a flush to
    /// disk of the file when it is visibly a file, both when the model cannot tell (a variable).
    /// </summary>
    private void AddPathSync(IOperation at, PathValue? path, bool mayBeFile, bool mayBeDirectory, FlushToDiskSource source, IMethodSymbol? method)
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

    /// <summary>The rename a helper does, at its call: a parameter becomes the caller's argument, a fixed path stays.</summary>
    private void AddHelperRename(IInvocationOperation invocation, HelperEffect effect, IOperation? sourceArgument)
    {
        var inner = effect.Rename!;
        var onThis = invocation.Instance is null or IInstanceReferenceOperation;
        if ((effect.Ordinal < 0 || effect.DestinationOrdinal < 0) && !onThis)
        {
            return; // another object's fields: not the paths the helper's body names
        }

        var destinationArgument = effect.DestinationOrdinal >= 0 ? ArgumentAt(invocation.Arguments, effect.DestinationOrdinal) : null;
        if ((effect.Ordinal >= 0 && sourceArgument is null) || (effect.DestinationOrdinal >= 0 && destinationArgument is null))
        {
            return;
        }

        var rename = Add(FileOperationKind.Rename, invocation);
        rename.Path = sourceArgument is null ? inner.Path : EvaluatePath(sourceArgument);
        rename.PathArgument = sourceArgument ?? inner.PathArgument;
        rename.Destination = destinationArgument is null ? inner.Destination : EvaluatePath(destinationArgument);
        rename.DestinationArgument = destinationArgument ?? inner.DestinationArgument;
        rename.Overwrites = inner.Overwrites;
        rename.IsReplace = inner.IsReplace;
        rename.Method = inner.Method;
        rename.IsInHelper = true;
    }

    private bool ClassifyHelper(IInvocationOperation invocation)
    {
        var summary = _analysis.GetSummary(invocation.TargetMethod, invocation.SemanticModel, _cancellationToken);
        if (summary is null || summary.IsEmpty)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        foreach (var effect in summary.Effects)
        {
            var argument = effect.Ordinal >= 0 ? ArgumentAt(invocation.Arguments, effect.Ordinal) : null;
            switch (effect.Kind)
            {
                case HelperEffectKind.FlushesStream:
                    if (ResolveEntity(argument) is { } entity)
                    {
                        AddFlushToDisk(invocation, entity, null, FlushToDiskSource.Helper, method);
                    }

                    break;
                case HelperEffectKind.SyncsPath:
                    AddPathSync(invocation, argument is null ? null : EvaluatePath(argument), mayBeFile: true, mayBeDirectory: false, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.SyncsDirectory:
                    AddDirectorySync(invocation, argument is null ? null : EvaluatePath(argument), FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.SyncsDirectoryOf:
                    AddDirectorySync(invocation, argument is null ? null : EvaluatePath(argument).Directory, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.FlushesSomething:
                    AddFlushToDisk(invocation, null, null, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.SyncsSomeDirectory:
                    AddDirectorySync(invocation, null, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.Renames:
                    AddHelperRename(invocation, effect, argument);
                    break;
            }
        }

        // Other streams handed to the helper are out of sight.
        foreach (var argument in invocation.Arguments)
        {
            if (ResolveEntity(argument.Value) is { } entity && !summary.Covers(argument.Parameter?.Ordinal ?? -1))
            {
                AddEscape(entity, invocation);
            }
        }

        return true;
    }

    /// <summary>
    /// A call the model does not know. Streams handed to it escape, except to a BCL method that returns nothing
    /// (<c>JsonSerializer.Serialize(stream, …)</c>, <c>XDocument.Save(stream)</c>): those write the stream and never flush
    /// it to disk. Paths handed to code outside the BCL escape (a user helper may sync them).
    /// </summary>
    private void ClassifyUnknownCall(IOperation at, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method)
    {
        var isBcl = method is not null && IsBcl(method);
        // Task<T> and ValueTask<T> return something: SHA256.HashDataAsync(stream), JsonSerializer.DeserializeAsync<T>(stream) read.
        var returnsNothing = method is not null && method.MethodKind != MethodKind.Constructor
            && (method.ReturnsVoid || method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (ResolveEntity(argument.Value) is { } entity)
            {
                if (isBcl && returnsNothing && IsWritable(argument.Parameter?.Type))
                {
                    if (!entity.IsReadOnly)
                    {
                        AddWrite(at, entity, method); // a read-only stream handed to a BCL method is only read
                    }
                }
                else
                {
                    AddEscape(entity, at);
                }
            }
            else if (!isBcl && argument.Value.Type?.SpecialType == SpecialType.System_String && !argument.Value.ConstantValue.HasValue)
            {
                AddPathEscape(EvaluatePath(argument.Value), at, argument.Value);
            }
        }
    }

    private static bool IsBcl(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            return false; // Action<Stream>.Invoke lives in System, but runs the caller's code
        }

        var ns = method.ContainingNamespace;
        while (ns is not null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace)
        {
            ns = ns.ContainingNamespace;
        }

        return ns is not null && ns.Name is "System" or "Microsoft" && method.ContainingAssembly is not null && method.Locations.Length > 0 && method.Locations[0].IsInMetadata;
    }

    // ---------------------------------------------------------------- object creations

    private void ClassifyCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (type is null)
        {
            return;
        }

        var arguments = creation.Arguments;
        if (KnownSymbols.Is(type, _known.FileStream))
        {
            var pathArgument = Argument(arguments, "path");
            if (pathArgument is not null)
            {
                OpenSettings settings;
                if (Argument(arguments, "options") is { } options && KnownSymbols.Is(options.Type, _known.FileStreamOptions))
                {
                    settings = ReadFileStreamOptions(options);
                }
                else
                {
                    var mode = ConstantInt(Argument(arguments, "mode"));
                    var accessArgument = Argument(arguments, "access");
                    var access = accessArgument is null ? (mode == ModeAppend ? AccessWrite : mode is null ? null : AccessReadWrite) : ConstantInt(accessArgument);
                    var optionsArgument = Argument(arguments, "options");
                    settings = new OpenSettings(mode, access, optionsArgument is null ? 0 : ConstantInt(optionsArgument));
                }

                OpenEntity(creation, FileEntityKind.FileStream, type, EvaluatePath(pathArgument), pathArgument, settings, isImplicit: false);
                return;
            }

            if (Argument(arguments, "handle") is { } handle && KnownSymbols.DerivesFrom(handle.Type, _known.SafeFileHandle))
            {
                var inner = ResolveEntity(handle);
                var stream = WrapEntity(creation, FileEntityKind.FileStream, type, inner, buffering: false, leaveOpen: false);
                stream.Access = ConstantInt(Argument(arguments, "access"));
                return;
            }

            ClassifyUnknownCall(creation, arguments, creation.Constructor);
            return;
        }

        if (KnownSymbols.Is(type, _known.StreamWriter) || KnownSymbols.Is(type, _known.StreamReader))
        {
            var isWriter = KnownSymbols.Is(type, _known.StreamWriter);
            var kind = isWriter ? FileEntityKind.Wrapper : FileEntityKind.Reader;
            if (Argument(arguments, "path") is { } pathArgument)
            {
                OpenSettings settings;
                if (Argument(arguments, "options") is { } options && KnownSymbols.Is(options.Type, _known.FileStreamOptions))
                {
                    settings = ReadFileStreamOptions(options);
                }
                else if (isWriter)
                {
                    var append = Argument(arguments, "append");
                    var appendValue = append is null ? false : ConstantBool(append);
                    settings = new OpenSettings(appendValue switch { true => ModeAppend, false => ModeCreate, _ => null }, AccessWrite, 0);
                }
                else
                {
                    settings = new OpenSettings(ModeOpen, AccessRead, 0);
                }

                var file = OpenEntity(creation, FileEntityKind.FileStream, _known.FileStream, EvaluatePath(pathArgument), pathArgument, settings, isImplicit: true);
                WrapEntity(creation, kind, type, file, buffering: isWriter, leaveOpen: false);
                return;
            }

            if (StreamArgument(arguments) is { } streamArgument)
            {
                WrapEntity(creation, kind, type, ResolveEntity(streamArgument), buffering: isWriter, leaveOpen: ConstantBool(Argument(arguments, "leaveOpen")) == true);
                return;
            }

            ClassifyUnknownCall(creation, arguments, creation.Constructor);
            return;
        }

        if (KnownSymbols.Is(type, _known.SafeFileHandle) && ResolveEntity(ArgumentAt(arguments, 0)) is { } descriptor)
        {
            // new SafeFileHandle((IntPtr)fd, ownsHandle): the descriptor a P/Invoke open returned, under another name.
            WrapEntity(creation, FileEntityKind.Handle, type, descriptor, buffering: false, leaveOpen: ConstantBool(Argument(arguments, "ownsHandle")) == false);
            return;
        }

        if (KnownSymbols.Is(type, _known.MemoryStream))
        {
            var memory = NewEntity(FileEntityKind.Memory, FileEntityOrigin.Created, type, null, creation);
            var open = Add(FileOperationKind.Open, creation);
            open.Target = memory;
            memory.OpenOperation = open;
            _produced[creation] = memory;
            return;
        }

        var wrapperKind = WrapperKind(creation);
        if (wrapperKind is { } wrapper && StreamArgument(arguments) is { } wrapped)
        {
            WrapEntity(creation, wrapper.Kind, type, ResolveEntity(wrapped), wrapper.Buffering, ConstantBool(Argument(arguments, "leaveOpen")) == true);
            return;
        }

        ClassifyUnknownCall(creation, arguments, creation.Constructor);
    }

    /// <summary>The argument passed to a Stream parameter (named stream, output, input, … depending on the type).</summary>
    private IOperation? StreamArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && KnownSymbols.Is(argument.Parameter?.Type, _known.Stream))
            {
                return argument.Value;
            }
        }

        return null;
    }

    private (FileEntityKind Kind, bool Buffering)? WrapperKind(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (KnownSymbols.Is(type, _known.BinaryWriter))
        {
            return (FileEntityKind.Wrapper, false);
        }

        if (KnownSymbols.Is(type, _known.BinaryReader))
        {
            return (FileEntityKind.Reader, false);
        }

        if (KnownSymbols.Is(type, _known.BufferedStream))
        {
            return (FileEntityKind.Wrapper, true);
        }

        if (KnownSymbols.Is(type, _known.GZipStream) || KnownSymbols.Is(type, _known.DeflateStream)
            || KnownSymbols.Is(type, _known.BrotliStream) || KnownSymbols.Is(type, _known.ZLibStream))
        {
            // CompressionMode.Decompress = 0; a CompressionLevel or options argument means compressing.
            var mode = Argument(creation.Arguments, "mode");
            return mode is not null && mode.Type?.Name == "CompressionMode" && ConstantInt(mode) == 0
                ? (FileEntityKind.Reader, false)
                : (FileEntityKind.Wrapper, true);
        }

        if (KnownSymbols.Is(type, _known.CryptoStream))
        {
            // CryptoStreamMode.Read = 0, Write = 1.
            return ConstantInt(Argument(creation.Arguments, "mode")) == 0 ? (FileEntityKind.Reader, false) : (FileEntityKind.Wrapper, true);
        }

        return null;
    }
}
