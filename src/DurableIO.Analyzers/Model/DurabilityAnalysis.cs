using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Per-compilation state shared by every DurableIO analyzer: the <see cref="KnownSymbols"/>, the
/// <see cref="FileModel"/> of each operation block (built once, whichever analyzer asks first), the
/// configured helpers per syntax tree, and the one-level summaries of helper methods (computed lazily).
/// Obtain it with <see cref="GetOrCreate"/>; <see cref="Analyzers.Infrastructure.DurabilityAnalyzer"/> does that for you.
/// </summary>
public sealed class DurabilityAnalysis
{
    private static readonly ConditionalWeakTable<Compilation, Holder> s_byCompilation = new();

    private readonly ConcurrentDictionary<SyntaxNode, FileModelSet> _models = new();
    private readonly ConcurrentDictionary<SyntaxTree, ConfiguredMethods> _configured = new();
    private readonly ConcurrentDictionary<IMethodSymbol, HelperSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _semanticModels = new();
    private readonly AnalyzerOptions _options;

    private DurabilityAnalysis(Compilation compilation, KnownSymbols symbols, AnalyzerOptions options)
    {
        Compilation = compilation;
        Symbols = symbols;
        _options = options;
    }

    public Compilation Compilation { get; }

    internal KnownSymbols Symbols { get; }

    /// <summary>The shared analysis for <paramref name="compilation"/>, or null when it has no <c>System.IO.FileStream</c> (nothing to analyze).</summary>
    public static DurabilityAnalysis? GetOrCreate(Compilation compilation, AnalyzerOptions options) =>
        s_byCompilation.GetValue(compilation, c => new Holder(KnownSymbols.TryCreate(c) is { } symbols ? new DurabilityAnalysis(c, symbols, options) : null)).Analysis;

    /// <summary>
    /// The models of every body in the operation blocks of <paramref name="context"/>: each block, then each lambda and
    /// local function inside it. Only bodies with at least one file operation are returned. Cached per block syntax node.
    /// </summary>
    public IEnumerable<FileModel> GetModels(OperationBlockAnalysisContext context)
    {
        foreach (var block in context.OperationBlocks)
        {
            foreach (var model in GetModels(block, context.OwningSymbol, context.CancellationToken).Bodies)
            {
                yield return model;
            }
        }
    }

    /// <summary>The models of one operation block (see <see cref="GetModels(OperationBlockAnalysisContext)"/>).</summary>
    public FileModelSet GetModels(IOperation block, ISymbol? owningSymbol, CancellationToken cancellationToken)
    {
        if (_models.TryGetValue(block.Syntax, out var cached))
        {
            return cached;
        }

        var bodies = FileModelBuilder.Build(this, block, owningSymbol, useSummaries: true, includeNested: true, cancellationToken);
        var set = bodies.IsEmpty ? FileModelSet.Empty : new FileModelSet(bodies);
        return _models.GetOrAdd(block.Syntax, set);
    }

    /// <summary>
    /// The configured flush/sync helpers of a tree (from its AnalyzerConfigOptions, which include global configs).
    /// </summary>
    internal ConfiguredMethods GetConfiguredMethods(SyntaxTree tree) =>
        _configured.GetOrAdd(tree, t => ConfiguredMethods.From(_options.AnalyzerConfigOptionsProvider.GetOptions(t)));

    /// <summary>The value of an option for a tree (<c>.editorconfig</c>/<c>.globalconfig</c>, e.g. <c>build_property.TargetFramework</c>), or null.</summary>
    public string? GetOption(SyntaxTree tree, string key)
    {
        if (_options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value))
        {
            return value;
        }

        return _options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out value) ? value : null;
    }

    /// <summary>One-level summary of a method of this compilation (null for metadata, extern or abstract methods).</summary>
    internal HelperSummary? GetSummary(IMethodSymbol method, SemanticModel? callerModel, CancellationToken cancellationToken)
    {
        var definition = method.ReducedFrom ?? method;
        definition = definition.PartialImplementationPart ?? definition.OriginalDefinition;
        if (definition.IsExtern || definition.IsAbstract || definition.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        if (_summaries.TryGetValue(definition, out var cached))
        {
            return cached;
        }

        var summary = ComputeSummary(definition, callerModel, cancellationToken);
        return _summaries.GetOrAdd(definition, summary);
    }

    private HelperSummary ComputeSummary(IMethodSymbol method, SemanticModel? callerModel, CancellationToken cancellationToken)
    {
        var reference = method.DeclaringSyntaxReferences[0];
        var syntax = reference.GetSyntax(cancellationToken);
        if (!Compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return HelperSummary.None;
        }

        var semanticModel = callerModel is not null && callerModel.SyntaxTree == reference.SyntaxTree
            ? callerModel
            : _semanticModels.GetOrAdd(reference.SyntaxTree, GetSemanticModel);

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

        var models = FileModelBuilder.Build(this, body, method, useSummaries: false, includeNested: false, cancellationToken);
        return models.IsEmpty ? HelperSummary.None : HelperSummary.From(models[0]);
    }

#pragma warning disable RS1030 // A helper's body can live in another tree than the analyzed block; its semantic model is needed once per tree and cached.
    private SemanticModel GetSemanticModel(SyntaxTree tree) => Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    private sealed class Holder
    {
        public Holder(DurabilityAnalysis? analysis) => Analysis = analysis;

        public DurabilityAnalysis? Analysis { get; }
    }
}
