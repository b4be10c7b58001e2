using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>What the loop around a <c>try</c> does after its catch handled a failed flush.</summary>
internal enum LoopRetry
{
    /// <summary>No retry: no loop, a catch that leaves the loop, a batch written per iteration, or another file per iteration. The catch decides.</summary>
    NotARetry,

    /// <summary>The next iteration flushes the same stream again.</summary>
    RetriesTheFlush,

    /// <summary>The next iteration reopens and rewrites the file: a retry of the whole work, from memory (a valid recovery).</summary>
    RedoesTheWork,
}

/// <summary>Whether a loop around a <c>try</c> retries a flush whose failure the catch handled.</summary>
internal static class RetryLoop
{
    /// <summary>What the innermost loop of <paramref name="flush"/> around <paramref name="tryOperation"/> does after <paramref name="handler"/> ran.</summary>
    internal static LoopRetry Classify(FileModel model, FileOperation flush, ITryOperation tryOperation, ICatchClauseOperation handler)
    {
        var loop = EnclosingLoop(flush, tryOperation);
        if (loop is null || !CanContinueLoop(handler))
        {
            return LoopRetry.NotARetry;
        }

        if (WorkScope.IsOpenedInside(model, flush, loop))
        {
            // One file per iteration (foreach over paths): the failed file is left behind; the catch decides.
            return OpensAnotherFilePerIteration(flush, loop) ? LoopRetry.NotARetry : LoopRetry.RedoesTheWork;
        }

        return WritesInLoop(model, flush, loop) ? LoopRetry.NotARetry : LoopRetry.RetriesTheFlush;
    }

    /// <summary>The innermost loop of <paramref name="flush"/> that contains <paramref name="tryOperation"/>.</summary>
    private static ILoopOperation? EnclosingLoop(FileOperation flush, ITryOperation tryOperation)
    {
        for (var i = flush.Loops.Length - 1; i >= 0; i--)
        {
            var loop = flush.Loops[i];
            if (loop.Syntax.Span.Contains(tryOperation.Syntax.Span) && loop.Syntax != tryOperation.Syntax)
            {
                return loop;
            }
        }

        return null;
    }

    /// <summary>True when control can leave the catch handler to the rest of the loop body or to its next iteration.</summary>
    private static bool CanContinueLoop(ICatchClauseOperation handler)
    {
        if (handler.Handler.Syntax is not BlockSyntax block || handler.SemanticModel is not { } semanticModel)
        {
            return false;
        }

        if (block.Statements.Count == 0)
        {
            return true;
        }

        var flow = semanticModel.AnalyzeControlFlow(block.Statements[0], block.Statements[block.Statements.Count - 1]);
        if (flow is null || !flow.Succeeded)
        {
            return false;
        }

        if (flow.EndPointIsReachable)
        {
            return true;
        }

        foreach (var exit in flow.ExitPoints)
        {
            if (exit is ContinueStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the stream's path is built from a variable declared inside the loop (its iteration variable, a local of its body).</summary>
    private static bool OpensAnotherFilePerIteration(FileOperation flush, ILoopOperation loop)
    {
        var path = flush.Target?.Root.Path;
        if (path is null || !path.IsFullyKnown)
        {
            return false;
        }

        foreach (var symbol in path.Symbols())
        {
            if (symbol is ILocalSymbol local)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (loop.Syntax.Span.Contains(reference.Span))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when the loop writes the flushed file (a batch per iteration: the catch ignores, the loop does not retry).</summary>
    private static bool WritesInLoop(FileModel model, FileOperation flush, ILoopOperation loop)
    {
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.Write || !op.IsInside(loop))
            {
                continue;
            }

            if ((flush.Target is not null && op.Target is not null && op.Target.SameFileAs(flush.Target))
                || (flush.Path is not null && op.Path is not null && op.Path.Equals(flush.Path)))
            {
                return true;
            }
        }

        return false;
    }
}
