using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;
using static DurableIO.Analyzers.Model.Building.OpenSettings;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// <c>File</c>, <c>FileInfo</c> and <c>DurableFile</c> calls that name a file by its path: opens, whole-file writes,
/// copies, renames and deletes (DurableIO's also flush and sync the directory).
/// </summary>
internal sealed class FileApiRecognizer : Recognizer, ICallRecognizer
{
    public FileApiRecognizer(BodyParts parts)
        : base(parts)
    {
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Open" or "OpenWrite" or "Create" or "CreateText" or "AppendText" or "OpenRead" or "OpenText" or "OpenHandle":
                if (KnownSymbols.Is(type, Known.File))
                {
                    RecordOpen(invocation, method.Name, Paths.EvaluatePath(Argument(invocation, "path")), Argument(invocation, "path"));
                    return true;
                }

                if (KnownSymbols.Is(type, Known.FileInfo))
                {
                    RecordOpen(invocation, method.Name, Paths.FileInfoPath(invocation.Instance), invocation.Instance);
                    return true;
                }

                return false;

            case "WriteAllText" or "WriteAllBytes" or "WriteAllLines" or "AppendAllText" or "AppendAllLines" or "AppendAllBytes"
                or "WriteAllTextAsync" or "WriteAllBytesAsync" or "WriteAllLinesAsync" or "AppendAllTextAsync" or "AppendAllLinesAsync" or "AppendAllBytesAsync":
                if (KnownSymbols.Is(type, Known.File) || KnownSymbols.Is(type, Known.DurableFile))
                {
                    var write = AddWholeFileWrite(invocation, ArgumentAt(invocation.Arguments, 0), method, KnownSymbols.Is(type, Known.DurableFile));
                    write.IsAppend = method.Name.StartsWith("Append", System.StringComparison.Ordinal);
                    write.IsAsync = method.Name.EndsWith("Async", System.StringComparison.Ordinal);
                    return true;
                }

                return false;

            case "Copy" when (KnownSymbols.Is(type, Known.File) || KnownSymbols.Is(type, Known.DurableFile)) && invocation.Arguments.Length >= 2:
                // The destination is written whole, like File.WriteAllBytes(destination, File.ReadAllBytes(source)).
                AddWholeFileWrite(invocation, ArgumentAt(invocation.Arguments, 1), method, KnownSymbols.Is(type, Known.DurableFile));
                return true;

            case "Move" or "Replace" or "MoveTo":
                return TryRecordRename(invocation);

            case "Delete":
                return TryRecordDelete(invocation);

            default:
                return false;
        }
    }

    private void RecordOpen(IInvocationOperation invocation, string name, PathValue path, IOperation? pathArgument)
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
            if (Argument(invocation, "options") is { } options && KnownSymbols.Is(options.Type, Known.FileStreamOptions))
            {
                var settings = Paths.ReadFileStreamOptions(options);
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

        var file = Recorder.OpenEntity(invocation, kind, wrapper == kind ? invocation.Type : Known.FileStream, path, pathArgument, new OpenSettings(modeValue, accessValue, optionsValue), isImplicit: wrapper != kind);
        if (wrapper != kind)
        {
            Recorder.WrapEntity(invocation, wrapper, invocation.Type, file, buffering: wrapper == FileEntityKind.Wrapper, leaveOpen: false);
        }
    }

    /// <summary>A whole-file write of the path argument (<c>File.WriteAll*</c>, <c>File.Copy</c>'s destination); DurableIO's also flush it and sync its directory.</summary>
    private FileOperation AddWholeFileWrite(IInvocationOperation invocation, IOperation? pathArgument, IMethodSymbol method, bool durable)
    {
        var path = Paths.EvaluatePath(pathArgument);
        var write = Recorder.Add(FileOperationKind.Write, invocation);
        write.Path = path;
        write.PathArgument = pathArgument;
        write.IsWholeFile = true;
        write.Method = method;
        if (durable)
        {
            write.IsDurable = true;
            Recorder.AddFlushToDisk(invocation, null, path, FlushToDiskSource.DurableApi, method);
            Recorder.AddDirectorySync(invocation, path.Directory, FlushToDiskSource.DurableApi, method);
        }

        return write;
    }

    private bool TryRecordRename(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        IOperation? source;
        IOperation? destination;
        PathValue sourcePath;
        bool? overwrites;
        var isReplace = method.Name == "Replace";
        var durable = KnownSymbols.Is(type, Known.DurableFile);
        if (KnownSymbols.Is(type, Known.File) || durable)
        {
            source = ArgumentAt(invocation.Arguments, 0);
            destination = ArgumentAt(invocation.Arguments, 1);
            sourcePath = Paths.EvaluatePath(source);
        }
        else if (KnownSymbols.Is(type, Known.FileInfo))
        {
            source = invocation.Instance;
            destination = ArgumentAt(invocation.Arguments, 0);
            sourcePath = Paths.FileInfoPath(source);
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

        var destinationPath = Paths.EvaluatePath(destination);
        if (durable)
        {
            Recorder.AddFlushToDisk(invocation, null, sourcePath, FlushToDiskSource.DurableApi, method);
        }

        var rename = Recorder.Add(FileOperationKind.Rename, invocation);
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
            Recorder.AddDirectorySync(invocation, destinationPath.Directory, FlushToDiskSource.DurableApi, method);
        }

        return true;
    }

    private bool TryRecordDelete(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (KnownSymbols.Is(type, Known.File) || KnownSymbols.Is(type, Known.DurableFile))
        {
            var deleted = ArgumentAt(invocation.Arguments, 0);
            var delete = Recorder.Add(FileOperationKind.Delete, invocation);
            delete.Path = Paths.EvaluatePath(deleted);
            delete.PathArgument = deleted;
            delete.Method = method;
            if (KnownSymbols.Is(type, Known.DurableFile))
            {
                delete.IsDurable = true;
                Recorder.AddDirectorySync(invocation, delete.Path.Directory, FlushToDiskSource.DurableApi, method);
            }

            return true;
        }

        if (KnownSymbols.Is(type, Known.FileInfo))
        {
            var delete = Recorder.Add(FileOperationKind.Delete, invocation);
            delete.Path = Paths.FileInfoPath(invocation.Instance);
            delete.PathArgument = invocation.Instance;
            delete.Method = method;
            return true;
        }

        return false;
    }
}
