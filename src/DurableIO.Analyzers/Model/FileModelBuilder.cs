using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using DurableIO.Analyzers.Model.Building;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Builds the <see cref="FileModel"/> of a body, and of the lambdas and local functions inside it, from the parts in
/// <c>Building/</c> (see README.md). Internal: rules read models from <c>DurabilityAnalysis.GetModels</c>, which calls this (the builder does not depend on it).
/// </summary>
internal static class FileModelBuilder
{
    /// <summary>
    /// Builds the model of <paramref name="body"/> and, when <paramref name="includeNested"/>, of every lambda/local function
    /// inside it; only bodies with file operations are returned. Without <paramref name="summaries"/>, a call to a helper
    /// of the compilation is an unknown call (how a helper's own summary is built: one level deep). Without
    /// <paramref name="memberFiles"/>, a field or auto-property holding a file is a file from elsewhere (how the type facts
    /// themselves are built).
    /// </summary>
    public static ImmutableArray<FileModel> Build(
        IOperation body,
        ISymbol? owningSymbol,
        KnownSymbols known,
        ConfiguredMethods configured,
        IHelperSummaries? summaries,
        IMemberFiles? memberFiles,
        bool includeNested,
        CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<FileModel>();
        var queue = new Queue<(IOperation Body, ISymbol? Symbol, bool Nested)>();
        queue.Enqueue((body, owningSymbol, false));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (current, symbol, nested) = queue.Dequeue();
            var recorder = new ModelRecorder(known);
            var walker = Wire(recorder, known, configured, summaries, memberFiles, cancellationToken);
            walker.Walk(current);
            if (recorder.HasFileOperations())
            {
                result.Add(recorder.ToModel(current, symbol, nested));
            }

            if (includeNested)
            {
                foreach (var (nestedBody, nestedSymbol) in walker.NestedBodies)
                {
                    queue.Enqueue((nestedBody, nestedSymbol, true));
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// The model of a helper's body for its <see cref="HelperSummary"/>: without summaries (a helper of a helper is an unknown
    /// call) nor type facts, no nested bodies; with <paramref name="collectReturns"/>, also what its <c>return</c>s give back.
    /// The model is null when the body has no file operation (a helper that only computes a path).
    /// </summary>
    public static (FileModel? Model, ImmutableArray<ReturnedValue> Returns) BuildHelper(
        IOperation body, IMethodSymbol method, KnownSymbols known, ConfiguredMethods configured, bool collectReturns, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var recorder = new ModelRecorder(known);
        if (collectReturns)
        {
            recorder.CollectReturns();
        }

        Wire(recorder, known, configured, summaries: null, memberFiles: null, cancellationToken).Walk(body);
        var model = recorder.HasFileOperations() ? recorder.ToModel(body, method, nested: false) : null;
        return (model, recorder.Returns is { } returns ? returns.ToImmutableArray() : ImmutableArray<ReturnedValue>.Empty);
    }

    /// <summary>The walk of one body, with the recognisers in the order they are tried: the first that knows a call records it.</summary>
    private static OperationWalker Wire(
        ModelRecorder recorder, KnownSymbols known, ConfiguredMethods configured, IHelperSummaries? summaries, IMemberFiles? memberFiles, CancellationToken cancellationToken)
    {
        var depth = new RecursionDepth();
        var bindings = new SymbolBindings(known, recorder, memberFiles, cancellationToken);
        var paths = new PathEvaluator(known, bindings, depth, summaries, cancellationToken);
        var parts = new BodyParts(known, recorder, bindings, paths);
        var pInvoke = new PInvokeRecognizer(parts);
        var unknown = new UnknownCallRecognizer(parts);
        var calls = new List<ICallRecognizer>
        {
            new FileApiRecognizer(parts), // before DurableApi: DurableFile's writes, renames, deletes
            new RandomAccessRecognizer(parts, pInvoke),
            new StreamCallRecognizer(parts),
            new DurableApiRecognizer(parts),
            pInvoke,
            new ConfiguredMethodRecognizer(parts, configured),
        };
        if (summaries is not null)
        {
            calls.Add(new HelperRecognizer(parts, summaries, cancellationToken));
            calls.Add(new NamedFlushRecognizer(parts, configured)); // after the helper's own summary: only what it could not see
        }

        calls.Add(unknown);
        return new OperationWalker(parts, new AssignmentBinder(parts), calls.ToImmutableArray(), new StreamCreationRecognizer(parts, unknown), depth, cancellationToken);
    }
}
