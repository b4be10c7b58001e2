using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// P/Invoked (<c>[DllImport]</c>, <c>[LibraryImport]</c>, extern) file calls by entry point: <c>open</c>/<c>CreateFile</c>,
/// <c>opendir</c>/<c>dirfd</c>, <c>fsync</c>/<c>fdatasync</c>/<c>FlushFileBuffers</c>/<c>fcntl(F_FULLFSYNC)</c>, <c>close</c>.
/// </summary>
internal sealed class PInvokeRecognizer : Recognizer, ICallRecognizer
{
    public PInvokeRecognizer(BodyParts parts)
        : base(parts)
    {
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsPInvoke(method))
        {
            return false;
        }

        var first = ArgumentAt(invocation.Arguments, 0);
        switch (EntryPoint(method))
        {
            case "fsync" or "fdatasync" or "FlushFileBuffers":
                RecordHandleFlush(invocation, first, method, FlushToDiskSource.PInvoke);
                return true;

            case "fcntl":
                // Only F_FULLFSYNC (51 on macOS) flushes; another constant command is something else.
                var command = ConstantInt(ArgumentAt(invocation.Arguments, 1));
                if (command is null or 51)
                {
                    RecordHandleFlush(invocation, first, method, FlushToDiskSource.PInvoke);
                    return true;
                }

                return false;

            case "open" or "open64" or "CreateFile" or "CreateFileW":
                if (first is not null)
                {
                    // The path as a string, or as the UTF-8 bytes some code marshals by hand (byte[], byte*).
                    var opened = first.Type?.SpecialType == SpecialType.System_String ? Paths.EvaluatePath(first) : Paths.BytesPath(first);
                    Recorder.OpenEntity(invocation, FileEntityKind.Handle, invocation.Type, opened, first, OpenSettings.Unknown, isImplicit: false);
                    return true;
                }

                return false;

            case "opendir":
                // A directory stream: an fsync of its descriptor (dirfd) is a directory sync, whatever the path looks like.
                if (first?.Type?.SpecialType == SpecialType.System_String)
                {
                    Recorder.OpenEntity(invocation, FileEntityKind.Handle, invocation.Type, Paths.EvaluatePath(first), first, OpenSettings.Unknown, isImplicit: false);
                    return true;
                }

                return false;

            case "dirfd":
                if (Bindings.ResolveEntity(first) is { } directoryStream)
                {
                    Recorder.Produce(invocation, directoryStream); // the descriptor of that directory stream
                    return true;
                }

                return false;

            case "close" or "CloseHandle" or "closedir":
                if (Bindings.ResolveEntity(first) is { } closed)
                {
                    Recorder.AddClose(closed, invocation, isImplicit: false, isAsync: false, method);
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
    public void RecordHandleFlush(IInvocationOperation invocation, IOperation? handle, IMethodSymbol method, FlushToDiskSource source)
    {
        var entity = Bindings.ResolveEntity(handle);
        if (entity?.Root is { Path: { } opened, OpenOperation.Operation: IInvocationOperation { TargetMethod: var opener } } && IsPInvoke(opener))
        {
            if (opened.IsDirectory || EntryPoint(opener) == "opendir")
            {
                Recorder.AddDirectorySync(invocation, opened, source, method);
                return;
            }

            if (opened.IsUnknown)
            {
                Recorder.AddDirectorySync(invocation, null, source, method); // a raw open of a path the model cannot name: it may be the directory
            }
        }

        Recorder.AddFlushToDisk(invocation, entity, null, source, method);
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
}
