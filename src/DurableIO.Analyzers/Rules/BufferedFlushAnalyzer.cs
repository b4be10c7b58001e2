using System.Collections.Generic;
using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// The buffered-flush family: DUR004 (a flush to disk of a stream while a buffering wrapper above it still holds data
/// written to it) and DUR005 (<c>Flush()</c>/<c>FlushAsync()</c> on a file stream or a writer over one, with no flush to
/// disk of that file afterwards in the body).
/// </summary>
/// <remarks>
/// <para>
/// DUR004 is reported on the flush to disk (<c>Flush(true)</c>, <c>RandomAccess.FlushToDisk</c>, a P/Invoked fsync, the
/// runtime's <c>FlushToDisk</c> of the stream, a configured or helper flush of the stream) when a buffering wrapper of the
/// same chain above the flushed stream (StreamWriter, BufferedStream, GZip/Deflate/Brotli/ZLib, CryptoStream — never
/// BinaryWriter, nor a StreamWriter with <c>AutoFlush</c>) was written after its last flush, close, or flush to disk (of it
/// or of a wrapper above it) and did not escape to unknown code in between. The wrapper must be created in the body.
/// <c>AdditionalLocations[0]</c> is the last pending write; property <c>Wrapper</c> (<see cref="DiagnosticData.Dur004"/>) is the wrapper's
/// variable name (empty for a temporary), <c>WrapperFlushesToDisk</c> is <c>true</c> when the runtime's
/// <c>FlushToDisk()</c> on that wrapper reaches the same file (StreamWriter/BinaryWriter/BufferedStream over
/// BufferedStreams only, down to a FileStream).
/// </para>
/// <para>
/// DUR005 is reported on the <c>Flush()</c>/<c>FlushAsync()</c> invocation of a chain opened in the body on a file
/// (not a MemoryStream, not read-only, not write-through), written before the flush, when no flush to disk of that file —
/// nor an unattributed flush to disk, nor an escape of the chain or its path — follows anywhere in the body. An explicit
/// <c>Flush(false)</c> is never reported. Property <c>ReachesFileStream</c> (<see cref="DiagnosticData.Dur005"/>) is <c>true</c> when the
/// runtime's <c>FlushToDisk()</c> on the flushed object reaches the file (same condition as above).
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BufferedFlushAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR004, Descriptors.DUR005);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        foreach (var op in model.Operations)
        {
            switch (op.Kind)
            {
                case FileOperationKind.FlushToDisk when op.Target is not null && op.Source != FlushToDiskSource.FileStreamFlushVariable:
                    AnalyzeFlushUnderWrapper(context, op, op.Target);
                    break;
                case FileOperationKind.Flush when !op.IsExplicitNoDisk && op.Target is not null:
                    AnalyzeFlushWithoutDisk(context, op, op.Target);
                    break;
            }
        }
    }

    /// <summary>DUR004.</summary>
    private static void AnalyzeFlushUnderWrapper(BodyContext context, FileOperation flush, FileEntity flushed)
    {
        var model = context.Model;
        FileOperation? pending = null;
        FileEntity? memberHolder = null;
        FileOperation? memberWrite = null;
        foreach (var wrapper in flushed.Chain())
        {
            if (wrapper.Kind != FileEntityKind.Wrapper || !wrapper.IsBuffering || wrapper.AutoFlush
                || !(wrapper.Origin == FileEntityOrigin.Created || wrapper.IsControlledMember) || !IsAbove(wrapper, flushed))
            {
                continue;
            }

            if (PendingWrite(model, wrapper, flush.Index) is { } write && (pending is null || write.Index > pending.Index))
            {
                pending = write;
            }
            else if (pending is null && memberHolder is null && PendingWriteByAnotherMember(model, wrapper, flush.Index) is { } elsewhere)
            {
                // A writer field that another member writes (Append) still holds that data when this member flushes the
                // stream field under it to disk (Commit): the data in the writer's buffer is not on disk.
                memberHolder = wrapper;
                memberWrite = elsewhere;
            }
        }

        FileEntity holder;
        if (pending?.Target is { } written)
        {
            // Name the outermost buffering wrapper that holds the data: the write went into it (or into a writer above it).
            holder = OutermostBuffering(written, flushed);
        }
        else if (memberHolder is not null && memberWrite is not null)
        {
            holder = memberHolder;
            pending = memberWrite;
        }
        else
        {
            return;
        }

        var properties = DiagnosticData.Dur004.Properties(holder.Symbol?.Name ?? string.Empty, ReachesFileStream(holder));
        context.Report(
            Descriptors.DUR004,
            flush.Location,
            downgradeToInfo: false,
            new[] { pending.Location },
            properties,
            flushed.DisplayName,
            holder.DisplayName);
    }

    /// <summary>
    /// The last write into <paramref name="wrapper"/> (directly or through a wrapper above it) before <paramref name="before"/>
    /// that no flush, flush to disk, close or escape of it (or of a wrapper above it) followed; null when none.
    /// </summary>
    private static FileOperation? PendingWrite(FileModel model, FileEntity wrapper, int before)
    {
        FileOperation? pending = null;
        foreach (var op in model.Between(-1, before))
        {
            if (op.Target is null || !op.Target.SameFileAs(wrapper))
            {
                continue;
            }

            var atOrAbove = ReferenceEquals(op.Target, wrapper) || IsAbove(op.Target, wrapper);
            switch (op.Kind)
            {
                case FileOperationKind.Write when atOrAbove && !IsDirectWrite(op):
                    pending = null; // a serializer that received the writer (XDocument.Save(writer)) may flush it
                    break;
                case FileOperationKind.Write when atOrAbove:
                    pending = op;
                    break;
                case FileOperationKind.Flush or FileOperationKind.FlushToDisk or FileOperationKind.Close when atOrAbove:
                    pending = null;
                    break;
                case FileOperationKind.Escape:
                    pending = null; // unknown code may flush any part of the chain
                    break;
            }
        }

        return pending;
    }

    /// <summary>
    /// For a writer field of the body's type: the first write into it by a member of the type that leaves the data in its
    /// buffer (no flush of it after the write in that member), when this body neither flushes, flushes to disk, closes nor hands out that writer (or one above it) before
    /// <paramref name="before"/>; null otherwise.
    /// </summary>
    private static FileOperation? PendingWriteByAnotherMember(FileModel model, FileEntity wrapper, int before)
    {
        if (wrapper.MemberFile is not { } file)
        {
            return null;
        }

        foreach (var op in model.Between(-1, before))
        {
            if (op.Target is not null && op.Target.SameFileAs(wrapper)
                && (op.Kind == FileOperationKind.Escape
                    || (op.Kind is FileOperationKind.Flush or FileOperationKind.FlushToDisk or FileOperationKind.Close
                        && (ReferenceEquals(op.Target, wrapper) || IsAbove(op.Target, wrapper)))))
            {
                return null;
            }
        }

        foreach (var write in file.WritesLeftBuffered)
        {
            if (IsDirectWrite(write))
            {
                return write;
            }
        }

        return null;
    }

    /// <summary>
    /// True for a write by the stream's or writer's own method (<c>Write*</c>, <c>CopyTo</c> into it, <c>RandomAccess.Write</c>);
    /// false for a method that received it as an argument (<c>XDocument.Save(writer)</c>, <c>JsonSerializer.Serialize(stream, …)</c>):
    /// those write through their own writer and usually flush the stream they were given.
    /// </summary>
    internal static bool IsDirectWrite(FileOperation write)
    {
        for (var type = write.Method?.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.Name is "Stream" or "TextWriter" or "BinaryWriter" or "RandomAccess" && type.ContainingNamespace?.ToDisplayString() == "System.IO")
            {
                return true;
            }
        }

        return write.Method is null;
    }

    private static FileEntity OutermostBuffering(FileEntity written, FileEntity flushed)
    {
        FileEntity? holder = null;
        for (var e = written; e is not null && !ReferenceEquals(e, flushed); e = e.Inner)
        {
            if (e.IsBuffering && e.Kind == FileEntityKind.Wrapper && !e.AutoFlush)
            {
                holder ??= e;
            }
        }

        return holder ?? written;
    }

    /// <summary>True when <paramref name="upper"/> wraps <paramref name="lower"/>, directly or through other wrappers.</summary>
    private static bool IsAbove(FileEntity upper, FileEntity lower)
    {
        var e = upper.Inner;
        for (var guard = 0; e is not null && guard < 64; guard++, e = e.Inner)
        {
            if (ReferenceEquals(e, lower))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the runtime's <c>FlushToDisk()</c> extension exists for <paramref name="entity"/>'s type and reaches a
    /// FileStream through BufferedStreams only (its implementation flushes the chain down to the first FileStream).
    /// </summary>
    internal static bool ReachesFileStream(FileEntity entity)
    {
        if (entity.Type is null || !HasFlushToDiskOverload(entity.Type))
        {
            return false;
        }

        var e = entity;
        for (var guard = 0; guard < 64; guard++)
        {
            if (IsNamed(e.Type, "System.IO.FileStream"))
            {
                return e.Kind == FileEntityKind.FileStream || e.Kind == FileEntityKind.Wrapper;
            }

            if (!ReferenceEquals(e, entity) && !IsNamed(e.Type, "System.IO.BufferedStream"))
            {
                return false;
            }

            if (e.Inner is null)
            {
                return false;
            }

            e = e.Inner;
        }

        return false;
    }

    private static bool HasFlushToDiskOverload(ITypeSymbol type) =>
        IsNamed(type, "System.IO.FileStream") || IsNamed(type, "System.IO.StreamWriter") || IsNamed(type, "System.IO.BinaryWriter") || IsNamed(type, "System.IO.BufferedStream");

    private static bool IsNamed(ITypeSymbol? type, string metadataName)
    {
        if (type is null)
        {
            return false;
        }

        var display = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return display == "global::" + metadataName;
    }

    /// <summary>DUR005.</summary>
    private static void AnalyzeFlushWithoutDisk(BodyContext context, FileOperation flush, FileEntity flushed)
    {
        var model = context.Model;
        var root = flushed.Root;
        var isMember = root.Origin != FileEntityOrigin.Created && flushed.IsControlledMember;
        if (!flushed.IsFile || (root.Origin != FileEntityOrigin.Created && !isMember) || root.IsReadOnly || flushed.IsWriteThrough
            || flushed.Kind == FileEntityKind.Reader)
        {
            return;
        }

        var written = false;
        foreach (var op in model.Between(-1, flush.Index))
        {
            if (op.Kind == FileOperationKind.Write && op.Target is not null && op.Target.SameFileAs(flushed))
            {
                written = true;
                break;
            }
        }

        if (model.FindFlushToDisk(flushed, flush.Index, model.Operations.Length) is not null
            || model.FindEscape(flushed, flush.Index) is not null)
        {
            return;
        }

        // A field of the type: a member that only writes and pushes its buffer (Append) is fine when another member flushes
        // the file to disk (Commit); a member that flushes what others wrote (a Flush() "commit") is the finding.
        if (isMember ? (written && flushed.IsFlushedToDiskByItsType) || !flushed.IsWrittenByItsType : !written)
        {
            return;
        }

        context.Report(
            Descriptors.DUR005,
            flush.Location,
            downgradeToInfo: false,
            additionalLocations: null,
            DiagnosticData.Dur005.Properties(ReachesFileStream(flushed)),
            flushed.DisplayName);
    }
}
