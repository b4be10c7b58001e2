using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>DUR008: a failed flush to disk of a file is ignored by a catch clause, retried by a loop, or never checked.</summary>
/// <remarks>
/// <para>DUR008 reports, on the flush-to-disk call:</para>
/// <list type="bullet">
/// <item>a flush to disk of a file (never of a directory) in the body of a <c>try</c> whose first catch clause that
/// catches the failure (<c>IOException</c> and its bases, <c>DurabilityException</c> for DurableIO's API, an untyped
/// catch) swallows it: it has no filter on the exception, does not throw, does not return a value, does not end the
/// process, does not store or hand the exception to anything but a logger, and calls nothing but logging, waiting and
/// file clean-up. A catch that throws passes the question to the enclosing <c>try</c>.</item>
/// <item>the same inside a loop whose next iteration flushes the same stream again (the catch can reach the end of
/// the loop body or <c>continue</c>): a retry, whatever the catch does. A stream opened inside the <c>try</c> (or, for
/// the retry, inside the loop) is not reused after the failure: the <c>try</c> is about the whole work, not the flush;
/// silent, unless the catch is a catch-all (<c>catch</c>, <c>catch (Exception)</c>) that only logs: the caller carries on as
/// if the data were on disk ("logged and ignored").</item>
/// <item>a P/Invoked <c>fsync</c>/<c>fdatasync</c>/<c>FlushFileBuffers</c>/<c>fcntl</c> whose result is discarded.</item>
/// </list>
/// <para>Diagnostic data for the code fixes: none, DUR008 has no fix.</para>
/// </remarks>
internal static class IgnoredFlushFailureRule
{
    internal const string Ignored = "ignored by the catch clause";
    internal const string Retried = "retried by the enclosing loop";
    internal const string LoggedAndIgnored = "logged and ignored by the catch-all clause";

    /// <summary>Reports DUR008 on <paramref name="flush"/> when its failure is ignored, retried or never checked; true when reported.</summary>
    internal static bool Analyze(BodyContext context, FileOperation flush)
    {
        if (!IsFileFlush(context, flush))
        {
            return false;
        }

        if (flush.Source == FlushToDiskSource.PInvoke)
        {
            if (flush.Operation is IInvocationOperation invocation && IsResultDiscarded(invocation))
            {
                Report(context, flush, "never checked (the result of '" + invocation.TargetMethod.Name + "' is discarded)");
                return true;
            }

            return false; // a P/Invoke reports its failure in its result, not by throwing: a catch is not about it
        }

        var how = FindIgnoringHandler(context.Model, flush);
        if (how is null)
        {
            return false;
        }

        Report(context, flush, how);
        return true;
    }

    private static void Report(BodyContext context, FileOperation flush, string how) =>
        context.Report(Descriptors.DUR008, flush.Location, downgradeToInfo: false, additionalLocations: null, properties: null, FlushedFileName.Of(flush), how);

    /// <summary>A flush to disk of a file (not a directory, not a durable write/rename that rewrites from memory).</summary>
    private static bool IsFileFlush(BodyContext context, FileOperation flush)
    {
        switch (flush.Source)
        {
            case FlushToDiskSource.FileStreamFlushTrue:
            case FlushToDiskSource.RandomAccessFlushToDisk:
                return flush.Target is null || !flush.Target.IsReadOnly;

            case FlushToDiskSource.DurableApi:
                // DurableFile.WriteAll*/Move/Replace/Copy write a new file from memory: retrying them is a valid recovery.
                return flush.Method?.Name is "FlushToDisk" or "FlushToDiskAsync" or "Sync";

            case FlushToDiskSource.Configured:
            case FlushToDiskSource.Helper:
                if (flush.Target is not null)
                {
                    return flush.Target.IsFile && !flush.Target.IsReadOnly;
                }

                return flush.Path is not null && !flush.Path.IsDirectory && !DirectoryFlushHeuristic.MayBeDirectory(context, flush)
                    && !IsRewrittenByTheSameHelper(context.Model, flush);

            case FlushToDiskSource.PInvoke:
                return !DirectoryFlushHeuristic.MayBeDirectory(context, flush);

            default:
                return false;
        }
    }

    /// <summary>
    /// A private helper that writes the file anew and then flushes it (its call records the write, then the flush): like
    /// <c>DurableFile.WriteAll*</c>, it writes from memory, and running it again after a failure is a valid recovery.
    /// </summary>
    private static bool IsRewrittenByTheSameHelper(FileModel model, FileOperation flush)
    {
        for (var i = flush.Index - 1; i >= 0 && ReferenceEquals(model.Operations[i].Operation, flush.Operation); i--)
        {
            if (model.Operations[i] is { Kind: FileOperationKind.Write, IsInHelper: true, IsWholeFile: true, IsAppend: false, Path: { } written }
                && written.Equals(flush.Path))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsResultDiscarded(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.ReturnsVoid)
        {
            return false;
        }

        IOperation current = invocation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IExpressionStatementOperation => true,
            ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => assignment.Parent is IExpressionStatementOperation,
            _ => false,
        };
    }

    /// <summary>
    /// <see cref="Ignored"/> / <see cref="Retried"/> when a catch swallows or a loop retries the failure of
    /// <paramref name="flush"/>; else null. Walks the enclosing <c>try</c> statements from the innermost out, following
    /// what a catch throws.
    /// </summary>
    private static string? FindIgnoringHandler(FileModel model, FileOperation flush)
    {
        var durable = flush.Source == FlushToDiskSource.DurableApi;
        ITypeSymbol? thrown = null; // null: the flush's own failure (IOException, or DurabilityException from DurableIO)
        for (var i = flush.TryRegions.Length - 1; i >= 0; i--)
        {
            var region = flush.TryRegions[i];
            if (region.Kind != TryRegionKind.Try)
            {
                continue; // a flush in a catch or finally: the exception leaves this try statement
            }

            var tryOperation = region.Try;
            var handler = CatchMatcher.FirstCatching(tryOperation, thrown, durable);
            if (WorkScope.IsOpenedInside(model, flush, tryOperation))
            {
                // The try is about the whole work (open, write, flush): the stream is not reused after a failure, and a
                // catch of IOException is a decision about that work. A catch-all that only logs and carries on is not:
                // the caller goes on as if the data were on disk.
                return thrown is null && handler is not null && CatchClassifier.IsCatchAllThatOnlyLogs(handler) ? LoggedAndIgnored : null;
            }

            if (handler is null)
            {
                continue;
            }

            if (CatchClassifier.FiltersOnException(handler))
            {
                return null; // a filter on the exception picks what to ignore (e.g. an unsupported file system): cannot tell
            }

            if (thrown is null) // the flush's own failure, not what a catch inside threw
            {
                switch (RetryLoop.Classify(model, flush, tryOperation, handler))
                {
                    case LoopRetry.RetriesTheFlush:
                        return Retried;
                    case LoopRetry.RedoesTheWork:
                        return null; // the next iteration reopens and rewrites the file: a retry of the whole work, from memory
                }
            }

            if (handler.Filter is not null)
            {
                return null; // ignored only under a condition the analysis does not follow
            }

            switch (CatchClassifier.Classify(handler, out var rethrown))
            {
                case CatchHandling.Swallows:
                    return Ignored;
                case CatchHandling.Throws:
                    thrown = rethrown; // the failure (or what wraps it) goes to the enclosing try
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }
}
