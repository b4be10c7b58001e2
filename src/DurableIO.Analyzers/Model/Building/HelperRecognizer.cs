using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// Calls to methods of the compilation whose <see cref="HelperSummary"/> says they flush, sync, rename or (a followed helper)
/// write a file or create the stream they return: those effects are recorded at the call, mapped to its arguments; other
/// streams handed to the helper escape.
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
                case HelperEffectKind.WritesPath:
                    AddHelperWrite(invocation, effect);
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

        if (!summary.ReturnedChain.IsEmpty)
        {
            OpenReturnedChain(invocation, summary.ReturnedChain);
        }

        return true;
    }

    /// <summary>
    /// Whether the helper's summary is worth computing here (each one may bind the helper's body): a stream is handed to it or
    /// it is called on one, or the body already did something to a file, or its name says it flushes or syncs; or the helper
    /// is <see cref="HelperSummary.Follows">followed</see> (a private method or a local function) and its signature can hand
    /// a file to the caller's story: it takes a path (a string or a FileInfo/DirectoryInfo) or returns a stream, writer or
    /// handle. Elsewhere a flush, sync or rename by a helper before anything happens to a file cannot matter to a rule, and
    /// most calls of a program are to methods that are neither. A summary computed for nothing costs little: a helper whose
    /// declaration names no file API is summarised as empty without being bound.
    /// </summary>
    private bool CanMatter(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (Recorder.HasRecordedOtherThanEscape || FileApiNames.SaysFlushOrSync(method.Name) || Bindings.RefersToEntity(invocation.Instance))
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

        return HelperSummary.Follows(method) && TakesOrReturnsAFile(method);
    }

    /// <summary>A parameter that can be a path, or a returned stream, writer or handle (read off the signature alone).</summary>
    private bool TakesOrReturnsAFile(IMethodSymbol method)
    {
        if (Known.IsStreamLike(method.ReturnType))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType == SpecialType.System_String || KnownSymbols.DerivesFrom(parameter.Type, Known.FileSystemInfo))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The file a helper writes and leaves unflushed, at its call: a whole-file write of the path the helper's names stand
    /// for here (<see cref="FileOperation.IsInHelper"/>; only DUR001 and DUR009 read it, for the caller's rename).
    /// </summary>
    private void AddHelperWrite(IInvocationOperation invocation, HelperEffect effect)
    {
        if (Paths.AtCall(effect.Written!, invocation, invocation.TargetMethod) is not { IsUnknown: false } path)
        {
            return; // another object's file
        }

        var write = Recorder.Add(FileOperationKind.Write, invocation);
        write.Path = path;
        write.PathArgument = ParameterArgument(invocation, effect.Written!);
        write.IsWholeFile = true;
        write.IsAppend = effect.IsAppend;
        write.Method = invocation.TargetMethod;
        write.IsInHelper = true;
    }

    /// <summary>
    /// The stream a helper creates and returns, created at the call: the file opened on the path the helper's names stand for
    /// here, with the helper's mode, access and options, then each wrapper with its buffering, AutoFlush and leaveOpen.
    /// </summary>
    private void OpenReturnedChain(IInvocationOperation invocation, System.Collections.Immutable.ImmutableArray<FileEntity> chain)
    {
        var method = invocation.TargetMethod;
        var file = chain[0];
        var path = file.Path is { } template ? Paths.AtCall(template, invocation, method) ?? PathValue.Unknown(invocation) : null;
        FileEntity current;
        if (file.Kind == FileEntityKind.Memory)
        {
            current = Recorder.NewEntity(FileEntityKind.Memory, FileEntityOrigin.Created, file.Type, null, invocation);
            var open = Recorder.Add(FileOperationKind.Open, invocation);
            open.Target = current;
            open.Method = method;
            open.IsInHelper = true;
            current.OpenOperation = open;
            Recorder.Produce(invocation, current);
        }
        else
        {
            var pathArgument = file.Path is { } written ? ParameterArgument(invocation, written) : null;
            current = Recorder.OpenEntity(invocation, file.Kind, file.Type, path, pathArgument, new OpenSettings(file.Mode, file.Access, file.Options), file.OpenOperation!.IsImplicit);
            current.OpenOperation!.IsInHelper = true;
        }

        current.IsBuffering = file.IsBuffering;
        for (var i = 1; i < chain.Length; i++)
        {
            var level = chain[i];
            current = Recorder.WrapEntity(invocation, level.Kind, level.Type, current, level.IsBuffering, level.LeavesInnerOpen);
            current.AutoFlush = level.AutoFlush;
            current.Access ??= level.Access;
            current.OpenOperation!.IsInHelper = true;
        }
    }

    /// <summary>The call's argument for a path that is one of the helper's own parameters as it is, else null.</summary>
    private static IOperation? ParameterArgument(IInvocationOperation invocation, PathValue template) =>
        template is { Kind: PathValueKind.Symbol, Parts.IsEmpty: true, Symbol: IParameterSymbol parameter }
            && parameter.ContainingSymbol is IMethodSymbol owner
            && SymbolEqualityComparer.Default.Equals(HelperSummary.DefinitionOf(owner), HelperSummary.DefinitionOf(invocation.TargetMethod))
            ? ArgumentAt(invocation.Arguments, parameter.Ordinal)
            : null;

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
