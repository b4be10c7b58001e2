using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>One family of API shapes: records what a call of that family does, or leaves the call to the next recogniser.</summary>
internal interface ICallRecognizer
{
    /// <summary>True when the call belongs to this family (its operations, if any, are recorded); false to try the next.</summary>
    bool TryRecord(IInvocationOperation invocation);
}

/// <summary>The parts of one body's build that the recognisers and the assignment binder work with.</summary>
internal sealed class BodyParts
{
    public BodyParts(KnownSymbols known, ModelRecorder recorder, SymbolBindings bindings, PathEvaluator paths)
    {
        Known = known;
        Recorder = recorder;
        Bindings = bindings;
        Paths = paths;
    }

    public KnownSymbols Known { get; }

    public ModelRecorder Recorder { get; }

    public SymbolBindings Bindings { get; }

    public PathEvaluator Paths { get; }
}

/// <summary>A recogniser of one family of API shapes (calls or creations), over the <see cref="BodyParts"/> of the body.</summary>
internal abstract class Recognizer
{
    private readonly BodyParts _parts;

    protected Recognizer(BodyParts parts) => _parts = parts;

    protected KnownSymbols Known => _parts.Known;

    protected ModelRecorder Recorder => _parts.Recorder;

    protected SymbolBindings Bindings => _parts.Bindings;

    protected PathEvaluator Paths => _parts.Paths;
}
