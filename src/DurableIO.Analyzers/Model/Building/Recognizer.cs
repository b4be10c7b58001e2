using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>One family of API shapes: records what a call of that family does, or leaves the call to the next recogniser.</summary>
internal interface ICallRecognizer
{
    /// <summary>True when the call belongs to this family (its operations, if any, are recorded); false to try the next.</summary>
    bool TryRecord(IInvocationOperation invocation);
}

/// <summary>What every recogniser works with: the known types, the recorder, the bindings and the paths of the body.</summary>
internal abstract class Recognizer
{
    protected Recognizer(KnownSymbols known, ModelRecorder recorder, SymbolBindings bindings, PathEvaluator paths)
    {
        Known = known;
        Recorder = recorder;
        Bindings = bindings;
        Paths = paths;
    }

    protected KnownSymbols Known { get; }

    protected ModelRecorder Recorder { get; }

    protected SymbolBindings Bindings { get; }

    protected PathEvaluator Paths { get; }
}
