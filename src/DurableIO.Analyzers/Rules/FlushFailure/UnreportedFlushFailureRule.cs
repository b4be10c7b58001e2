using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>
/// DUR014 (Info): <c>Flush(true)</c>/<c>RandomAccess.FlushToDisk</c> whose failure the code visibly tries to handle,
/// although on Linux and macOS the runtime never reports a failed fsync.
/// </summary>
/// <remarks>
/// <para>DUR014 reports <c>Flush(true)</c>/<c>RandomAccess.FlushToDisk</c> when it is the only file operation
/// in the body of a <c>try</c> with a catch for <c>IOException</c> (or a base), or when the next statement reports
/// success (a call with a string that says synced, safely, durable, persisted, success, …, see <see cref="SuccessReport"/>).</para>
/// <para>Diagnostic data for the code fixes: the diagnostic is on the flush invocation.</para>
/// </remarks>
internal static class UnreportedFlushFailureRule
{
    internal const string CatchNeverRuns = "this catch clause does not run for it";
    internal const string SuccessReported = "the success reported after the flush is also reported when the data did not reach the disk";

    /// <summary>Reports DUR014 on <paramref name="flush"/> when the code visibly handles a failure that is never reported; true when reported.</summary>
    internal static bool Analyze(BodyContext context, FileOperation flush)
    {
        if (flush.Source is not (FlushToDiskSource.FileStreamFlushTrue or FlushToDiskSource.RandomAccessFlushToDisk)
            || flush.Target is { IsReadOnly: true })
        {
            return false;
        }

        string? how = null;
        if (IsOnlyOperationOfTryWithIOCatch(context.Model, flush))
        {
            how = CatchNeverRuns;
        }
        else if (SuccessReport.FollowsFlush(flush))
        {
            how = SuccessReported;
        }

        if (how is null)
        {
            return false;
        }

        context.Report(Descriptors.DUR014, flush.Location, downgradeToInfo: false, additionalLocations: null, properties: null, FlushedFileName.Of(flush), how);
        return true;
    }

    private static bool IsOnlyOperationOfTryWithIOCatch(FileModel model, FileOperation flush)
    {
        if (flush.TryRegions.IsEmpty)
        {
            return false;
        }

        var region = flush.TryRegions[flush.TryRegions.Length - 1];
        if (region.Kind != TryRegionKind.Try || CatchMatcher.FirstCatching(region.Try, null, durable: false) is null)
        {
            return false;
        }

        foreach (var op in model.Operations)
        {
            if (!ReferenceEquals(op.Operation, flush.Operation) && WorkScope.InTryBody(op, region.Try))
            {
                return false; // the try is about more than the flush
            }
        }

        return true;
    }
}
