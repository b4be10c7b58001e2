using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// A project's own flush-to-disk helper that the model cannot see through — its body calls a delegate, or it is a P/Invoke
/// wrapper in another assembly — but whose name says what it does: <c>Fsync</c>, <c>FDataSync</c>, <c>FlushToDisk</c>,
/// <c>SyncToDisk</c>, <c>FlushFileBuffers</c>, … (the name holds <c>fsync</c>, <c>fdatasync</c>, <c>FlushFileBuffers</c>,
/// <c>FlushToDisk</c> or <c>SyncToDisk</c>, in any case; not a bare <c>ToDisk</c>: <c>WriteCertificateToDisk</c> is a log line). It flushes to disk the streams and handles handed to it (or the file or directory
/// at the path it is given; a name with <c>Dir</c> syncs a directory), or something the model cannot name. Without it such a
/// call hands the stream to unknown code, which silences the rest of the story (DUR007 on the new file's directory).
/// <c>durableio.flush_helpers_by_name = false</c> in <c>.editorconfig</c> switches it off.
/// </summary>
internal sealed class NamedFlushRecognizer : Recognizer, ICallRecognizer
{
    private static readonly string[] s_flushToDiskWords = { "fsync", "fdatasync", "flushfilebuffers", "flushtodisk", "synctodisk" };

    private readonly ConfiguredMethods _configured;

    public NamedFlushRecognizer(BodyParts parts, ConfiguredMethods configured)
        : base(parts) => _configured = configured;

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!_configured.FlushHelpersByName || !SaysItFlushesToDisk(method.Name) || IsBcl(method))
        {
            return false;
        }

        var isDirectory = method.Name.IndexOf("dir", StringComparison.OrdinalIgnoreCase) >= 0;
        var any = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (Bindings.ResolveEntity(argument.Value) is { } entity)
            {
                Recorder.AddFlushToDisk(invocation, entity, null, FlushToDiskSource.Helper, method);
                any = true;
            }
            else if (argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                Recorder.AddPathSync(invocation, Paths.EvaluatePath(argument.Value), mayBeFile: !isDirectory, mayBeDirectory: isDirectory, FlushToDiskSource.Helper, method);
                any = true;
            }
        }

        if (!any && Bindings.ResolveEntity(invocation.Instance) is { } receiver)
        {
            Recorder.AddFlushToDisk(invocation, receiver, null, FlushToDiskSource.Helper, method);
            any = true;
        }

        if (!any)
        {
            Recorder.AddPathSync(invocation, null, mayBeFile: !isDirectory, mayBeDirectory: isDirectory, FlushToDiskSource.Helper, method);
        }

        return true;
    }

    /// <summary>A name that says it flushes to disk (not merely "Flush" or "Sync", which may only reach the OS).</summary>
    internal static bool SaysItFlushesToDisk(string name)
    {
        foreach (var word in s_flushToDiskWords)
        {
            if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
