using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableIO.CodeFixes;

/// <summary>
/// The DUR003 options beyond moving the flush (issue 13), built by <see cref="FlushInLoopAlternatives"/>: on a flush
/// diagnostic, "Append through DurableLog" after the move; on a write to a write-through stream, "Open without
/// WriteThrough and flush to disk once after the loop" (the move's equivalence key, so Fix All and <c>dotnet format</c> fix
/// both shapes together), then DurableLog. DurableLog is offered only after a flush-once option, never first.
/// </summary>
public sealed partial class FlushInLoopCodeFixProvider
{
    public const string DurableLogKey = FlushInLoopAlternatives.DurableLogKey;

    private static IEnumerable<FixOption> WriteThroughFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || FlushFixSyntax.Invocation(root, diagnostic) is not { } write
            || DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur003.Loop) is not { } loopLocation
            || root.FindNode(loopLocation.SourceSpan, getInnermostNodeForTie: true) is not StatementSyntax loop
            || FlushInLoopAlternatives.WithoutWriteThrough(model, loop, write, cancellationToken) is not { } once)
        {
            return Enumerable.Empty<FixOption>();
        }

        return Alternatives(once).Concat(Alternatives(FlushInLoopAlternatives.DurableLog(model, loop, write, flushDiagnostic: false, cancellationToken)));
    }

    private static IEnumerable<FixOption> Alternatives(LoopFixAlternative? alternative) =>
        alternative is null
            ? Enumerable.Empty<FixOption>()
            : new[] { new FixOption(alternative.Title, alternative.EquivalenceKey, alternative.Apply, alternative.UsesDurableIO) };
}
