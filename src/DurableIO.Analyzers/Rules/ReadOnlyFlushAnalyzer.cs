using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR013: <c>FileStream.Flush(true)</c> on a stream visibly opened for reading only (<c>FileAccess.Read</c>,
/// <c>File.OpenRead</c>, <c>FileInfo.OpenRead</c>, <c>FileStreamOptions</c> with <c>Access = FileAccess.Read</c>). The runtime
/// checks <c>CanWrite</c> and returns at once, so nothing reaches the disk.
/// </summary>
/// <remarks>
/// Only a constant <c>Flush(true)</c> is reported (not <c>RandomAccess.FlushToDisk</c>, which flushes any handle). A stream
/// opened on a directory (as DUR012 tells one) is DUR012's finding, not this one's.
/// Diagnostic data for the code fix: the diagnostic is on the <c>Flush(true)</c> invocation; <c>AdditionalLocations[0]</c> is the
/// expression that opened the file (the root of the chain: for a FileStream over a handle, the handle's open); the fix reads the path from it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadOnlyFlushAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DUR013);

    protected override void AnalyzeBody(BodyContext context)
    {
        foreach (var flush in context.Model.OfKind(FileOperationKind.FlushToDisk))
        {
            if (flush.Source != FlushToDiskSource.FileStreamFlushTrue || flush.Target is not { } stream)
            {
                continue;
            }

            // The FileStream whose CanWrite the runtime checks: the flushed entity itself (a FileStream over a handle has its own
            // access argument; when it is not a constant, the stream may be writable whatever the handle), or the root of its chain.
            var file = stream.Kind == FileEntityKind.FileStream ? stream : stream.Root;
            var access = file.Access;
            // A field the type opens read-only (in its constructor, say) is flushed in another member: the open is there.
            var open = file.Root.Origin == FileEntityOrigin.Created
                ? file.Root.OpenOperation
                : stream.IsControlledMember ? file.Root.MemberFile?.Created?.Root.OpenOperation : null;
            if (access != 1 || open is null)
            {
                continue;
            }

            if (open.Path?.IsDirectory == true || (open.Target?.Origin == FileEntityOrigin.Created && file.Root.Origin == FileEntityOrigin.Created
                && DirectoryOpenAnalyzer.OpensADirectory(context.Model, open, out _)))
            {
                continue; // DUR012: opening it already throws
            }

            context.Report(
                Descriptors.DUR013,
                flush.Location,
                downgradeToInfo: false,
                new[] { open.Location },
                properties: null,
                stream.DisplayName);
        }
    }
}
