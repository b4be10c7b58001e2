using System;
using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR011: <c>FileStream.Flush(true)</c> right after data went into the FileStream's own buffer, in a project whose
/// <c>build_property.TargetFramework</c> is <c>net6.0*</c> or <c>net7.0*</c> (on those runtimes the first <c>Flush(true)</c>
/// after a buffered write writes the buffer and returns without the disk flush, dotnet/runtime#77373).
/// </summary>
/// <remarks>
/// "Data in the buffer" means: a write to the FileStream itself or through a non-buffering wrapper (BinaryWriter), after
/// which no <c>Flush()</c>, flush to disk or close of the stream (or of a wrapper above it, whose flush cascades down) and
/// no escape of the chain happened. Writes into a buffering writer are DUR004's business. Not reported for a stream opened
/// with a constant <c>bufferSize</c> of 0 or 1, or with <c>FileOptions.WriteThrough</c>, or when the buffer size or options
/// are not constants. A stream received as a parameter or read from a field is reported at Info (its buffer size is not
/// visible). The diagnostic is on the <c>Flush(true)</c> invocation; <c>AdditionalLocations[0]</c> is the last write.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LegacyFlushAnalyzer : DurabilityAnalyzer
{
    public const string TargetFrameworkKey = "build_property.TargetFramework";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR011);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        bool? legacy = null;
        foreach (var flush in model.Operations)
        {
            if (flush.Kind != FileOperationKind.FlushToDisk || flush.Source != FlushToDiskSource.FileStreamFlushTrue || flush.Target is not { } stream)
            {
                continue;
            }

            legacy ??= IsLegacyTarget(context.Analysis.GetOption(flush.Syntax.SyntaxTree, TargetFrameworkKey));
            if (legacy != true)
            {
                return;
            }

            var root = stream.Root;
            if (root.Origin == FileEntityOrigin.Unknown || !stream.IsFile || stream.IsWriteThrough
                || (root.Origin == FileEntityOrigin.Created && root.Options is null) || !IsBuffered(stream))
            {
                continue;
            }

            if (LastUnflushedWrite(model, stream, flush.Index) is not { } write)
            {
                continue;
            }

            context.Report(
                Descriptors.DUR011,
                flush.Location,
                downgradeToInfo: root.Origin != FileEntityOrigin.Created, // a parameter or field: its buffer size is not visible
                new[] { write.Location },
                properties: null,
                stream.DisplayName);
        }
    }

    /// <summary>True for <c>net6.0</c>, <c>net7.0</c> and their platform forms (<c>net6.0-windows</c>, …).</summary>
    internal static bool IsLegacyTarget(string? targetFramework)
    {
        if (targetFramework is null)
        {
            return false;
        }

        var tfm = targetFramework.Trim();
        return tfm.StartsWith("net6.0", StringComparison.OrdinalIgnoreCase) || tfm.StartsWith("net7.0", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>False when the FileStream visibly has no buffer (bufferSize 0 or 1), or when its buffer size is not a constant.</summary>
    private static bool IsBuffered(FileEntity stream)
    {
        // The FileStream that Flush(true) is called on: the target itself (a FileStream over a handle is a wrapper entity).
        var creation = stream.Creation ?? stream.Root.Creation;
        if (stream.Origin != FileEntityOrigin.Created)
        {
            return true; // not visible: the default buffer (reported at Info)
        }

        if (creation is null)
        {
            return false;
        }

        foreach (var argument in ArgumentsOf(creation))
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.Parameter?.Name == "bufferSize")
            {
                if (!IsBufferSize(argument.Value))
                {
                    return false;
                }
            }
            else if (argument.Parameter?.Name == "options" && argument.Value.Type?.Name == "FileStreamOptions")
            {
                if (argument.Value is not IObjectCreationOperation { Initializer: var initializer })
                {
                    return false; // a FileStreamOptions local: its BufferSize is not followed
                }

                foreach (var member in initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BufferSize" } } assignment
                        && !IsBufferSize(assignment.Value))
                    {
                        return false;
                    }
                }
            }
        }

        return true;

        static bool IsBufferSize(IOperation value) => value.ConstantValue is { HasValue: true, Value: int size } && size > 1;
    }

    private static ImmutableArray<IArgumentOperation> ArgumentsOf(IOperation creation) => creation switch
    {
        IObjectCreationOperation objectCreation => objectCreation.Arguments,
        IInvocationOperation invocation => invocation.Arguments,
        _ => ImmutableArray<IArgumentOperation>.Empty,
    };

    /// <summary>
    /// The last write that put data into <paramref name="stream"/>'s own buffer before <paramref name="before"/> (a write to
    /// it or through a non-buffering wrapper above it) with no flush, flush to disk, close or escape of the chain after it.
    /// </summary>
    private static FileOperation? LastUnflushedWrite(FileModel model, FileEntity stream, int before)
    {
        FileOperation? pending = null;
        foreach (var op in model.Between(-1, before))
        {
            if (op.Target is null || !op.Target.SameFileAs(stream))
            {
                continue;
            }

            switch (op.Kind)
            {
                case FileOperationKind.Write when !BufferedFlushAnalyzer.IsDirectWrite(op):
                    pending = null; // a serializer that received the stream may flush it (JsonSerializer, XDocument.Save)
                    break;
                case FileOperationKind.Write when ReachesBufferDirectly(op.Target, stream):
                    pending = op;
                    break;
                case FileOperationKind.Flush or FileOperationKind.FlushToDisk or FileOperationKind.Close or FileOperationKind.Escape:
                    pending = null;
                    break;
            }
        }

        return pending;
    }

    /// <summary>True when a write to <paramref name="target"/> lands in <paramref name="stream"/>'s buffer at once.</summary>
    private static bool ReachesBufferDirectly(FileEntity target, FileEntity stream)
    {
        for (var e = target; e is not null; e = e.Inner)
        {
            if (ReferenceEquals(e, stream))
            {
                return true;
            }

            if (e.IsBuffering || e.Kind != FileEntityKind.Wrapper)
            {
                return false;
            }
        }

        return false;
    }
}
