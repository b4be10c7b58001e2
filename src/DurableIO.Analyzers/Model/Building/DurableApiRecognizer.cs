using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// The rest of the DurableIO runtime (<c>DurableFile</c>'s writes, copies, renames and deletes are the
/// <see cref="FileApiRecognizer"/>'s): every such API flushes what it is given; streams/handles are flushed to disk, paths synced.
/// </summary>
internal sealed class DurableApiRecognizer : Recognizer, ICallRecognizer
{
    public DurableApiRecognizer(BodyParts parts)
        : base(parts)
    {
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is not { } type || !Known.IsDurableType(type))
        {
            return false;
        }

        var isDirectory = KnownSymbols.Is(type, Known.DurableDirectory);
        var any = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (Bindings.ResolveEntity(argument.Value) is { } entity)
            {
                Recorder.AddFlushToDisk(invocation, entity, null, FlushToDiskSource.DurableApi, method);
                any = true;
            }
            else if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                var path = Paths.EvaluatePath(argument.Value);
                if (isDirectory)
                {
                    Recorder.AddDirectorySync(invocation, method.Name == "CreateDirectory" ? path.Directory : path, FlushToDiskSource.DurableApi, method);
                }
                else
                {
                    Recorder.AddFlushToDisk(invocation, null, path, FlushToDiskSource.DurableApi, method);
                    Recorder.AddDirectorySync(invocation, path.Directory, FlushToDiskSource.DurableApi, method);
                }

                any = true;
                break;
            }
        }

        if (!any)
        {
            if (isDirectory)
            {
                Recorder.AddDirectorySync(invocation, null, FlushToDiskSource.DurableApi, method);
            }
            else
            {
                Recorder.AddFlushToDisk(invocation, null, null, FlushToDiskSource.DurableApi, method);
            }
        }

        return true;
    }
}
