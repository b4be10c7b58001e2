using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// The fallback, last in the list: a call (or creation) the model does not know. Streams handed to it escape, except to
/// a BCL method that returns nothing (<c>JsonSerializer.Serialize(stream, …)</c>, <c>XDocument.Save(stream)</c>): those
/// write the stream and never flush it to disk. Paths handed to code outside the BCL escape (a user helper may sync them).
/// </summary>
internal sealed class UnknownCallRecognizer : Recognizer, ICallRecognizer
{
    public UnknownCallRecognizer(BodyParts parts)
        : base(parts)
    {
    }

    public bool TryRecord(IInvocationOperation invocation)
    {
        Record(invocation, invocation.Arguments, invocation.TargetMethod);
        return true;
    }

    public void Record(IOperation at, ImmutableArray<IArgumentOperation> arguments, IMethodSymbol? method)
    {
        var isBcl = method is not null && IsBcl(method);
        // Task<T> and ValueTask<T> return something: SHA256.HashDataAsync(stream), JsonSerializer.DeserializeAsync<T>(stream) read.
        var returnsNothing = method is not null && method.MethodKind != MethodKind.Constructor
            && (method.ReturnsVoid || method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (Bindings.ResolveEntity(argument.Value) is { } entity)
            {
                if (isBcl && returnsNothing && Known.IsWritable(argument.Parameter?.Type))
                {
                    if (!entity.IsReadOnly)
                    {
                        Recorder.AddWrite(at, entity, method); // a read-only stream handed to a BCL method is only read
                    }
                }
                else
                {
                    Recorder.AddEscape(entity, at);
                }
            }
            else if (!isBcl && argument.Value.Type?.SpecialType == SpecialType.System_String && !argument.Value.ConstantValue.HasValue)
            {
                Recorder.AddPathEscape(Paths.EvaluatePath(argument.Value), at, argument.Value);
            }
        }
    }
}
