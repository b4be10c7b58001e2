using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model;

/// <summary>Open settings of a FileStream: constant FileMode/FileAccess/FileOptions values (null = not a constant).</summary>
internal readonly struct OpenSettings
{
    public OpenSettings(int? mode, int? access, int? options)
    {
        Mode = mode;
        Access = access;
        Options = options;
    }

    public int? Mode { get; }

    public int? Access { get; }

    public int? Options { get; }

    /// <summary>The defaults of a new <c>FileStreamOptions</c>: Open, Read, None.</summary>
    public static OpenSettings FileStreamOptionsDefault => new(3, 1, 0);

    public OpenSettings With(string property, object? constant)
    {
        var value = constant is int i ? i : (int?)null;
        return property switch
        {
            "Mode" => new OpenSettings(value, Access, Options),
            "Access" => new OpenSettings(Mode, value, Options),
            "Options" => new OpenSettings(Mode, Access, value),
            _ => this,
        };
    }
}

internal sealed partial class FileModelBuilder
{
    /// <summary>The entity an expression evaluates to, or null when the model cannot link it to one.</summary>
    private FileEntity? ResolveEntity(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        var current = Strip(operation);
        if (_produced.TryGetValue(current, out var produced))
        {
            return produced;
        }

        switch (current)
        {
            case IConditionalAccessInstanceOperation instance:
                for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation access)
                    {
                        return ResolveEntity(access.Operation);
                    }
                }

                return null;

            case ILocalReferenceOperation local:
                // A local not assigned in this body is captured from an enclosing one (or assigned in a way the model
                // does not follow): link its operations, origin unknown.
                return Lookup(local.Local, local.Local.Type, FileEntityOrigin.Unknown);

            case IParameterReferenceOperation parameter:
                return Lookup(parameter.Parameter, parameter.Parameter.Type, FileEntityOrigin.Parameter);

            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return Lookup(field.Field, field.Field.Type, FileEntityOrigin.Member);

            case IPropertyReferenceOperation property:
                switch (property.Property.Name)
                {
                    case "BaseStream":
                        return ResolveEntity(property.Instance)?.Inner;
                    case "SafeFileHandle":
                    case "Handle":
                        return KnownSymbols.DerivesFrom(property.Instance?.Type, _known.FileStream) ? ResolveEntity(property.Instance) : null;
                }

                return property.Instance is null or IInstanceReferenceOperation && property.Arguments.IsEmpty
                    ? Lookup(property.Property, property.Property.Type, FileEntityOrigin.Member)
                    : null;

            case IInvocationOperation invocation:
                switch (invocation.TargetMethod.Name)
                {
                    case "DangerousGetHandle" when KnownSymbols.DerivesFrom(invocation.Instance?.Type, _known.SafeHandle):
                    case "ToInt32" or "ToInt64" or "ToPointer" when invocation.Instance?.Type?.SpecialType is SpecialType.System_IntPtr:
                        return ResolveEntity(invocation.Instance);
                }

                return null;

            default:
                return null;
        }
    }

    private FileEntity? Lookup(ISymbol symbol, ITypeSymbol? type, FileEntityOrigin origin)
    {
        if (_entityOf.TryGetValue(symbol, out var entity))
        {
            return entity;
        }

        if (!_known.IsStreamLike(type))
        {
            return null;
        }

        // Created elsewhere: the model links its operations but rules know it is not fully visible.
        var kind = KindOfType(type);
        entity = NewEntity(kind, origin, type, symbol, null);
        entity.IsBuffering = IsBufferingType(type);
        _entityOf[symbol] = entity;
        return entity;
    }

    private FileEntityKind KindOfType(ITypeSymbol? type)
    {
        if (KnownSymbols.DerivesFrom(type, _known.MemoryStream))
        {
            return FileEntityKind.Memory;
        }

        if (KnownSymbols.DerivesFrom(type, _known.SafeHandle))
        {
            return FileEntityKind.Handle;
        }

        if (KnownSymbols.DerivesFrom(type, _known.TextReader) || KnownSymbols.DerivesFrom(type, _known.BinaryReader))
        {
            return FileEntityKind.Reader;
        }

        if (KnownSymbols.DerivesFrom(type, _known.TextWriter) || KnownSymbols.DerivesFrom(type, _known.BinaryWriter) || IsBufferingType(type))
        {
            return FileEntityKind.Wrapper;
        }

        return FileEntityKind.FileStream;
    }

    private bool IsBufferingType(ITypeSymbol? type) =>
        KnownSymbols.DerivesFrom(type, _known.TextWriter)
        || KnownSymbols.DerivesFrom(type, _known.BufferedStream)
        || KnownSymbols.DerivesFrom(type, _known.GZipStream)
        || KnownSymbols.DerivesFrom(type, _known.DeflateStream)
        || KnownSymbols.DerivesFrom(type, _known.BrotliStream)
        || KnownSymbols.DerivesFrom(type, _known.ZLibStream)
        || KnownSymbols.DerivesFrom(type, _known.CryptoStream);

    /// <summary>The symbolic value of a path expression; <see cref="PathValueKind.Unknown"/> when it is not a simple one.</summary>
    private PathValue EvaluatePath(IOperation? operation)
    {
        if (operation is null)
        {
            return PathValue.Unknown(null);
        }

        if (_depth > MaxDepth)
        {
            return PathValue.Unknown(operation);
        }

        _depth++;
        try
        {
            return EvaluatePathCore(operation);
        }
        finally
        {
            _depth--;
        }
    }

    private PathValue EvaluatePathCore(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue.Value is { } constant ? PathValue.FromLiteral(Invariant(constant), operation) : PathValue.Unknown(operation);
        }

        var current = Strip(operation);
        if (current.ConstantValue is { HasValue: true, Value: char character })
        {
            return PathValue.FromLiteral(character.ToString(), operation); // dir + '/' or path + '\0': the char is boxed for the concatenation
        }

        switch (current)
        {
            case ILocalReferenceOperation local:
                return _pathOf.TryGetValue(local.Local, out var byLocal) ? byLocal : PathValue.FromSymbol(local.Local, current);

            case IParameterReferenceOperation parameter:
                return _pathOf.TryGetValue(parameter.Parameter, out var byParameter) ? byParameter : PathValue.FromSymbol(parameter.Parameter, current);

            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return _pathOf.TryGetValue(field.Field, out var byField) ? byField : PathValue.FromSymbol(field.Field, current);

            case IFieldReferenceOperation field when ReceiverOf(field.Instance) is { } receiver:
                return PathValue.MemberOf(PathValue.FromSymbol(receiver, field.Instance), field.Field, VersionOf(receiver), current);

            case IPropertyReferenceOperation property:
                return PropertyPath(property);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return PathValue.Concat(ImmutableArray.Create(EvaluatePath(binary.LeftOperand), EvaluatePath(binary.RightOperand)), current);

            case IInterpolatedStringOperation interpolated:
                var parts = ImmutableArray.CreateBuilder<PathValue>();
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation text:
                            parts.Add(EvaluatePath(text.Text));
                            break;
                        case IInterpolationOperation { Alignment: null, FormatString: null } interpolation:
                            parts.Add(EvaluatePath(interpolation.Expression));
                            break;
                        case IInterpolationOperation { Alignment: null } formatted when RandomGuid(formatted.Expression) is { } random:
                            parts.Add(random); // {Guid.NewGuid():N}: no Guid format holds a separator
                            break;
                        default:
                            parts.Add(PathValue.Unknown(part));
                            break;
                    }
                }

                return PathValue.Concat(parts.ToImmutable(), current);

            case IInvocationOperation invocation:
                return InvocationPath(invocation);

            case ICoalesceOperation orThrow when Strip(orThrow.WhenNull) is IThrowOperation:
                return EvaluatePath(orThrow.Value); // Path.GetDirectoryName(path) ?? throw …: the value, or no value at all

            // Path.GetDirectoryName(path) ?? "." (or ?? string.Empty): null only for a root or a null path, a corner the
            // fallback papers over; the directory the code means is the one of the path.
            case ICoalesceOperation orFallback when IsConstantString(Strip(orFallback.WhenNull)) && EvaluatePath(orFallback.Value) is { Kind: PathValueKind.DirectoryOf } directory:
                return directory;

            // GetDirectoryName(p) is { Length: > 0 } d ? d : "." (or string.IsNullOrEmpty(d) ? "." : d): the same corner, the other way.
            case IConditionalOperation { WhenFalse: not null } choice when IsConstantString(Strip(choice.WhenFalse)) && EvaluatePath(choice.WhenTrue) is { Kind: PathValueKind.DirectoryOf } whenTrue:
                return whenTrue;

            case IConditionalOperation { WhenFalse: not null } choice when IsConstantString(Strip(choice.WhenTrue)) && EvaluatePath(choice.WhenFalse) is { Kind: PathValueKind.DirectoryOf } whenFalse:
                return whenFalse;

            case IImplicitIndexerReferenceOperation { Argument.Type.Name: "Range" } slice when EvaluatePath(slice.Instance) is { Kind: PathValueKind.RandomName }:
                return PathValue.RandomName(slice); // Guid.NewGuid().ToString("N")[..8]: a piece of a random name is one too

            case IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, _known.FileInfo):
                return EvaluatePath(ArgumentAt(creation.Arguments, 0));

            default:
                return PathValue.Unknown(current);
        }
    }

    private PathValue PropertyPath(IPropertyReferenceOperation property)
    {
        var containing = property.Property.ContainingType;
        switch (property.Property.Name)
        {
            case "FullName" when KnownSymbols.DerivesFrom(containing, _known.FileSystemInfo):
                return KnownSymbols.DerivesFrom(property.Instance?.Type, _known.DirectoryInfo)
                    ? DirectoryInfoPath(property.Instance)
                    : FileInfoPath(property.Instance);
            case "Name" when KnownSymbols.DerivesFrom(containing, _known.FileStream):
                return ResolveEntity(property.Instance)?.Path ?? PathValue.Unknown(property);
            case "DirectoryName" when KnownSymbols.DerivesFrom(containing, _known.FileInfo):
                return PathValue.DirectoryOf(FileInfoPath(property.Instance), property);
            case "BaseDirectory" when containing?.Name == "AppContext":
            case "CurrentDirectory" when containing?.Name == "Environment":
                return PathValue.KnownDirectory(containing.Name + "." + property.Property.Name, property);
        }

        if (property.Instance is null or IInstanceReferenceOperation && property.Arguments.IsEmpty)
        {
            return _pathOf.TryGetValue(property.Property, out var byProperty) ? byProperty : PathValue.FromSymbol(property.Property, property);
        }

        if (property.Arguments.IsEmpty && ReceiverOf(property.Instance) is { } receiver)
        {
            return PathValue.MemberOf(PathValue.FromSymbol(receiver, property.Instance), property.Property, VersionOf(receiver), property);
        }

        return PathValue.Unknown(property);
    }

    /// <summary>
    /// The variable a member is read from, when it is one the body names the same way each time: a local, a parameter, or a
    /// field or property of <c>this</c> (<c>request</c> in <c>request.FileName</c>, <c>_options</c> in <c>_options.Path</c>).
    /// </summary>
    private static ISymbol? ReceiverOf(IOperation? instance) =>
        (instance is null ? null : Strip(instance)) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
            _ => null,
        };

    private int VersionOf(ISymbol receiver) => _receiverVersion.TryGetValue(receiver, out var version) ? version : 0;

    /// <summary>
    /// The variable, or one of its members, may hold something else from here on: assigned (<c>job = next</c>,
    /// <c>job.Temp = …</c>), or handed to code that may change it (<c>Reset(job)</c>, <c>job.Reset()</c>).
    /// </summary>
    private void Changed(IOperation? receiverOrMember)
    {
        var current = receiverOrMember is null ? null : Strip(receiverOrMember);
        var receiver = ReceiverOf(current) ?? (current is IMemberReferenceOperation member ? ReceiverOf(member.Instance) : null);
        if (receiver is not null)
        {
            _receiverVersion[receiver] = VersionOf(receiver) + 1;
        }
    }

    private PathValue DirectoryInfoPath(IOperation? instance)
    {
        if (instance is IPropertyReferenceOperation { Property.Name: "Directory" } directory
            && KnownSymbols.DerivesFrom(directory.Property.ContainingType, _known.FileInfo))
        {
            return PathValue.DirectoryOf(FileInfoPath(directory.Instance), directory);
        }

        // Some directory the model cannot name: still visibly a directory.
        return PathValue.DirectoryOf(PathValue.Unknown(instance), instance);
    }

    /// <summary>The path a FileInfo expression stands for.</summary>
    private PathValue FileInfoPath(IOperation? instance)
    {
        if (instance is null)
        {
            return PathValue.Unknown(null);
        }

        var current = Strip(instance);
        switch (current)
        {
            case IObjectCreationOperation creation when KnownSymbols.DerivesFrom(creation.Type, _known.FileSystemInfo):
                return EvaluatePath(ArgumentAt(creation.Arguments, 0));
            case ILocalReferenceOperation local:
                return _pathOf.TryGetValue(local.Local, out var byLocal) ? byLocal : PathValue.FromSymbol(local.Local, current);
            case IParameterReferenceOperation parameter:
                return _pathOf.TryGetValue(parameter.Parameter, out var byParameter) ? byParameter : PathValue.FromSymbol(parameter.Parameter, current);
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return _pathOf.TryGetValue(field.Field, out var byField) ? byField : PathValue.FromSymbol(field.Field, current);
            case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 } property:
                return _pathOf.TryGetValue(property.Property, out var byProperty) ? byProperty : PathValue.FromSymbol(property.Property, current);
            default:
                return PathValue.Unknown(current);
        }
    }

    private PathValue InvocationPath(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "ChangeExtension" when KnownSymbols.Is(type, _known.Path) && invocation.Arguments.Length == 2:
                return PathValue.ChangeExtension(EvaluatePath(ArgumentAt(invocation.Arguments, 0)), EvaluatePath(ArgumentAt(invocation.Arguments, 1)), invocation);
            case "Combine" or "Join" when KnownSymbols.Is(type, _known.Path):
                return PathValue.Combine(AllArgumentPaths(invocation), invocation);
            case "GetDirectoryName" when KnownSymbols.Is(type, _known.Path):
                return PathValue.DirectoryOf(EvaluatePath(ArgumentAt(invocation.Arguments, 0)), invocation);
            case "GetFullPath" when KnownSymbols.Is(type, _known.Path) && invocation.Arguments.Length == 1:
                return EvaluatePath(ArgumentAt(invocation.Arguments, 0));
            case "GetTempPath" when KnownSymbols.Is(type, _known.Path):
                return PathValue.TempDirectory(invocation);
            case "GetTempFileName" when KnownSymbols.Is(type, _known.Path):
                return PathValue.TempFile(invocation);
            case "GetFileName" or "GetFileNameWithoutExtension" when KnownSymbols.Is(type, _known.Path) && invocation.Arguments.Length == 1:
                return PathValue.FileNameOf(EvaluatePath(ArgumentAt(invocation.Arguments, 0)), method.Name == "GetFileNameWithoutExtension", invocation);
            case "GetRandomFileName" when KnownSymbols.Is(type, _known.Path):
                return PathValue.RandomName(invocation);
            case "NewGuid" when IsGuid(type):
                return PathValue.RandomName(invocation);
            case "Substring" when type?.SpecialType == SpecialType.System_String && invocation.Instance is { } whole
                && EvaluatePath(whole) is { Kind: PathValueKind.RandomName }:
                return PathValue.RandomName(invocation); // a piece of a random name is one too
            case "ToString" when RandomGuid(invocation.Instance) is { } random:
                return random; // Guid.NewGuid().ToString("N"): no Guid format holds a separator
            case "Concat" when type?.SpecialType == SpecialType.System_String:
                return PathValue.Concat(AllArgumentPaths(invocation), invocation);
            case "ToString" when KnownSymbols.DerivesFrom(type, _known.FileSystemInfo):
                return FileInfoPath(invocation.Instance);
            case "GetCurrentDirectory" when KnownSymbols.Is(type, _known.Directory):
                return PathValue.KnownDirectory("Directory.GetCurrentDirectory", invocation);
            case "GetFolderPath" when type?.Name == "Environment":
                return PathValue.DirectoryOf(PathValue.Unknown(invocation), invocation);
        }

        return PathValue.Unknown(invocation);
    }

    /// <summary>The value of a Guid expression that is <c>Guid.NewGuid()</c> (directly or through a local), else null.</summary>
    private PathValue? RandomGuid(IOperation? guid) =>
        guid is not null && IsGuid(guid.Type) && EvaluatePath(guid) is { Kind: PathValueKind.RandomName } random ? random : null;

    private static bool IsGuid(ITypeSymbol? type) =>
        type is { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private ImmutableArray<PathValue> AllArgumentPaths(IInvocationOperation invocation)
    {
        var builder = ImmutableArray.CreateBuilder<PathValue>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        builder.Add(EvaluatePath(element));
                    }
                }
                else
                {
                    builder.Add(PathValue.Unknown(argument));
                }
            }
            else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                builder.Add(EvaluatePath(argument.Value));
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Reads <c>new FileStreamOptions { Mode = …, Access = …, Options = … }</c> or a local holding one.</summary>
    private OpenSettings ReadFileStreamOptions(IOperation? operation)
    {
        if (operation is null)
        {
            return new OpenSettings(null, null, null);
        }

        switch (Strip(operation))
        {
            case ILocalReferenceOperation local when _optionsOf.TryGetValue(local.Local, out var settings):
                return settings;
            case IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, _known.FileStreamOptions):
                var result = OpenSettings.FileStreamOptionsDefault;
                if (creation.Initializer is { } initializer)
                {
                    foreach (var initializerOperation in initializer.Initializers)
                    {
                        if (initializerOperation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                        {
                            result = result.With(property.Property.Name, Constant(assignment.Value));
                        }
                    }
                }

                return result;
            default:
                return new OpenSettings(null, null, null);
        }
    }

    /// <summary>
    /// The path that bytes given to a P/Invoke stand for: <c>Encoding.UTF8.GetBytes(path + "\0")</c> (the terminator dropped),
    /// or a byte array or pointer local bound to such bytes; else Unknown.
    /// </summary>
    private PathValue BytesPath(IOperation bytes)
    {
        var current = Strip(bytes);
        switch (current)
        {
            case IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes
                when KnownSymbols.DerivesFrom(getBytes.TargetMethod.ContainingType, _known.Encoding)
                    && getBytes.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                var text = EvaluatePath(getBytes.Arguments[0].Value);
                return text is { Kind: PathValueKind.Concat, Parts: { Length: > 1 } parts } && parts[parts.Length - 1].Literal == "\0"
                    ? (parts.Length == 2 ? parts[0] : PathValue.Concat(parts.RemoveAt(parts.Length - 1), current))
                    : text;
            case ILocalReferenceOperation local when _pathOf.TryGetValue(local.Local, out var bound):
                return bound;
            default:
                return PathValue.Unknown(current);
        }
    }

    /// <summary>A string constant or <c>string.Empty</c>.</summary>
    private static bool IsConstantString(IOperation? operation) =>
        operation is not null
        && (operation.ConstantValue is { HasValue: true, Value: string }
            || operation is IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } });
}
