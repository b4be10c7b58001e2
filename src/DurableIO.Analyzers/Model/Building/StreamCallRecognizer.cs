using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>Calls on a stream, writer or handle: writes, <c>CopyTo</c>, flushes, <c>FlushFinalBlock</c>, closes.</summary>
internal sealed class StreamCallRecognizer : Recognizer, ICallRecognizer
{
    public StreamCallRecognizer(BodyParts parts)
        : base(parts)
    {
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Write" or "WriteAsync" or "WriteByte" or "WriteLine" or "WriteLineAsync" or "BeginWrite"
                when invocation.Instance is not null && Known.IsWritable(invocation.Instance.Type):
                Recorder.AddWrite(invocation, Bindings.ResolveEntity(invocation.Instance), method);
                return true;

            case "CopyTo" or "CopyToAsync" when KnownSymbols.DerivesFrom(type, Known.Stream):
                Recorder.AddWrite(invocation, Bindings.ResolveEntity(Argument(invocation, "destination")), method);
                return true;

            case "Flush" or "FlushAsync" when invocation.Instance is not null && Known.IsWritable(invocation.Instance.Type):
                RecordFlush(invocation);
                return true;

            // CryptoStream: writes the last partial block into the stream below (a Flush of the wrapper).
            case "FlushFinalBlock" or "FlushFinalBlockAsync"
                when KnownSymbols.DerivesFrom(type, Known.CryptoStream) && Bindings.ResolveEntity(invocation.Instance) is { } finished:
                var final = Recorder.Add(FileOperationKind.Flush, invocation);
                final.Target = finished;
                final.IsAsync = method.Name == "FlushFinalBlockAsync";
                final.Method = method;
                return true;

            case "Dispose" or "Close" or "DisposeAsync"
                when invocation.Instance is not null && Known.IsStreamLike(invocation.Instance.Type) && Bindings.ResolveEntity(invocation.Instance) is { } closed:
                Recorder.AddClose(closed, invocation, isImplicit: false, isAsync: method.Name == "DisposeAsync", method);
                return true;

            default:
                return false;
        }
    }

    private void RecordFlush(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var entity = Bindings.ResolveEntity(invocation.Instance);
        if (method.Name == "Flush" && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean)
        {
            switch (ConstantBool(ArgumentAt(invocation.Arguments, 0)))
            {
                case true:
                    Recorder.AddFlushToDisk(invocation, entity, null, FlushToDiskSource.FileStreamFlushTrue, method);
                    return;
                case false:
                    var noDisk = Recorder.Add(FileOperationKind.Flush, invocation);
                    noDisk.Target = entity;
                    noDisk.IsExplicitNoDisk = true;
                    noDisk.Method = method;
                    return;
                default:
                    Recorder.AddFlushToDisk(invocation, entity, null, FlushToDiskSource.FileStreamFlushVariable, method);
                    return;
            }
        }

        if (entity is null)
        {
            return;
        }

        var flush = Recorder.Add(FileOperationKind.Flush, invocation);
        flush.Target = entity;
        flush.IsAsync = method.Name == "FlushAsync";
        flush.Method = method;
    }
}
