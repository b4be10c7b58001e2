using System;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>
/// Whether a <c>try</c> or a loop around a flush is about the flush or about the whole work: a <c>try</c> (or a loop) that also
/// opens the flushed file does not reuse the stream after a failure, so neither ignores nor retries the failed flush.
/// </summary>
internal static class WorkScope
{
    /// <summary>True when the file of <paramref name="flush"/> is opened (or, for a path, written) inside the body of <paramref name="tryOperation"/>.</summary>
    internal static bool IsOpenedInside(FileModel model, FileOperation flush, ITryOperation tryOperation) =>
        IsOpenedWhere(model, flush, op => InTryBody(op, tryOperation));

    /// <summary>True when the file of <paramref name="flush"/> is opened (or, for a path, written) inside <paramref name="loop"/>.</summary>
    internal static bool IsOpenedInside(FileModel model, FileOperation flush, ILoopOperation loop) =>
        IsOpenedWhere(model, flush, op => op.IsInside(loop));

    /// <summary>True when <paramref name="op"/> is in the body of <paramref name="tryOperation"/> (not in one of its catch or finally clauses).</summary>
    internal static bool InTryBody(FileOperation op, ITryOperation tryOperation)
    {
        foreach (var region in op.TryRegions)
        {
            if (region.Kind == TryRegionKind.Try && ReferenceEquals(region.Try, tryOperation))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOpenedWhere(FileModel model, FileOperation flush, Func<FileOperation, bool> isInside)
    {
        if (flush.Target is { } target)
        {
            var open = target.Root.OpenOperation;
            return open is not null && isInside(open);
        }

        if (flush.Path is { } path)
        {
            foreach (var op in model.Between(-1, flush.Index))
            {
                var samePath = (op.Kind is FileOperationKind.Write or FileOperationKind.Open && op.Path is not null && op.Path.Equals(path))
                    || (op.Kind == FileOperationKind.Write && op.Target?.Path is not null && op.Target.Path.Equals(path));
                if (samePath && isInside(op))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
