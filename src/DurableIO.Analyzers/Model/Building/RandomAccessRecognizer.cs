using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary><c>RandomAccess.Write*</c> (a write of the handle) and <c>RandomAccess.FlushToDisk</c> (a flush of it).</summary>
internal sealed class RandomAccessRecognizer : Recognizer, ICallRecognizer
{
    private readonly PInvokeRecognizer _pInvoke;

    public RandomAccessRecognizer(BodyParts parts, PInvokeRecognizer pInvoke)
        : base(parts)
    {
        _pInvoke = pInvoke;
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!KnownSymbols.Is(method.ContainingType, Known.RandomAccess))
        {
            return false;
        }

        switch (method.Name)
        {
            case "Write" or "WriteAsync" or "WriteByte" or "WriteLine" or "WriteLineAsync" or "BeginWrite":
                Recorder.AddWrite(invocation, Bindings.ResolveEntity(Argument(invocation, "handle")), method);
                return true;

            case "FlushToDisk" or "FlushToDiskAsync":
                // A handle P/Invoke opened on a directory is a directory sync: the P/Invoke recogniser knows those.
                _pInvoke.RecordHandleFlush(invocation, Argument(invocation, "handle"), method, FlushToDiskSource.RandomAccessFlushToDisk);
                return true;

            default:
                return false;
        }
    }
}
