using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Builds the <see cref="TypeFileFacts"/> of one type: reads every member body of every declaration of the type (partial
/// ones included) once, for the assignments of its file-holding members and for what each body does with them. The member
/// bodies' models are built without type facts (<paramref name="buildModels"/>), so facts never depend on facts.
/// </summary>
internal static class TypeFileFactsBuilder
{
    public static TypeFileFacts Build(
        INamedTypeSymbol type,
        Compilation compilation,
        KnownSymbols known,
        Func<IOperation, ISymbol?, ImmutableArray<FileModel>> buildModels,
        CancellationToken cancellationToken)
    {
        var files = FileHoldingMembers(type, known);
        if (files.Count == 0)
        {
            return TypeFileFacts.None;
        }

        // A type that is itself a stream or writer forwards what its callers ask (Flush() => _inner.Flush()): its
        // flushes are its callers' to judge.
        var forwards = known.IsStreamLike(type);
        var facts = new TypeFileFacts(files.ToImmutableDictionary(SymbolEqualityComparer.Default));
        foreach (var (block, owner) in MemberBlocks(type, compilation, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var models = buildModels(block, owner);
            var created = ReadAssignments(facts, block, owner, models);
            foreach (var model in models)
            {
                ReadOperations(facts, model, owner ?? type, created);
            }
        }

        foreach (var file in files.Values)
        {
            if (forwards)
            {
                file.NotControlledBecause ??= "the type is itself a stream or writer that forwards to it";
            }

            if (file.NotControlledBecause is null && file.Created is null)
            {
                file.NotControlledBecause = "the type never creates it";
            }

            file.IsControlled = file.NotControlledBecause is null;
        }

        return facts;
    }

    /// <summary>The fields and auto-properties of a stream, writer or handle type; the non-private ones are marked "from elsewhere".</summary>
    private static Dictionary<ISymbol, MemberFile> FileHoldingMembers(INamedTypeSymbol type, KnownSymbols known)
    {
        var files = new Dictionary<ISymbol, MemberFile>(SymbolEqualityComparer.Default);
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsConst: false } field || !known.IsStreamLike(field.Type))
            {
                continue;
            }

            // An auto-property's backing field stands for the property.
            ISymbol holder = field.AssociatedSymbol is IPropertySymbol property ? property : field;
            var file = new MemberFile(holder);
            if (holder.DeclaredAccessibility != Accessibility.Private)
            {
                file.NotControlledBecause = "it is visible outside the type";
            }

            files[holder] = file;
        }

        return files;
    }

    /// <summary>Every executable piece of the type: methods, constructors, accessors, field and property initializers.</summary>
    private static IEnumerable<(IOperation Block, ISymbol? Owner)> MemberBlocks(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration || !compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // The other members of a type live outside the analysed block; their semantic model is needed once per declaration.
            var semanticModel = compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            foreach (var member in declaration.Members)
            {
                foreach (var piece in ExecutablePieces(member))
                {
                    if (semanticModel.GetOperation(piece.Syntax, cancellationToken) is { } block)
                    {
                        yield return (block, piece.Owner(semanticModel, cancellationToken));
                    }
                }
            }
        }
    }

    private readonly struct Piece
    {
        public Piece(SyntaxNode syntax, SyntaxNode declaration)
        {
            Syntax = syntax;
            Declaration = declaration;
        }

        public SyntaxNode Syntax { get; }

        public SyntaxNode Declaration { get; }

        public ISymbol? Owner(SemanticModel semanticModel, CancellationToken cancellationToken) => semanticModel.GetDeclaredSymbol(Declaration, cancellationToken);
    }

    private static IEnumerable<Piece> ExecutablePieces(MemberDeclarationSyntax member)
    {
        switch (member)
        {
            case BaseMethodDeclarationSyntax method when method.Body is not null || method.ExpressionBody is not null:
                yield return new Piece(method, method);
                break;
            case BasePropertyDeclarationSyntax property:
                if (property is PropertyDeclarationSyntax { ExpressionBody: { } arrow } expressionProperty)
                {
                    yield return new Piece(arrow, expressionProperty);
                }

                if (property.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (accessor.Body is not null || accessor.ExpressionBody is not null)
                        {
                            yield return new Piece(accessor, accessor);
                        }
                    }
                }

                if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer } initialized)
                {
                    yield return new Piece(propertyInitializer, initialized);
                }

                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } initializer)
                    {
                        yield return new Piece(initializer, variable);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The assignments of file-holding members in one block: a file the block creates there (an object creation, a
    /// <c>File.Open…</c>-style call, a private method of the type, or a local holding one of those) makes the member the
    /// type's; anything else (a parameter, another object's stream) makes it "from elsewhere". Returns the created entity
    /// of each member assigned in the block.
    /// </summary>
    private static Dictionary<FileEntity, MemberFile> ReadAssignments(TypeFileFacts facts, IOperation block, ISymbol? owner, ImmutableArray<FileModel> models)
    {
        var created = new Dictionary<FileEntity, MemberFile>();
        var site = block is IFieldInitializerOperation or IPropertyInitializerOperation
            ? MemberFileCreation.Initializer
            : owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ? MemberFileCreation.Constructor : MemberFileCreation.Lazily;
        foreach (var operation in block.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IAssignmentOperation { Target: var target, Value: var value } when target is IFieldReferenceOperation or IPropertyReferenceOperation:
                    if (HeldMember(facts, target) is { } assigned)
                    {
                        Assign(facts, assigned, value, site, models, created);
                    }

                    break;
                case IFieldInitializerOperation initializer:
                    foreach (var field in initializer.InitializedFields)
                    {
                        if (facts.Of(field) is { } initialized)
                        {
                            Assign(facts, initialized, initializer.Value, MemberFileCreation.Initializer, models, created);
                        }
                    }

                    break;
                case IPropertyInitializerOperation initializer:
                    foreach (var property in initializer.InitializedProperties)
                    {
                        if (facts.Of(property) is { } initialized)
                        {
                            Assign(facts, initialized, initializer.Value, MemberFileCreation.Initializer, models, created);
                        }
                    }

                    break;
                case IArgumentOperation { Parameter.RefKind: not RefKind.None } argument when HeldMember(facts, argument.Value) is { } byReference:
                    byReference.NotControlledBecause ??= "it is passed by reference";
                    break;
            }
        }

        return created;
    }

    private static MemberFile? HeldMember(TypeFileFacts facts, IOperation target) =>
        target switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => facts.Of(field.Field),
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => facts.Of(property.Property),
            _ => null,
        };

    private static void Assign(TypeFileFacts facts, MemberFile file, IOperation value, MemberFileCreation site, ImmutableArray<FileModel> models, Dictionary<FileEntity, MemberFile> created)
    {
        var stripped = Strip(value);
        if (stripped.ConstantValue is { HasValue: true, Value: null } || stripped is IDefaultValueOperation)
        {
            return; // _log = null in Dispose: no other file
        }

        var entity = CreatedEntity(stripped, models);
        if (entity is null)
        {
            file.NotControlledBecause ??= "it is assigned a file created elsewhere";
            return;
        }

        created[entity] = file;
        if (!entity.IsFile)
        {
            file.NotControlledBecause ??= "it may hold a stream in memory"; // LiteDB's TempStream: a MemoryStream until it grows
        }
        else if (!IsOpenedByTheType(facts, entity.Root))
        {
            // log4net's TelnetAppender: new StreamWriter(new NetworkStream(socket)) is created here, but not over a file.
            file.NotControlledBecause ??= "it wraps a stream created elsewhere";
        }

        if (file.Created is null)
        {
            file.Created = entity;
            file.Creation = site;
        }
    }

    /// <summary>
    /// True when the file under a member's chain was opened in the block (<c>new FileStream(path, …)</c>, <c>File.Open…</c>) or
    /// is another file-holding member of the type (a writer field over a stream field); false for a stream the block only
    /// wraps (a <c>NetworkStream</c>, a stream returned by a method the model does not know).
    /// </summary>
    private static bool IsOpenedByTheType(TypeFileFacts facts, FileEntity root) =>
        root.Origin == FileEntityOrigin.Created
        || root.Origin == FileEntityOrigin.Member && root.Symbol is { } symbol && facts.Of(symbol) is not null;

    /// <summary>The entity the block's model created for <paramref name="value"/>, or null for a value from elsewhere.</summary>
    private static FileEntity? CreatedEntity(IOperation value, ImmutableArray<FileModel> models)
    {
        foreach (var model in models)
        {
            foreach (var entity in model.Entities)
            {
                if (entity.Origin != FileEntityOrigin.Created)
                {
                    continue;
                }

                var matches = value switch
                {
                    ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(entity.Symbol, local.Local),
                    _ => entity.Creation is not null && entity.Creation.Syntax == value.Syntax,
                };
                if (matches)
                {
                    return Outermost(entity, value);
                }
            }
        }

        return null;
    }

    /// <summary><c>new StreamWriter(path)</c> creates a FileStream and a writer at the same node: the member holds the writer.</summary>
    private static FileEntity Outermost(FileEntity entity, IOperation value)
    {
        var current = entity;
        for (var guard = 0; guard < 32; guard++)
        {
            FileEntity? above = null;
            foreach (var wrapper in current.Wrappers)
            {
                if (wrapper.Creation is not null && wrapper.Creation.Syntax == value.Syntax)
                {
                    above = wrapper;
                }
            }

            if (above is null)
            {
                return current;
            }

            current = above;
        }

        return current;
    }

    /// <summary>What one body does with the type's file-holding members.</summary>
    private static void ReadOperations(TypeFileFacts facts, FileModel model, ISymbol member, Dictionary<FileEntity, MemberFile> created)
    {
        foreach (var pair in created)
        {
            var (entity, file) = (pair.Key, pair.Value);
            if (entity.Inner is { } inner && MemberOf(facts, inner, created) is { } innerFile && !ReferenceEquals(innerFile, file))
            {
                file.Wraps(innerFile);
            }
        }

        foreach (var op in model.Operations)
        {
            if (op.Target is null || MemberOf(facts, op.Target, created) is not { } file)
            {
                continue;
            }

            switch (op.Kind)
            {
                case FileOperationKind.Write:
                    file.AddWriter(member, op);
                    if (!IsFlushedLater(facts, model, op, file, created))
                    {
                        file.AddWriteLeftBuffered(op);
                    }

                    break;
                case FileOperationKind.Flush when !op.IsExplicitNoDisk:
                    file.AddFlusher(member);
                    if (IsContractFlush(member))
                    {
                        // Lucene.NET's FSIndexOutput: IndexOutput.Flush() => file.Flush(). The type is an output of its own
                        // whose Flush() forwards what its callers ask; its users flush the file to disk (FSDirectory.Sync).
                        file.NotControlledBecause ??= $"'{member.Name}' forwards the type's own Flush() to it";
                    }

                    break;
                case FileOperationKind.FlushToDisk:
                    file.AddDiskFlusher(member);
                    break;
                case FileOperationKind.Close when !op.IsImplicit || ReferenceEquals(op.Target.Root, op.Target):
                    file.AddDisposer(member);
                    break;
                case FileOperationKind.Escape:
                    file.IsHandedOut = true;
                    file.NotControlledBecause ??= $"'{member.Name}' hands it to code the analysis cannot see";
                    break;
            }
        }
    }

    /// <summary>
    /// A <c>Flush()</c>/<c>FlushAsync()</c> that a base type or an interface declares (an override or an interface
    /// implementation): the semantics of the type's Flush are its contract's, and its callers own the durability.
    /// </summary>
    private static bool IsContractFlush(ISymbol member)
    {
        if (member is not IMethodSymbol { Name: "Flush" or "FlushAsync" } method)
        {
            return false;
        }

        if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return true;
        }

        foreach (var contract in method.ContainingType.AllInterfaces)
        {
            foreach (var declared in contract.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(declared), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the body flushes, flushes to disk or closes <paramref name="file"/> or a member over it after <paramref name="write"/>.</summary>
    private static bool IsFlushedLater(TypeFileFacts facts, FileModel model, FileOperation write, MemberFile file, Dictionary<FileEntity, MemberFile> created)
    {
        foreach (var op in model.Between(write.Index, model.Operations.Length))
        {
            if (op.Kind is FileOperationKind.Flush or FileOperationKind.FlushToDisk or FileOperationKind.Close
                && op.Target is not null && MemberOf(facts, op.Target, created) is { } flushed && IsAtOrOver(flushed, file))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAtOrOver(MemberFile upper, MemberFile lower)
    {
        var current = upper;
        for (var guard = 0; current is not null && guard < 32; guard++)
        {
            if (ReferenceEquals(current, lower))
            {
                return true;
            }

            current = current.Inner;
        }

        return false;
    }

    /// <summary>The member that holds <paramref name="entity"/> or the nearest object under it (a local writer over a field stream).</summary>
    private static MemberFile? MemberOf(TypeFileFacts facts, FileEntity entity, Dictionary<FileEntity, MemberFile> created)
    {
        var current = entity;
        for (var guard = 0; current is not null && guard < 32; guard++)
        {
            if (created.TryGetValue(current, out var assigned))
            {
                return assigned;
            }

            if (current.Origin == FileEntityOrigin.Member && current.Symbol is { } symbol && facts.Of(symbol) is { } file)
            {
                return file;
            }

            current = current.Inner;
        }

        return null;
    }
}
