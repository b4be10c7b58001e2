using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using DurableIO.Analyzers.Model.Building;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// The <see cref="TypeFileFacts"/> of the compilation's types, built once per type when a body first reads one of its
/// file-holding members (a type no body asks about costs nothing). The member bodies read to build them are modelled
/// without type facts, so the cache never waits on itself.
/// </summary>
internal sealed class TypeFileFactsCache : IMemberFiles
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, TypeFileFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;
    private readonly KnownSymbols _known;
    private readonly System.Func<IOperation, ISymbol?, CancellationToken, ImmutableArray<FileModel>> _buildWithoutTypeFacts;

    public TypeFileFactsCache(Compilation compilation, KnownSymbols known, System.Func<IOperation, ISymbol?, CancellationToken, ImmutableArray<FileModel>> buildWithoutTypeFacts)
    {
        _compilation = compilation;
        _known = known;
        _buildWithoutTypeFacts = buildWithoutTypeFacts;
    }

    public TypeFileFacts Get(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var definition = type.OriginalDefinition;
        if (_facts.TryGetValue(definition, out var cached))
        {
            return cached;
        }

        var facts = TypeFileFactsBuilder.Build(definition, _compilation, _known, (block, owner) => _buildWithoutTypeFacts(block, owner, cancellationToken), cancellationToken);
        return _facts.GetOrAdd(definition, facts);
    }

    public MemberFile? Of(ISymbol member, CancellationToken cancellationToken) =>
        member is IFieldSymbol or IPropertySymbol && member.ContainingType is { } type && !type.DeclaringSyntaxReferences.IsEmpty
            ? Get(type, cancellationToken).Of(member)
            : null;
}
