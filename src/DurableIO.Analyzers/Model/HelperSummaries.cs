using System;
using System.Collections.Concurrent;
using System.Threading;
using DurableIO.Analyzers.Model.Building;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// The per-compilation cache of <see cref="HelperSummary"/>s, computed lazily: the one place that builds the model of a
/// called method's body (without summaries, so helpers of helpers do not count).
/// </summary>
internal sealed class HelperSummaries : IHelperSummaries
{
    private readonly ConcurrentDictionary<IMethodSymbol, HelperSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;
    private readonly KnownSymbols _known;
    private readonly Func<SyntaxTree, ConfiguredMethods> _configuredMethodsOf;

    public HelperSummaries(Compilation compilation, KnownSymbols known, Func<SyntaxTree, ConfiguredMethods> configuredMethodsOf)
    {
        _compilation = compilation;
        _known = known;
        _configuredMethodsOf = configuredMethodsOf;
    }

    /// <summary>
    /// A helper that returns a string is bound for the path it returns even when it names no file API
    /// (<c>=&gt; target + ".tmp"</c>), but only when its declaration is at most this long: a path helper is short, and the
    /// length is known without parsing or binding anything.
    /// </summary>
    internal const int MaxPathHelperLength = 2000;

    /// <summary>One-level summary of a method of this compilation (null for metadata, extern or abstract methods).</summary>
    public HelperSummary? Get(IMethodSymbol method, SemanticModel? callerModel, CancellationToken cancellationToken)
    {
        var definition = HelperSummary.DefinitionOf(method);
        if (definition.IsExtern || definition.IsAbstract || definition.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        if (_summaries.TryGetValue(definition, out var cached))
        {
            return cached;
        }

        var summary = Compute(definition, callerModel, cancellationToken);
        return _summaries.GetOrAdd(definition, summary);
    }

    private HelperSummary Compute(IMethodSymbol method, SemanticModel? callerModel, CancellationToken cancellationToken)
    {
        var reference = method.DeclaringSyntaxReferences[0];
        if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return HelperSummary.None;
        }

        // Stage 1 of the gate before anything is bound: a helper that names no file API has nothing to summarise, except
        // the path a short followed helper returns.
        var configured = _configuredMethodsOf(reference.SyntaxTree);
        var followed = HelperSummary.Follows(method);
        var forItsPath = followed && method.ReturnType.SpecialType == SpecialType.System_String && reference.Span.Length <= MaxPathHelperLength;
        var syntax = reference.GetSyntax(cancellationToken);
        var namesAFileApi = configured.HasNames || FileApiGate.NamesAFileApi(syntax);
        if (!namesAFileApi && !forItsPath)
        {
            return HelperSummary.None;
        }

        var semanticModel = callerModel is not null && callerModel.SyntaxTree == reference.SyntaxTree
            ? callerModel
            : GetSemanticModel(reference.SyntaxTree);

        var operation = semanticModel.GetOperation(syntax, cancellationToken);
        IOperation? body = operation switch
        {
            ILocalFunctionOperation localFunction => localFunction.Body,
            IMethodBodyBaseOperation methodBody => methodBody,
            _ => syntax is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax ? operation : null,
        };

        if (body is null)
        {
            return HelperSummary.None;
        }

        var usesFileApi = namesAFileApi && FileApiGate.UsesFileApi(body, _known, configured, cancellationToken);
        if (!usesFileApi && !forItsPath)
        {
            return HelperSummary.None; // a helper that touches no file API does nothing a caller's rules read
        }

        var (model, returns) = FileModelBuilder.BuildHelper(body, method, _known, configured, collectReturns: followed, cancellationToken);
        return HelperSummary.From(usesFileApi ? model : null, returns, followed);
    }

#pragma warning disable RS1030 // A helper's body can live in another tree than the analyzed block; not cached, so no tree's semantic model outlives its use.
    private SemanticModel GetSemanticModel(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
}
