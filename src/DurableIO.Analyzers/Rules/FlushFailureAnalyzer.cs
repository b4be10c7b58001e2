using System.Collections.Generic;
using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Rules.FlushFailure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// The flush-failure family: DUR008 (a failed flush to disk of a file is ignored or retried, see
/// <see cref="IgnoredFlushFailureRule"/>) and DUR014 (<c>Flush(true)</c>/<c>RandomAccess.FlushToDisk</c> whose failure the
/// code visibly tries to handle, although on Linux and macOS the runtime never reports it, see
/// <see cref="UnreportedFlushFailureRule"/>).
/// </summary>
/// <remarks>
/// <para>This class only wires the two rules; what each reports, and why, is on its rule class. One analyzer for the
/// family, as for every other family: both rules read the same flushes to disk and ask the same question of a
/// <c>try</c> (which catch clause catches the failure, <see cref="CatchMatcher"/>), and a lone <c>Flush(true)</c> in a
/// <c>try</c> whose catch swallows the failure is both, so the two are reported (and tested) together.</para>
/// <para>One call can record more than one flush to disk (a DurableIO call or a helper given several streams): each rule
/// reports a call at most once, for the first of its flushes that the rule reports.</para>
/// <para>The parts, in <c>Rules/FlushFailure/</c>: <see cref="CatchMatcher"/> (which catch clause catches the failure),
/// <see cref="CatchClassifier"/> (what that catch does with it: swallows, throws, handles), <see cref="BenignCatchCalls"/>
/// (the calls a swallowing catch may make), <see cref="RetryLoop"/> (whether a loop around the <c>try</c> retries the
/// flush), <see cref="WorkScope"/> (whether a <c>try</c> or a loop is about the whole work rather than the flush),
/// <see cref="DirectoryFlushHeuristic"/> (names that say a flush is of a directory), <see cref="SuccessReport"/> (a
/// statement after the flush that reports success) and <see cref="FlushedFileName"/> (what the messages call the
/// flushed file).</para>
/// <para>Diagnostic data for the code fixes: DUR014 is on the flush invocation; DUR008 has no fix.</para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlushFailureAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR008, Descriptors.DUR014);

    protected override void AnalyzeBody(BodyContext context)
    {
        var seen008 = new HashSet<IOperation>();
        var seen014 = new HashSet<IOperation>();
        foreach (var flush in context.Model.OfKind(FileOperationKind.FlushToDisk))
        {
            if (!seen008.Contains(flush.Operation) && IgnoredFlushFailureRule.Analyze(context, flush))
            {
                seen008.Add(flush.Operation);
            }

            if (!seen014.Contains(flush.Operation) && UnreportedFlushFailureRule.Analyze(context, flush))
            {
                seen014.Add(flush.Operation);
            }
        }
    }
}
