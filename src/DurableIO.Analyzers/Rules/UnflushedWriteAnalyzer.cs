using System.Collections.Generic;
using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR006 (Hidden, opt-in): file data written and closed with no flush to disk — a <c>File.WriteAll*</c>/<c>AppendAll*</c>
/// (+ Async) call with no later flush to disk of that path, or a stream/writer/handle created in the body, written, and
/// closed in the body with no flush to disk between its last write and the close.
/// </summary>
/// <remarks>
/// Silent when the story is not visible: a stream received from elsewhere or handed to unknown code, a stream the body
/// never closes, a path handed to unknown code after the write (it may sync it), a write-through stream, memory streams.
/// Silent too when the written file is renamed or deleted later in the body: a renamed temporary file is DUR001's finding.
/// A file held in a field or auto-property that the type controls (<see cref="FileEntity.IsControlledMember"/>) is reported on a
/// body's last write into it when no member of the type flushes it to disk (property <c>WriteKind</c> is <c>Member</c>;
/// no fix).
/// Diagnostic data for the code fix: the diagnostic is on the last write (the whole-file call, or the last write into the
/// stream); property <c>WriteKind</c> is <c>WholeFile</c> or <c>Stream</c>; for a stream,
/// <c>AdditionalLocations[0]</c> is the close (the <c>using</c> statement, the <c>using</c> declaration, or the
/// <c>Dispose</c>/<c>Close</c>/<c>DisposeAsync</c> invocation) and property <c>FlushTarget</c> names the local
/// or parameter to flush — the outermost writer of the chain still open at the close (a wrapper closed earlier with
/// <c>leaveOpen: true</c> is skipped) — when there is one.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnflushedWriteAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DUR006);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        var lastWriteOfRoot = new Dictionary<FileEntity, FileOperation>();
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.Write)
            {
                continue;
            }

            if (op.IsWholeFile)
            {
                AnalyzeWholeFileWrite(context, op);
            }
            else if (op.Target is { } target)
            {
                lastWriteOfRoot[target.Root] = op;
            }
        }

        foreach (var pair in lastWriteOfRoot)
        {
            if (pair.Key.Origin == FileEntityOrigin.Created)
            {
                AnalyzeStream(context, pair.Key, pair.Value);
            }
            else
            {
                AnalyzeMemberFile(context, pair.Value);
            }
        }
    }

    /// <summary>
    /// A file held in a field of the type, written here, that no member of the type ever flushes to disk (nor this body
    /// after the write). Reported once per body, on its last write into the file; no code fix (where the flush to disk
    /// belongs — each write, a commit member, Dispose — is the type's design).
    /// </summary>
    private static void AnalyzeMemberFile(BodyContext context, FileOperation lastWrite)
    {
        var model = context.Model;
        if (lastWrite.Target is not { IsControlledMember: true } written || !written.IsFile || written.IsWriteThrough || written.IsReadOnly
            || written.IsFlushedToDiskByItsType || model.FindFlushToDisk(written, lastWrite.Index, model.Operations.Length) is not null)
        {
            return;
        }

        context.Report(
            Descriptors.DUR006,
            lastWrite.Location,
            downgradeToInfo: false,
            additionalLocations: null,
            DiagnosticData.Dur006.Member(),
            written.DisplayName);
    }

    private static void AnalyzeWholeFileWrite(BodyContext context, FileOperation write)
    {
        var model = context.Model;
        if (write.IsDurable || write.IsInHelper || write.Path is not { } path || WritesNothing(write))
        {
            return; // a helper's write is reported in the helper, unless its callers make the file a temporary one
        }

        if (model.FindFlushToDisk(path, write.Index, model.Operations.Length) is not null || context.Analysis.IsTemporary(model, path, write.Index, context.CancellationToken))
        {
            return;
        }

        context.Report(
            Descriptors.DUR006,
            write.Location,
            downgradeToInfo: false,
            additionalLocations: null,
            DiagnosticData.Dur006.WholeFile(),
            write.PathArgument?.Syntax.ToString() ?? "the file");
    }

    /// <summary>
    /// A <c>File.WriteAll*</c>/<c>AppendAll*</c> of content that is empty by construction (<c>""</c>, <c>string.Empty</c>,
    /// <c>Array.Empty&lt;T&gt;()</c>, <c>new byte[0]</c>): no data to lose. Lucene.NET's lock file is created this way;
    /// only its name matters.
    /// </summary>
    private static bool WritesNothing(FileOperation write)
    {
        if (write.Operation is not IInvocationOperation { TargetMethod.Name: not ("Copy") } invocation || invocation.Arguments.Length < 2)
        {
            return false;
        }

        IOperation? content = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 1)
            {
                content = argument.Value;
            }
        }

        while (content is IConversionOperation conversion)
        {
            content = conversion.Operand;
        }

        return content switch
        {
            { ConstantValue: { HasValue: true, Value: "" } } => true,
            IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } } => true,
            IInvocationOperation { TargetMethod: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_Array }, Arguments.IsEmpty: true } => true,
            IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes } => sizes[0].ConstantValue is { HasValue: true, Value: 0 },
            _ => false,
        };
    }

    private static void AnalyzeStream(BodyContext context, FileEntity root, FileOperation lastWrite)
    {
        var model = context.Model;
        if (!root.IsFile || !root.IsFullyVisible || root.IsWriteThrough || root.IsReadOnly
            || (root.Options is int options && (options & 0x04000000) != 0))
        {
            return; // not visible, durable by each write, never written, or a FileOptions.DeleteOnClose temporary file
        }

        var close = model.FindClose(root, lastWrite.Index);
        if (close is null || model.FindFlushToDisk(root, lastWrite.Index, close.Index) is not null)
        {
            return;
        }

        if (root.Path is { } path && context.Analysis.IsTemporary(model, path, lastWrite.Index, context.CancellationToken))
        {
            return;
        }

        var outermost = Outermost(root);
        var flushTarget = outermost;
        for (var guard = 0; flushTarget is not null && flushTarget != root && guard < 32; guard++)
        {
            // A wrapper closed before the file (leaveOpen: true) cannot be flushed at the file's close: flush what it wrapped.
            if (model.FindClose(flushTarget, -1) is { } wrapperClose && wrapperClose.Index < close.Index && !ReferenceEquals(wrapperClose.Operation, close.Operation))
            {
                flushTarget = flushTarget.Inner;
                continue;
            }

            break;
        }

        var properties = DiagnosticData.Dur006.Stream(flushTarget?.Symbol is ILocalSymbol or IParameterSymbol ? flushTarget.Symbol.Name : null);

        context.Report(
            Descriptors.DUR006,
            lastWrite.Location,
            downgradeToInfo: false,
            new[] { close.Location },
            properties,
            (flushTarget ?? lastWrite.Target ?? root).DisplayName);
    }

    /// <summary>
    /// The outermost writable entity of a chain without branches (each entity wrapped at most once), or null when it
    /// branches. A reader over the file (<c>new BinaryReader(fs)</c>) is not a place to flush: the chain stops below it.
    /// </summary>
    private static FileEntity? Outermost(FileEntity root)
    {
        var current = root;
        for (var guard = 0; guard < 32; guard++)
        {
            if (current.Wrappers.Count == 0 || (current.Wrappers.Count == 1 && current.Wrappers[0].Kind == FileEntityKind.Reader))
            {
                return current;
            }

            if (current.Wrappers.Count > 1)
            {
                return null;
            }

            current = current.Wrappers[0];
        }

        return null;
    }
}
