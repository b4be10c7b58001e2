using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;
using static DurableIO.Analyzers.Model.Building.OpenSettings;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// <c>new FileStream(…)</c>, <c>new StreamWriter/StreamReader(…)</c> (over a path: an implicit FileStream), <c>new
/// SafeFileHandle(fd, …)</c>, <c>new MemoryStream()</c>, and the wrappers (BinaryWriter, BufferedStream, compression,
/// CryptoStream); any other creation goes to the <see cref="UnknownCallRecognizer"/>.
/// </summary>
internal sealed class StreamCreationRecognizer : Recognizer
{
    private readonly UnknownCallRecognizer _unknown;

    public StreamCreationRecognizer(BodyParts parts, UnknownCallRecognizer unknown)
        : base(parts)
    {
        _unknown = unknown;
    }

    public void Record(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (type is null)
        {
            return;
        }

        var arguments = creation.Arguments;
        if (KnownSymbols.Is(type, Known.FileStream))
        {
            var pathArgument = Argument(arguments, "path");
            if (pathArgument is not null)
            {
                OpenSettings settings;
                if (Argument(arguments, "options") is { } options && KnownSymbols.Is(options.Type, Known.FileStreamOptions))
                {
                    settings = Paths.ReadFileStreamOptions(options);
                }
                else
                {
                    var mode = ConstantInt(Argument(arguments, "mode"));
                    var accessArgument = Argument(arguments, "access");
                    var access = accessArgument is null ? (mode == ModeAppend ? AccessWrite : mode is null ? null : AccessReadWrite) : ConstantInt(accessArgument);
                    var optionsArgument = Argument(arguments, "options");
                    settings = new OpenSettings(mode, access, optionsArgument is null ? 0 : ConstantInt(optionsArgument));
                }

                Recorder.OpenEntity(creation, FileEntityKind.FileStream, type, Paths.EvaluatePath(pathArgument), pathArgument, settings, isImplicit: false);
                return;
            }

            if (Argument(arguments, "handle") is { } handle && KnownSymbols.DerivesFrom(handle.Type, Known.SafeFileHandle))
            {
                var inner = Bindings.ResolveEntity(handle);
                var stream = Recorder.WrapEntity(creation, FileEntityKind.FileStream, type, inner, buffering: false, leaveOpen: false);
                stream.Access = ConstantInt(Argument(arguments, "access"));
                return;
            }

            _unknown.Record(creation, arguments, creation.Constructor);
            return;
        }

        if (KnownSymbols.Is(type, Known.StreamWriter) || KnownSymbols.Is(type, Known.StreamReader))
        {
            RecordWriterOrReader(creation, KnownSymbols.Is(type, Known.StreamWriter));
            return;
        }

        if (KnownSymbols.Is(type, Known.SafeFileHandle) && Bindings.ResolveEntity(ArgumentAt(arguments, 0)) is { } descriptor)
        {
            // new SafeFileHandle((IntPtr)fd, ownsHandle): the descriptor a P/Invoke open returned, under another name.
            Recorder.WrapEntity(creation, FileEntityKind.Handle, type, descriptor, buffering: false, leaveOpen: ConstantBool(Argument(arguments, "ownsHandle")) == false);
            return;
        }

        if (KnownSymbols.Is(type, Known.MemoryStream))
        {
            Recorder.OpenMemoryStream(creation);
            return;
        }

        var wrapperKind = WrapperKind(creation);
        if (wrapperKind is { } wrapper && StreamArgument(arguments) is { } wrapped)
        {
            Recorder.WrapEntity(creation, wrapper.Kind, type, Bindings.ResolveEntity(wrapped), wrapper.Buffering, ConstantBool(Argument(arguments, "leaveOpen")) == true);
            return;
        }

        _unknown.Record(creation, arguments, creation.Constructor);
    }

    private void RecordWriterOrReader(IObjectCreationOperation creation, bool isWriter)
    {
        var arguments = creation.Arguments;
        var kind = isWriter ? FileEntityKind.Wrapper : FileEntityKind.Reader;
        FileEntity created;
        if (Argument(arguments, "path") is { } pathArgument)
        {
            OpenSettings settings;
            if (Argument(arguments, "options") is { } options && KnownSymbols.Is(options.Type, Known.FileStreamOptions))
            {
                settings = Paths.ReadFileStreamOptions(options);
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

            var file = Recorder.OpenEntity(creation, FileEntityKind.FileStream, Known.FileStream, Paths.EvaluatePath(pathArgument), pathArgument, settings, isImplicit: true);
            created = Recorder.WrapEntity(creation, kind, creation.Type, file, buffering: isWriter, leaveOpen: false);
        }
        else if (StreamArgument(arguments) is { } streamArgument)
        {
            created = Recorder.WrapEntity(creation, kind, creation.Type, Bindings.ResolveEntity(streamArgument), buffering: isWriter, leaveOpen: ConstantBool(Argument(arguments, "leaveOpen")) == true);
        }
        else
        {
            _unknown.Record(creation, arguments, creation.Constructor);
            return;
        }

        if (isWriter)
        {
            MarkAutoFlush(creation, created);
        }
    }

    /// <summary><c>new StreamWriter(…) { AutoFlush = true }</c>: the writer flushes itself after each write.</summary>
    private static void MarkAutoFlush(IObjectCreationOperation creation, FileEntity writer)
    {
        if (creation.Initializer is null)
        {
            return;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "AutoFlush" } } assignment
                && ConstantBool(assignment.Value) != false)
            {
                writer.AutoFlush = true;
            }
        }
    }

    /// <summary>The argument passed to a Stream parameter (named stream, output, input, … depending on the type).</summary>
    private IOperation? StreamArgument(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && KnownSymbols.Is(argument.Parameter?.Type, Known.Stream))
            {
                return argument.Value;
            }
        }

        return null;
    }

    private (FileEntityKind Kind, bool Buffering)? WrapperKind(IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (KnownSymbols.Is(type, Known.BinaryWriter))
        {
            return (FileEntityKind.Wrapper, false);
        }

        if (KnownSymbols.Is(type, Known.BinaryReader))
        {
            return (FileEntityKind.Reader, false);
        }

        if (KnownSymbols.Is(type, Known.BufferedStream))
        {
            return (FileEntityKind.Wrapper, true);
        }

        if (KnownSymbols.Is(type, Known.GZipStream) || KnownSymbols.Is(type, Known.DeflateStream)
            || KnownSymbols.Is(type, Known.BrotliStream) || KnownSymbols.Is(type, Known.ZLibStream))
        {
            // CompressionMode.Decompress = 0; a CompressionLevel or options argument means compressing.
            var mode = Argument(creation.Arguments, "mode");
            return mode is not null && mode.Type?.Name == "CompressionMode" && ConstantInt(mode) == 0
                ? (FileEntityKind.Reader, false)
                : (FileEntityKind.Wrapper, true);
        }

        if (KnownSymbols.Is(type, Known.CryptoStream))
        {
            // CryptoStreamMode.Read = 0, Write = 1.
            return ConstantInt(Argument(creation.Arguments, "mode")) == 0 ? (FileEntityKind.Reader, false) : (FileEntityKind.Wrapper, true);
        }

        return null;
    }
}
