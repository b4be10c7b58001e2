using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using DurableIO.Analyzers.Model.Building;
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
    private static readonly ConditionalWeakTable<Compilation, DurabilityAnalysis> s_byCompilation = new();

    /// <summary>Blocks that name something like a file API but use none (see <see cref="GetModels(IOperation, ISymbol?, CancellationToken)"/>).</summary>
    private static readonly ConditionalWeakTable<IOperation, FileModelSet> s_namesNoFileApi = new();

    private static readonly ConditionalWeakTable<AnalyzerConfigOptions, ConfiguredMethods> s_configured = new();

    private readonly ConcurrentDictionary<SyntaxNode, FileModelSet> _models = new();
    private readonly ConcurrentDictionary<(IParameterSymbol Parameter, CallerFollowUp FollowUp), bool> _everyCaller = new(ParameterFollowUpComparer.Instance);
    private readonly Lazy<Resolved?> _resolved;
    private readonly AnalyzerOptions _options;

    private DurabilityAnalysis(Compilation compilation, AnalyzerOptions options)
    {
        Compilation = compilation;
        _options = options;
        // Resolved at the first body that names a file API, not at compilation start: the first lookup by metadata name
        // binds the compilation's declarations, which the compiler does anyway, and whoever asks first is charged for it.
        _resolved = new Lazy<Resolved?>(() => KnownSymbols.TryCreate(compilation) is { } symbols
            ? new Resolved(symbols, new HelperSummaries(compilation, symbols, GetConfiguredMethods), new TypeFileFactsCache(compilation, symbols, BuildWithoutTypeFacts))
            : null);
    }

    public Compilation Compilation { get; }

    /// <summary>The known symbols; only valid once a model exists (a compilation without <c>FileStream</c> gets none).</summary>
    internal KnownSymbols Symbols => _resolved.Value!.Symbols;

    /// <summary>The shared analysis for <paramref name="compilation"/>, or null when it has no <c>System.IO.FileStream</c> (nothing to analyze).</summary>
    public static DurabilityAnalysis? GetOrCreate(Compilation compilation, AnalyzerOptions options) =>
        For(compilation, options) is { _resolved.Value: not null } analysis ? analysis : null;

    /// <summary>The shared analysis for <paramref name="compilation"/>, its symbols not resolved yet (the analyzers' entry).</summary>
    internal static DurabilityAnalysis For(Compilation compilation, AnalyzerOptions options) =>
        s_byCompilation.GetValue(compilation, c => new DurabilityAnalysis(c, options));

    /// <summary>
    /// The models of the bodies in one operation block: the block, then each lambda and local function inside it. Only
    /// bodies with at least one file operation are returned. Cached per block syntax node.
    /// </summary>
    public FileModelSet GetModels(IOperation block, ISymbol? owningSymbol, CancellationToken cancellationToken)
    {
        if (_models.TryGetValue(block.Syntax, out var cached))
        {
            return cached;
        }

        // Most bodies name no file API: they are judged from the tree's text and nothing is kept for them.
        var configured = GetConfiguredMethods(block.Syntax.SyntaxTree);
        if (!FileApiGate.NamesAFileApi(block, configured) || _resolved.Value is not { } resolved)
        {
            return FileModelSet.Empty;
        }

        if (s_namesNoFileApi.TryGetValue(block, out cached))
        {
            return cached;
        }

        if (!FileApiGate.UsesFileApi(block, resolved.Symbols, configured, cancellationToken))
        {
            // Every rule family asks about the same block: read its operations once. The entry lives as long as the
            // operation tree, which the driver drops with the tree's semantic model.
            return s_namesNoFileApi.GetValue(block, static _ => FileModelSet.Empty);
        }

        var bodies = FileModelBuilder.Build(block, owningSymbol, resolved.Symbols, configured, resolved.HelperSummaries, resolved.TypeFacts, includeNested: true, cancellationToken);
        return _models.GetOrAdd(block.Syntax, bodies.IsEmpty ? FileModelSet.Empty : new FileModelSet(bodies));
    }

    /// <summary>
    /// The facts about the file-holding fields and auto-properties of <paramref name="type"/> (<see cref="TypeFileFacts"/>),
    /// built once per type, when a body first reads such a member; <see cref="TypeFileFacts.None"/> for a type without any.
    /// </summary>
    public TypeFileFacts GetTypeFacts(INamedTypeSymbol type, CancellationToken cancellationToken) => _resolved.Value!.TypeFacts.Get(type, cancellationToken);

    private ImmutableArray<FileModel> BuildWithoutTypeFacts(IOperation block, ISymbol? owner, CancellationToken cancellationToken)
    {
        var configured = GetConfiguredMethods(block.Syntax.SyntaxTree);
        var resolved = _resolved.Value!;
        return FileApiGate.Admits(block, resolved.Symbols, configured, cancellationToken)
            ? FileModelBuilder.Build(block, owner, resolved.Symbols, configured, resolved.HelperSummaries, memberFiles: null, includeNested: true, cancellationToken)
            : ImmutableArray<FileModel>.Empty;
    }

    /// <summary>
    /// The configured flush/sync helpers of a tree (from its AnalyzerConfigOptions, which include global configs). Asked
    /// for every body: kept per options object, which trees with the same configuration share.
    /// </summary>
    internal ConfiguredMethods GetConfiguredMethods(SyntaxTree tree) =>
        s_configured.GetValue(_options.AnalyzerConfigOptionsProvider.GetOptions(tree), static options => ConfiguredMethods.AnyIn(options) ? ConfiguredMethods.From(options) : ConfiguredMethods.None);

    /// <summary>The value of an option for a tree (<c>.editorconfig</c>/<c>.globalconfig</c>, e.g. <c>build_property.TargetFramework</c>), or null.</summary>
    public string? GetOption(SyntaxTree tree, string key)
    {
        if (_options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value))
        {
            return value;
        }

        return _options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out value) ? value : null;
    }

    /// <summary>
    /// True when the file at <paramref name="path"/> is a temporary one: renamed or deleted after <paramref name="after"/>
    /// in <paramref name="model"/>, or a parameter of a private method whose every caller renames or deletes it after the call.
    /// </summary>
    public bool IsTemporary(FileModel model, PathValue path, int after, CancellationToken cancellationToken) =>
        model.IsRenamedOrDeletedAfter(path, after)
        || (path is { Kind: PathValueKind.Symbol, Symbol: IParameterSymbol parameter } && IsTemporaryInEveryCaller(parameter, cancellationToken));

    /// <summary>
    /// True when the directory of the file at <paramref name="path"/> is synced after <paramref name="after"/>: in
    /// <paramref name="model"/>, or, for a parameter of a private method, by every caller after the call.
    /// </summary>
    public bool IsDirectorySyncedAfter(FileModel model, PathValue path, int after, CancellationToken cancellationToken) =>
        model.FindDirectorySync(path.Directory, path, after, model.Operations.Length) is not null
        || (path is { Kind: PathValueKind.Symbol, Symbol: IParameterSymbol parameter } && IsDirectorySyncedByEveryCaller(parameter, cancellationToken));

    /// <summary>
    /// True when <paramref name="parameter"/> belongs to a private method, every use of that method (all of them are in
    /// its type) is a call, and every caller renames or deletes the path it passes there after the call: inside the
    /// method the file is a temporary one, whatever it does with it (<c>WriteTemporaryFile(tmp); File.Move(tmp, path)</c>).
    /// A caller in a body the model has nothing for, or a use that is not a call (a delegate), makes it false.
    /// </summary>
    public bool IsTemporaryInEveryCaller(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        EveryCaller(parameter, CallerFollowUp.RenamesOrDeletes, cancellationToken);

    /// <summary>
    /// As <see cref="IsTemporaryInEveryCaller"/>, for "every caller syncs the directory of the path it passes after the
    /// call" (<c>ReplaceFile(tmp, path); SyncDirectory(Path.GetDirectoryName(path))</c>).
    /// </summary>
    public bool IsDirectorySyncedByEveryCaller(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        EveryCaller(parameter, CallerFollowUp.SyncsItsDirectory, cancellationToken);

    private bool EveryCaller(IParameterSymbol parameter, CallerFollowUp followUp, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method
            || method.ContainingType is null
            || parameter.Type.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        return _everyCaller.GetOrAdd((parameter, followUp), key => EveryCallerFollowsUp(method, key.Parameter.Ordinal, key.FollowUp, cancellationToken));
    }

    private bool EveryCallerFollowsUp(IMethodSymbol method, int ordinal, CallerFollowUp followUp, CancellationToken cancellationToken)
    {
        var calls = 0;
        foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
        {
            if (!Compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return false;
            }

            var semanticModel = GetSemanticModel(reference.SyntaxTree);
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != method.Name)
                {
                    continue;
                }

                var info = semanticModel.GetSymbolInfo(name, cancellationToken);
                var used = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
                if (used is not IMethodSymbol usedMethod || !SymbolEqualityComparer.Default.Equals(usedMethod.OriginalDefinition, method.OriginalDefinition))
                {
                    continue;
                }

                if (CallOf(name) is not { } call || !CallerFollowsUp(semanticModel, call, ordinal, followUp, cancellationToken))
                {
                    return false;
                }

                calls++;
            }
        }

        return calls > 0;
    }

    /// <summary><c>M(…)</c>, <c>this.M(…)</c> or <c>C.M(…)</c> with <paramref name="name"/> as M; null for any other use.</summary>
    private static InvocationExpressionSyntax? CallOf(IdentifierNameSyntax name)
    {
        SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
    }

    private bool CallerFollowsUp(SemanticModel semanticModel, InvocationExpressionSyntax call, int ordinal, CallerFollowUp followUp, CancellationToken cancellationToken)
    {
        var member = call.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);
        if (member is null
            || semanticModel.GetOperation(member, cancellationToken) is not { } block
            || semanticModel.GetDeclaredSymbol(member, cancellationToken) is not { } owner
            || ArgumentFor(semanticModel, call, ordinal, cancellationToken) is not { } argument)
        {
            return false;
        }

        // The body that holds the call: the innermost lambda or local function around it, else the member's own.
        var function = call.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
        FileModel? caller = null;
        foreach (var body in GetModels(block, owner, cancellationToken).Bodies)
        {
            if (body.Body.Syntax.Span.Contains(call.Span) && (caller is null || caller.Body.Syntax.Span.Contains(body.Body.Syntax.Span)))
            {
                caller = body;
            }
        }

        if (caller is null
            || (function is null ? caller.IsNested : !function.Span.Contains(caller.Body.Syntax.Span))
            || !caller.TryGetPrivateCallArgument(argument, out var passed))
        {
            return false;
        }

        return followUp == CallerFollowUp.RenamesOrDeletes
            ? caller.IsRenamedOrDeletedAfter(passed.Path, passed.LastOperationOfCall)
            : caller.FindDirectorySync(passed.Path.Directory, passed.Path, passed.LastOperationOfCall, caller.Operations.Length) is not null;
    }

    private static SyntaxNode? ArgumentFor(SemanticModel semanticModel, InvocationExpressionSyntax call, int ordinal, CancellationToken cancellationToken)
    {
        if (semanticModel.GetOperation(call, cancellationToken) is IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return argument.Syntax;
                }
            }
        }

        return null;
    }

#pragma warning disable RS1030 // The callers of a private method can live in another tree than the analyzed block; not cached, so no tree's semantic model outlives its use.
    private SemanticModel GetSemanticModel(SyntaxTree tree) => Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    private enum CallerFollowUp
    {
        RenamesOrDeletes,
        SyncsItsDirectory,
    }

    private sealed class ParameterFollowUpComparer : IEqualityComparer<(IParameterSymbol Parameter, CallerFollowUp FollowUp)>
    {
        public static readonly ParameterFollowUpComparer Instance = new();

        public bool Equals((IParameterSymbol Parameter, CallerFollowUp FollowUp) x, (IParameterSymbol Parameter, CallerFollowUp FollowUp) y) =>
            x.FollowUp == y.FollowUp && SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter);

        public int GetHashCode((IParameterSymbol Parameter, CallerFollowUp FollowUp) obj) =>
            (SymbolEqualityComparer.Default.GetHashCode(obj.Parameter) * 31) + (int)obj.FollowUp;
    }

    /// <summary>What exists once the compilation is known to have file APIs.</summary>
    private sealed class Resolved
    {
        public Resolved(KnownSymbols symbols, HelperSummaries helperSummaries, TypeFileFactsCache typeFacts)
        {
            Symbols = symbols;
            HelperSummaries = helperSummaries;
            TypeFacts = typeFacts;
        }

        public KnownSymbols Symbols { get; }

        public HelperSummaries HelperSummaries { get; }

        public TypeFileFactsCache TypeFacts { get; }
    }
}
