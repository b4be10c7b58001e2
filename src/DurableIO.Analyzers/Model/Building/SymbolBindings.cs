using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// What each local, parameter, field and property of one body holds at the current point of the walk: the
/// <see cref="FileEntity"/>, the <see cref="PathValue"/>, the FileStreamOptions, and how many times a variable read
/// from may have changed; plus the variables nested functions capture. Resolves an expression to its entity.
/// </summary>
internal sealed class SymbolBindings
{
    // What ResolveEntity would create for a stream variable met for the first time: like a new entity, it wraps nothing.
    private static readonly FileEntity NotCreatedYet = new(-1, FileEntityKind.FileStream, FileEntityOrigin.Unknown, null, null, null);

    private readonly KnownSymbols _known;
    private readonly ModelRecorder _recorder;
    private readonly Dictionary<ISymbol, FileEntity> _entityOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, PathValue> _pathOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, int> _receiverVersion = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, OpenSettings> _optionsOf = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _captured = new(SymbolEqualityComparer.Default);

    private readonly IMemberFiles? _memberFiles;
    private readonly System.Threading.CancellationToken _cancellationToken;

    public SymbolBindings(KnownSymbols known, ModelRecorder recorder, IMemberFiles? memberFiles, System.Threading.CancellationToken cancellationToken)
    {
        _known = known;
        _recorder = recorder;
        _memberFiles = memberFiles;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Locals and parameters used inside nested lambdas/local functions: an object they hold is visible to code run out of order.</summary>
    public void CollectCaptures(IOperation body)
    {
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                continue;
            }

            foreach (var inner in descendant.Descendants())
            {
                switch (inner)
                {
                    case ILocalReferenceOperation local:
                        _captured.Add(local.Local);
                        break;
                    case IParameterReferenceOperation parameter:
                        _captured.Add(parameter.Parameter);
                        break;
                }
            }
        }
    }

    /// <summary><paramref name="symbol"/> now holds the entity <paramref name="value"/> evaluates to, or none; a captured one escapes.</summary>
    public void BindEntity(ISymbol symbol, IOperation value, IOperation at)
    {
        var entity = ResolveEntity(value);
        if (entity is not null)
        {
            _entityOf[symbol] = entity;
            entity.Symbol ??= symbol;
            if (_captured.Contains(symbol))
            {
                _recorder.AddEscape(entity, at);
            }
        }
        else
        {
            _entityOf.Remove(symbol);
        }
    }

    public bool TryGetEntity(ISymbol symbol, out FileEntity entity) => _entityOf.TryGetValue(symbol, out entity!);

    /// <summary>True when a field or property (of <c>this</c>, or static) holds an object of <paramref name="entity"/>'s chain now.</summary>
    public bool IsHeldByAMember(FileEntity entity)
    {
        foreach (var pair in _entityOf)
        {
            if (pair.Key is IFieldSymbol or IPropertySymbol && pair.Value.SameFileAs(entity))
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetPath(ISymbol symbol, out PathValue path) => _pathOf.TryGetValue(symbol, out path!);

    public void SetPath(ISymbol symbol, PathValue path) => _pathOf[symbol] = path;

    public void ForgetPath(ISymbol symbol) => _pathOf.Remove(symbol);

    /// <summary>The path <paramref name="symbol"/> holds, else the symbol itself as a path (read at <paramref name="at"/>).</summary>
    public PathValue PathOf(ISymbol symbol, IOperation at) => _pathOf.TryGetValue(symbol, out var path) ? path : PathValue.FromSymbol(symbol, at);

    public bool TryGetOptions(ISymbol symbol, out OpenSettings settings) => _optionsOf.TryGetValue(symbol, out settings);

    public void SetOptions(ISymbol symbol, OpenSettings settings) => _optionsOf[symbol] = settings;

    /// <summary>The entity an expression evaluates to, or null when the model cannot link it to one.</summary>
    public FileEntity? ResolveEntity(IOperation? operation) => Resolve(operation, create: true);

    /// <summary>True when <see cref="ResolveEntity"/> would return an entity; creates none.</summary>
    public bool RefersToEntity(IOperation? operation) => Resolve(operation, create: false) is not null;

    private FileEntity? Resolve(IOperation? operation, bool create)
    {
        if (operation is null)
        {
            return null;
        }

        var current = Strip(operation);
        if (_recorder.TryGetProduced(current, out var produced))
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
                        return Resolve(access.Operation, create);
                    }
                }

                return null;

            case ILocalReferenceOperation local:
                // A local not assigned in this body is captured from an enclosing one (or assigned in a way the model
                // does not follow): link its operations, origin unknown.
                return Lookup(local.Local, local.Local.Type, FileEntityOrigin.Unknown, create);

            case IParameterReferenceOperation parameter:
                return Lookup(parameter.Parameter, parameter.Parameter.Type, FileEntityOrigin.Parameter, create);

            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return Lookup(field.Field, field.Field.Type, FileEntityOrigin.Member, create);

            case IPropertyReferenceOperation property:
                switch (property.Property.Name)
                {
                    case "BaseStream":
                        return Resolve(property.Instance, create)?.Inner;
                    case "SafeFileHandle":
                    case "Handle":
                        return KnownSymbols.DerivesFrom(property.Instance?.Type, _known.FileStream) ? Resolve(property.Instance, create) : null;
                }

                return property.Instance is null or IInstanceReferenceOperation && property.Arguments.IsEmpty
                    ? Lookup(property.Property, property.Property.Type, FileEntityOrigin.Member, create)
                    : null;

            case IInvocationOperation invocation:
                switch (invocation.TargetMethod.Name)
                {
                    case "DangerousGetHandle" when KnownSymbols.DerivesFrom(invocation.Instance?.Type, _known.SafeHandle):
                    case "ToInt32" or "ToInt64" or "ToPointer" when invocation.Instance?.Type?.SpecialType is SpecialType.System_IntPtr:
                        return Resolve(invocation.Instance, create);
                }

                return null;

            default:
                return null;
        }
    }

    private FileEntity? Lookup(ISymbol symbol, ITypeSymbol? type, FileEntityOrigin origin, bool create)
    {
        if (_entityOf.TryGetValue(symbol, out var entity))
        {
            return entity;
        }

        if (!_known.IsStreamLike(type))
        {
            return null;
        }

        if (!create)
        {
            return NotCreatedYet;
        }

        // Created elsewhere: the model links its operations but rules know it is not fully visible.
        entity = _recorder.NewEntity(KindOfType(type), origin, type, symbol, null);
        entity.IsBuffering = IsBufferingType(type);
        _entityOf[symbol] = entity;
        if (origin == FileEntityOrigin.Member && _memberFiles?.Of(symbol, _cancellationToken) is { } file)
        {
            LinkToItsType(entity, file);
        }

        return entity;
    }

    /// <summary>
    /// A field or auto-property the type creates: the entity takes what the creation said (path, open settings, buffering,
    /// AutoFlush) and stands over what it wraps there — another such member (a writer field over a stream field), or the
    /// file the type opened with it (<c>new StreamWriter(path)</c>) — so that rules see one chain across members.
    /// </summary>
    private void LinkToItsType(FileEntity entity, MemberFile file)
    {
        entity.MemberFile = file;
        if (file.Created is not { } created)
        {
            return;
        }

        TakeCreation(entity, created);
        FileEntity? inner = null;
        if (file.Inner is { } innerMember)
        {
            inner = Lookup(innerMember.Member, MemberType(innerMember.Member), FileEntityOrigin.Member, create: true);
        }
        else if (created.Inner is not null)
        {
            inner = MirrorOpened(created.Inner);
        }

        if (inner is not null && inner != NotCreatedYet && !ReferenceEquals(inner, entity))
        {
            entity.Inner = inner;
            inner.AddWrapper(entity);
        }

        // The members over it belong to the chain too: a flush to disk of the stream field is under the writer field
        // even in a member that never names the writer.
        foreach (var wrapper in file.Wrappers)
        {
            Lookup(wrapper.Member, MemberType(wrapper.Member), FileEntityOrigin.Member, create: true);
        }
    }

    /// <summary>The objects under a member that the type opened with it and holds in no member of its own.</summary>
    private FileEntity MirrorOpened(FileEntity opened)
    {
        var mirror = _recorder.NewEntity(opened.Kind, FileEntityOrigin.Member, opened.Type, null, null);
        TakeCreation(mirror, opened);
        if (opened.Inner is { } below)
        {
            var inner = MirrorOpened(below);
            mirror.Inner = inner;
            inner.AddWrapper(mirror);
        }

        return mirror;
    }

    private static void TakeCreation(FileEntity entity, FileEntity created)
    {
        entity.Path = created.Path;
        entity.Mode = created.Mode;
        entity.Access = created.Access;
        entity.Options = created.Options;
        entity.IsBuffering = created.IsBuffering;
        entity.AutoFlush = created.AutoFlush;
        entity.LeavesInnerOpen = created.LeavesInnerOpen;
    }

    private static ITypeSymbol? MemberType(ISymbol member) =>
        member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

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

    /// <summary>
    /// The variable a member is read from, when it is one the body names the same way each time: a local, a parameter, or a
    /// field or property of <c>this</c> (<c>request</c> in <c>request.FileName</c>, <c>_options</c> in <c>_options.Path</c>).
    /// </summary>
    public static ISymbol? ReceiverOf(IOperation? instance) =>
        (instance is null ? null : Strip(instance)) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
            _ => null,
        };

    public int VersionOf(ISymbol receiver) => _receiverVersion.TryGetValue(receiver, out var version) ? version : 0;

    /// <summary>
    /// The variable, or one of its members, may hold something else from here on: assigned (<c>job = next</c>,
    /// <c>job.Temp = …</c>), or handed to code that may change it (<c>Reset(job)</c>, <c>job.Reset()</c>).
    /// </summary>
    public void Changed(IOperation? receiverOrMember)
    {
        var current = receiverOrMember is null ? null : Strip(receiverOrMember);
        var receiver = ReceiverOf(current) ?? (current is IMemberReferenceOperation member ? ReceiverOf(member.Instance) : null);
        if (receiver is not null)
        {
            _receiverVersion[receiver] = VersionOf(receiver) + 1;
        }
    }

    /// <summary>A call may change the variable it is called on and the variables handed to it (a string cannot change).</summary>
    public void ChangedBy(IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
    {
        if (ReceiverOf(instance) is not null)
        {
            Changed(instance);
        }

        foreach (var argument in arguments)
        {
            if (argument.Value.Type?.SpecialType != SpecialType.System_String && ReceiverOf(argument.Value) is not null)
            {
                Changed(argument.Value);
            }
        }
    }
}
