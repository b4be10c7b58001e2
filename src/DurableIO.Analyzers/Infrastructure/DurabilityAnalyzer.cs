using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Infrastructure;

/// <summary>
/// Base class of every DurableIO rule family. It configures the analysis context once (no generated code, concurrent
/// execution), takes the shared <see cref="DurabilityAnalysis"/> of the compilation (its symbols are resolved at the first
/// body that names a file API; a compilation without <c>System.IO.FileStream</c> gets no model), and calls <see cref="AnalyzeBody"/> for every body — method, accessor,
/// top-level program, lambda, local function — that has at least one file operation. An exception inside a rule is
/// swallowed (an AD0001 in a user's build is worse than a missed diagnostic); tests turn that off with
/// <see cref="RethrowExceptions"/>.
/// </summary>
/// <remarks>
/// A rule family derives from this class, declares <see cref="DiagnosticAnalyzer.SupportedDiagnostics"/> and implements
/// <see cref="AnalyzeBody"/> by reading the <see cref="FileModel"/> and calling <see cref="BodyContext.Report"/>.
/// No rule registers other callbacks (and none may register CompilationEnd actions).
/// </remarks>
public abstract class DurabilityAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Tests set this so that a bug in a rule fails the test instead of being swallowed.</summary>
    internal static bool RethrowExceptions { get; set; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        DurabilityAnalysis analysis;
        try
        {
            // Symbols are resolved at the first body that names a file API (a compilation without FileStream then gets
            // no model at all): see DurabilityAnalysis.
            analysis = DurabilityAnalysis.For(context.Compilation, context.Options);
        }
        catch (Exception ex) when (ShouldSwallow(ex))
        {
            return;
        }

        context.RegisterOperationBlockAction(blockContext => AnalyzeBlock(blockContext, analysis));
    }

    private void AnalyzeBlock(OperationBlockAnalysisContext context, DurabilityAnalysis analysis)
    {
        try
        {
            // Called for every block of the compilation by every rule family: no enumerator, nothing allocated.
            foreach (var block in context.OperationBlocks)
            {
                foreach (var model in analysis.GetModels(block, context.OwningSymbol, context.CancellationToken).Bodies)
                {
                    AnalyzeBody(new BodyContext(model, analysis, context));
                }
            }
        }
        catch (Exception ex) when (ShouldSwallow(ex))
        {
            // Never surface as AD0001; see RethrowExceptions.
        }
    }

    /// <summary>Analyzes one body; called only for bodies with file operations.</summary>
    protected abstract void AnalyzeBody(BodyContext context);

    /// <summary>True for exceptions to swallow: everything except cancellation, unless tests asked to rethrow.</summary>
    protected static bool ShouldSwallow(Exception exception) => exception is not OperationCanceledException && !RethrowExceptions;
}

/// <summary>What a rule gets for one body: the model, the shared analysis, and a way to report.</summary>
public readonly struct BodyContext
{
    private readonly OperationBlockAnalysisContext _context;

    internal BodyContext(FileModel model, DurabilityAnalysis analysis, OperationBlockAnalysisContext context)
    {
        Model = model;
        Analysis = analysis;
        _context = context;
    }

    public FileModel Model { get; }

    public DurabilityAnalysis Analysis { get; }

    /// <summary>The symbol that owns the operation block (the method, accessor, … — for a lambda, the enclosing member).</summary>
    public ISymbol OwningSymbol => _context.OwningSymbol;

    public CancellationToken CancellationToken => _context.CancellationToken;

    public void Report(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);

    /// <summary>
    /// Reports <paramref name="descriptor"/> at <paramref name="location"/>. When <paramref name="downgradeToInfo"/> is set
    /// (see <see cref="CacheHeuristic"/>) the diagnostic is reported at Info instead of the descriptor's severity.
    /// <paramref name="additionalLocations"/> and <paramref name="properties"/> let a code fix find the related operations
    /// (document the meaning of each in the rule).
    /// </summary>
    public void Report(
        DiagnosticDescriptor descriptor,
        Location location,
        bool downgradeToInfo,
        IEnumerable<Location>? additionalLocations,
        ImmutableDictionary<string, string?>? properties,
        params object?[] messageArguments)
    {
        var severity = downgradeToInfo && descriptor.DefaultSeverity > DiagnosticSeverity.Info ? DiagnosticSeverity.Info : descriptor.DefaultSeverity;
        _context.ReportDiagnostic(Diagnostic.Create(descriptor, location, severity, additionalLocations, properties, messageArguments));
    }
}
