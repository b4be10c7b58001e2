using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// Calls to the methods <c>durableio.flush_to_disk_methods</c>/<c>durableio.directory_sync_methods</c> name: a flush
/// to disk of the streams given, a sync of the paths given (or of something, given neither).
/// </summary>
internal sealed class ConfiguredMethodRecognizer : Recognizer, ICallRecognizer
{
    private readonly ConfiguredMethods _configured;

    public ConfiguredMethodRecognizer(BodyParts parts, ConfiguredMethods configured)
        : base(parts)
    {
        _configured = configured;
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!_configured.IsCandidate(method.Name) || (method.ReducedFrom ?? method).OriginalDefinition.GetDocumentationCommentId() is not { } id)
        {
            return false;
        }

        var flushes = _configured.FlushToDisk.Contains(id);
        var syncs = _configured.DirectorySync.Contains(id);
        if (!flushes && !syncs)
        {
            return false;
        }

        var any = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (flushes && Bindings.ResolveEntity(argument.Value) is { } entity)
            {
                Recorder.AddFlushToDisk(invocation, entity, null, FlushToDiskSource.Configured, method);
                any = true;
            }
            else if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                Recorder.AddPathSync(invocation, Paths.EvaluatePath(argument.Value), flushes, syncs, FlushToDiskSource.Configured, method);
                any = true;
            }
        }

        if (!any)
        {
            Recorder.AddPathSync(invocation, null, flushes, syncs, FlushToDiskSource.Configured, method);
        }

        return true;
    }
}
