using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// The symbolic <see cref="PathValue"/> of a path expression (strings, FileInfo/DirectoryInfo, the UTF-8 bytes of a path,
/// <c>Guid.NewGuid()</c>) and the FileStreamOptions an expression holds, read against the current <see cref="SymbolBindings"/>.
/// </summary>
internal sealed class PathEvaluator
{
    private readonly KnownSymbols _known;
    private readonly SymbolBindings _bindings;
    private readonly RecursionDepth _depth;
    private readonly IHelperSummaries? _summaries;
    private readonly System.Threading.CancellationToken _cancellationToken;

    /// <param name="known">The compilation's file-API symbols.</param>
    /// <param name="bindings">What the body's variables hold at the current point of the walk.</param>
    /// <param name="depth">The depth shared with the walk.</param>
    /// <param name="summaries">
    /// The helpers' summaries, to read the path a private helper returns (<see cref="HelperSummary.ReturnedPath"/>); null in a
    /// helper's own build, so that a helper's helper is not followed.
    /// </param>
    /// <param name="cancellationToken">Cancels the build of a helper's summary.</param>
    public PathEvaluator(KnownSymbols known, SymbolBindings bindings, RecursionDepth depth, IHelperSummaries? summaries, System.Threading.CancellationToken cancellationToken)
    {
        _known = known;
        _bindings = bindings;
        _depth = depth;
        _summaries = summaries;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The symbolic value of a path expression; <see cref="PathValueKind.Unknown"/> when it is not a simple one.</summary>
    public PathValue EvaluatePath(IOperation? operation)
    {
        if (operation is null)
        {
            return PathValue.Unknown(null);
        }

        if (!_depth.TryEnter())
        {
            return PathValue.Unknown(operation);
        }

        try
        {
            return EvaluatePathCore(operation);
        }
        finally
        {
            _depth.Leave();
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
            case IPropertyReferenceOperation property:
                return PropertyPath(property);

            case var variable when SymbolBindings.ReceiverOf(variable) is { } symbol: // a local, a parameter, a field of this
                return _bindings.PathOf(symbol, current);

            case IFieldReferenceOperation field when SymbolBindings.ReceiverOf(field.Instance) is { } receiver:
                return PathValue.MemberOf(PathValue.FromSymbol(receiver, field.Instance), field.Field, _bindings.VersionOf(receiver), current);

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
                return _bindings.ResolveEntity(property.Instance)?.Path ?? PathValue.Unknown(property);
            case "DirectoryName" when KnownSymbols.DerivesFrom(containing, _known.FileInfo):
                return PathValue.DirectoryOf(FileInfoPath(property.Instance), property);
            case "BaseDirectory" when containing?.Name == "AppContext":
            case "CurrentDirectory" when containing?.Name == "Environment":
                return PathValue.KnownDirectory(containing.Name + "." + property.Property.Name, property);
        }

        if (property.Instance is null or IInstanceReferenceOperation && property.Arguments.IsEmpty)
        {
            return _bindings.PathOf(property.Property, property);
        }

        if (property.Arguments.IsEmpty && SymbolBindings.ReceiverOf(property.Instance) is { } receiver)
        {
            return PathValue.MemberOf(PathValue.FromSymbol(receiver, property.Instance), property.Property, _bindings.VersionOf(receiver), property);
        }

        return PathValue.Unknown(property);
    }

    private PathValue DirectoryInfoPath(IOperation? instance)
    {
        if (instance is IPropertyReferenceOperation { Property.Name: "Directory" } directory
            && KnownSymbols.DerivesFrom(directory.Property.ContainingType, _known.FileInfo))
        {
            return PathValue.DirectoryOf(FileInfoPath(directory.Instance), directory);
        }

        // new DirectoryInfo(dir), or a variable holding one: the path it was made from, like a FileInfo's.
        var named = FileInfoPath(instance);
        if (!named.IsUnknown)
        {
            return named;
        }

        // Some directory the model cannot name: still visibly a directory.
        return PathValue.DirectoryOf(PathValue.Unknown(instance), instance);
    }

    /// <summary>The path a FileInfo expression stands for.</summary>
    public PathValue FileInfoPath(IOperation? instance)
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
            case IPropertyReferenceOperation { Property.Name: "Directory" } directory when KnownSymbols.DerivesFrom(directory.Property.ContainingType, _known.FileInfo):
                return PathValue.DirectoryOf(FileInfoPath(directory.Instance), directory); // var dir = file.Directory
            case var variable when SymbolBindings.ReceiverOf(variable) is { } symbol: // a local, a parameter, a field or property of this
                return _bindings.PathOf(symbol, current);
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

        return ReturnedByHelper(invocation) ?? PathValue.Unknown(invocation);
    }

    /// <summary>
    /// The path a private helper of the compilation returns (<c>TempPathFor(path)</c> with <c>=&gt; target + ".tmp"</c>), as if
    /// its return expression were written at the call: its parameters are the call's arguments. Null when the helper is not
    /// followed (see <see cref="HelperSummary.Follows"/>), its returns disagree, or a piece is unknown at the call.
    /// </summary>
    private PathValue? ReturnedByHelper(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (_summaries is null || method.ReturnType.SpecialType != SpecialType.System_String || !HelperSummary.Follows(method)
            || _summaries.Get(method, invocation.SemanticModel, _cancellationToken)?.ReturnedPath is not { } returned)
        {
            return null;
        }

        // A return with a piece unknown at the call names no file better than the variable it is stored in.
        return AtCall(returned, invocation, method) is { IsFullyKnown: true } value ? value : null;
    }

    /// <summary>
    /// A path of a helper's body (written, opened or returned there) as it is at <paramref name="call"/>: the helper's
    /// parameters become the call's arguments, its fields and properties are read here (only on <c>this</c> for instance
    /// members), a variable a nested function captured is read here, a random name is another one per call, and the helper's
    /// own locals are unknown. Null when a piece cannot be named at the call (a member of another object).
    /// </summary>
    public PathValue? AtCall(PathValue template, IInvocationOperation call, IMethodSymbol helper)
    {
        var declaration = HelperSummary.DeclarationOf(helper);
        var onThis = call.Instance is null || Strip(call.Instance) is IInstanceReferenceOperation;
        return Map(template, 0);

        PathValue? Map(PathValue value, int depth)
        {
            if (depth > 32)
            {
                return null;
            }

            switch (value.Kind)
            {
                case PathValueKind.Unknown:
                    return PathValue.Unknown(call);
                case PathValueKind.Literal or PathValueKind.TempDirectory or PathValueKind.KnownDirectory or PathValueKind.RandomName or PathValueKind.TempFile:
                    return value.AtCall(call);
                case PathValueKind.Symbol when value.Parts.IsEmpty:
                    return Leaf(value.Symbol!);
                case PathValueKind.Symbol:
                    // request.FileName, _options.Path: the same member read from what the receiver is at the call.
                    return Receiver(value.Parts[0].Symbol) is { } receiver
                        ? PathValue.MemberOf(PathValue.FromSymbol(receiver, call), value.Symbol!, _bindings.VersionOf(receiver), call)
                        : PathValue.Unknown(call);
                default:
                    var parts = ImmutableArray.CreateBuilder<PathValue>(value.Parts.Length);
                    foreach (var part in value.Parts)
                    {
                        if (Map(part, depth + 1) is not { } mapped)
                        {
                            return null;
                        }

                        parts.Add(mapped);
                    }

                    return value.WithParts(parts.MoveToImmutable(), call);
            }
        }

        PathValue? Leaf(ISymbol symbol)
        {
            switch (symbol)
            {
                case IParameterSymbol parameter when IsOwn(parameter):
                    if (IsHelpers(parameter) && ArgumentAt(call.Arguments, parameter.Ordinal) is { } argument)
                    {
                        return KnownSymbols.DerivesFrom(parameter.Type, _known.FileSystemInfo) ? FileInfoPath(argument)
                            : parameter.Type.SpecialType == SpecialType.System_String ? EvaluatePath(argument)
                            : PathValue.Unknown(call);
                    }

                    return PathValue.Unknown(call); // a parameter of a lambda in the helper, or passed by reference
                case ILocalSymbol local when IsOwn(local):
                    return PathValue.Unknown(call); // the helper's own local holds what the model could not name
                case IParameterSymbol or ILocalSymbol:
                    return _bindings.PathOf(symbol, call); // captured by a local function from around the call
                case IFieldSymbol or IPropertySymbol:
                    return symbol.IsStatic || onThis ? _bindings.PathOf(symbol, call) : null;
                default:
                    return null;
            }
        }

        ISymbol? Receiver(ISymbol? symbol)
        {
            switch (symbol)
            {
                case IParameterSymbol parameter when IsOwn(parameter):
                    return IsHelpers(parameter) && ArgumentAt(call.Arguments, parameter.Ordinal) is { } argument
                        ? SymbolBindings.ReceiverOf(argument)
                        : null;
                case ILocalSymbol local when IsOwn(local):
                    return null;
                case IParameterSymbol or ILocalSymbol:
                    return symbol;
                case IFieldSymbol or IPropertySymbol:
                    return symbol.IsStatic || onThis ? symbol : null;
                default:
                    return null;
            }
        }

        // A parameter of the helper itself (not of a lambda in it), passed by value: the call's argument stands for it.
        bool IsHelpers(IParameterSymbol parameter) =>
            parameter.RefKind is RefKind.None or RefKind.In
            && parameter.ContainingSymbol is IMethodSymbol owner
            && SymbolEqualityComparer.Default.Equals(HelperSummary.DefinitionOf(owner), HelperSummary.DefinitionOf(helper));

        bool IsOwn(ISymbol symbol)
        {
            if (declaration is null)
            {
                return true;
            }

            foreach (var location in symbol.Locations)
            {
                if (location.SourceTree == declaration.SyntaxTree && declaration.Span.Contains(location.SourceSpan))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The value of a Guid expression that is <c>Guid.NewGuid()</c> (directly or through a local), else null.</summary>
    public PathValue? RandomGuid(IOperation? guid) =>
        guid is not null && IsGuid(guid.Type) && EvaluatePath(guid) is { Kind: PathValueKind.RandomName } random ? random : null;

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
    public OpenSettings ReadFileStreamOptions(IOperation? operation)
    {
        if (operation is null)
        {
            return OpenSettings.Unknown;
        }

        switch (Strip(operation))
        {
            case ILocalReferenceOperation local when _bindings.TryGetOptions(local.Local, out var settings):
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
                return OpenSettings.Unknown;
        }
    }

    /// <summary>
    /// The path that bytes given to a P/Invoke stand for: <c>Encoding.UTF8.GetBytes(path + "\0")</c> (the terminator dropped),
    /// or a byte array or pointer local bound to such bytes; else Unknown.
    /// </summary>
    public PathValue BytesPath(IOperation bytes)
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
            case ILocalReferenceOperation local when _bindings.TryGetPath(local.Local, out var bound):
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

    private static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
