using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// Calls to methods of the compilation whose <see cref="HelperSummary"/> says they flush, sync or rename: those effects are
/// recorded at the call, mapped to its arguments; other streams handed to the helper escape.
/// </summary>
internal sealed class HelperRecognizer : Recognizer, ICallRecognizer
{
    private readonly IHelperSummaries _summaries;
    private readonly CancellationToken _cancellationToken;

    public HelperRecognizer(BodyParts parts, IHelperSummaries summaries, CancellationToken cancellationToken)
        : base(parts)
    {
        _summaries = summaries;
        _cancellationToken = cancellationToken;
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        if (!CanMatter(invocation)
            || _summaries.Get(invocation.TargetMethod, invocation.SemanticModel, _cancellationToken) is not { IsEmpty: false } summary)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        foreach (var effect in summary.Effects)
        {
            var argument = effect.Ordinal >= 0 ? ArgumentAt(invocation.Arguments, effect.Ordinal) : null;
            switch (effect.Kind)
            {
                case HelperEffectKind.FlushesStream:
                    if (Bindings.ResolveEntity(argument) is { } entity)
                    {
                        Recorder.AddFlushToDisk(invocation, entity, null, FlushToDiskSource.Helper, method);
                    }

                    break;
                case HelperEffectKind.SyncsPath:
                    Recorder.AddPathSync(invocation, argument is null ? null : Paths.EvaluatePath(argument), mayBeFile: true, mayBeDirectory: false, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.SyncsDirectory:
                    Recorder.AddDirectorySync(invocation, argument is null ? null : Paths.EvaluatePath(argument), FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.SyncsDirectoryOf:
                    Recorder.AddDirectorySync(invocation, argument is null ? null : Paths.EvaluatePath(argument).Directory, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.FlushesSomething:
                    Recorder.AddFlushToDisk(invocation, null, null, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.SyncsSomeDirectory:
                    Recorder.AddDirectorySync(invocation, null, FlushToDiskSource.Helper, method);
                    break;
                case HelperEffectKind.Renames:
                    AddHelperRename(invocation, effect, argument);
                    break;
            }
        }

        // Other streams handed to the helper are out of sight.
        foreach (var argument in invocation.Arguments)
        {
            if (Bindings.ResolveEntity(argument.Value) is { } entity && !summary.Covers(argument.Parameter?.Ordinal ?? -1))
            {
                Recorder.AddEscape(entity, invocation);
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the helper's summary is worth computing here (each one binds the helper's body): a stream is handed to it or
    /// it is called on one, or the body already did something to a file, or its name says it flushes or syncs. A flush,
    /// sync or rename by a helper before anything happens to a file cannot matter to a rule.
    /// </summary>
    private bool CanMatter(IInvocationOperation invocation)
    {
        if (Recorder.HasRecordedOtherThanEscape || FileApiNames.SaysFlushOrSync(invocation.TargetMethod.Name) || Bindings.RefersToEntity(invocation.Instance))
        {
            return true;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (Bindings.RefersToEntity(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rename a helper does, at its call: a parameter becomes the caller's argument, a fixed path stays.</summary>
    private void AddHelperRename(IInvocationOperation invocation, HelperEffect effect, IOperation? sourceArgument)
    {
        var inner = effect.Rename!;
        var onThis = invocation.Instance is null or IInstanceReferenceOperation;
        if ((effect.Ordinal < 0 || effect.DestinationOrdinal < 0) && !onThis)
        {
            return; // another object's fields: not the paths the helper's body names
        }

        var destinationArgument = effect.DestinationOrdinal >= 0 ? ArgumentAt(invocation.Arguments, effect.DestinationOrdinal) : null;
        if ((effect.Ordinal >= 0 && sourceArgument is null) || (effect.DestinationOrdinal >= 0 && destinationArgument is null))
        {
            return;
        }

        var rename = Recorder.Add(FileOperationKind.Rename, invocation);
        rename.Path = sourceArgument is null ? inner.Path : Paths.EvaluatePath(sourceArgument);
        rename.PathArgument = sourceArgument ?? inner.PathArgument;
        rename.Destination = destinationArgument is null ? inner.Destination : Paths.EvaluatePath(destinationArgument);
        rename.DestinationArgument = destinationArgument ?? inner.DestinationArgument;
        rename.Overwrites = inner.Overwrites;
        rename.IsReplace = inner.IsReplace;
        rename.Method = inner.Method;
        rename.IsInHelper = true;
    }
}
