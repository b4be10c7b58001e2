using System.Collections.Generic;
using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// The rename family: DUR001 (a file renamed over a target before its data reached the disk) and DUR002 (a replacing
/// rename never followed by a sync of the destination directory).
/// </summary>
/// <remarks>
/// Diagnostic data for the code fixes:
/// <list type="bullet">
/// <item>DUR001: <c>AdditionalLocations[0]</c> is the last write of the renamed file before the rename;
/// property <see cref="WriteKindProperty"/> is <c>WholeFile</c> (a <c>File.WriteAll*</c>/<c>AppendAll*</c> call) or <c>Stream</c>;
/// property <see cref="CollapsibleProperty"/> is <c>true</c> when that write is the only write of the file, a single
/// non-append <c>File.WriteAll*</c> call, so the fix may collapse write + rename into <c>DurableFile.WriteAll*(destination, …)</c>.</item>
/// <item>DUR002: property <see cref="IsReplaceProperty"/> is <c>true</c> for <c>File.Replace</c>/<c>FileInfo.Replace</c>.</item>
/// <item>Both: the diagnostic is on the rename invocation.</item>
/// </list>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RenameAnalyzer : DurabilityAnalyzer
{
    public const string WriteKindProperty = "WriteKind";
    public const string CollapsibleProperty = "Collapsible";
    public const string IsReplaceProperty = "IsReplace";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR001, Descriptors.DUR002);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.Rename || op.IsDurable)
            {
                continue;
            }

            AnalyzeRenameBeforeFlush(context, op);
            AnalyzeRenameWithoutDirectorySync(context, op);
        }
    }

    /// <summary>DUR001.</summary>
    private static void AnalyzeRenameBeforeFlush(BodyContext context, FileOperation rename)
    {
        var model = context.Model;
        var source = rename.Path;
        if (source is null || !source.IsFullyKnown)
        {
            return;
        }

        // Group the writes of the renamed file by what wrote them: each whole-file call, each stream chain.
        FileOperation? unflushed = null;
        var seenRoots = new HashSet<FileEntity>();
        var writeCount = 0;
        var writes = new List<FileOperation>(model.WritesOf(source, rename.Index));
        for (var i = writes.Count - 1; i >= 0; i--)
        {
            var write = writes[i];
            writeCount++;
            if (write.IsWholeFile)
            {
                if (unflushed is null && model.FindFlushToDisk(source, write.Index, rename.Index) is null)
                {
                    unflushed = write;
                }

                continue;
            }

            var file = write.Target!;
            if (!seenRoots.Add(file.Root))
            {
                continue; // only the last write of each stream matters
            }

            if (!file.IsFullyVisible && (file.Root.Origin != FileEntityOrigin.Created || model.FindEscape(file, rename.Index) is not null))
            {
                return; // the story is not fully visible: stay silent
            }

            if (file.IsWriteThrough)
            {
                continue;
            }

            if (unflushed is null && model.FindFlushToDisk(file, write.Index, rename.Index) is null)
            {
                unflushed = write;
            }
        }

        if (unflushed is null)
        {
            return;
        }

        var sourceText = Display(rename.PathArgument, source);
        var destinationText = Display(rename.DestinationArgument, rename.Destination);
        var cacheName = CacheHeuristic.FindCacheName(
            model, context.OwningSymbol, new[] { source, rename.Destination }, unflushed.Target?.Symbol, unflushed.Target?.Root.Symbol);
        var consequence = "after a crash '" + destinationText + "' can be empty or hold partial data";
        if (cacheName is not null)
        {
            consequence += "; " + CacheHeuristic.Explain(cacheName);
        }

        var collapsible = writeCount == 1 && unflushed.IsWholeFile && !unflushed.IsAppend && !unflushed.IsDurable;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(WriteKindProperty, unflushed.IsWholeFile ? "WholeFile" : "Stream")
            .Add(CollapsibleProperty, collapsible ? "true" : "false");

        context.Report(
            Descriptors.DUR001,
            rename.Location,
            downgradeToInfo: cacheName is not null,
            new[] { unflushed.Location },
            properties,
            sourceText,
            destinationText,
            consequence);
    }

    /// <summary>DUR002.</summary>
    private static void AnalyzeRenameWithoutDirectorySync(BodyContext context, FileOperation rename)
    {
        if (rename.Overwrites != true)
        {
            return;
        }

        var model = context.Model;
        var destination = rename.Destination;
        if (destination is null || (!destination.IsFullyKnown && !destination.Directory.IsFullyKnown))
        {
            return; // the destination's directory comes from unknown code: the story is not visible
        }

        if (model.FindDirectorySync(destination.Directory, destination, rename.Index, model.Operations.Length) is not null)
        {
            return;
        }

        var destinationText = Display(rename.DestinationArgument, destination);
        var cacheName = CacheHeuristic.FindCacheName(model, context.OwningSymbol, new[] { destination, rename.Path });
        var consequence = "after a crash the rename can be undone and the previous '" + destinationText + "' can come back";
        if (cacheName is not null)
        {
            consequence += "; " + CacheHeuristic.Explain(cacheName);
        }

        context.Report(
            Descriptors.DUR002,
            rename.Location,
            downgradeToInfo: cacheName is not null,
            additionalLocations: null,
            ImmutableDictionary<string, string?>.Empty.Add(IsReplaceProperty, rename.IsReplace ? "true" : "false"),
            destinationText,
            consequence);
    }

    private static string Display(IOperation? argument, PathValue? value)
    {
        if (argument is not null)
        {
            return argument.Syntax.ToString();
        }

        return value?.Literal ?? value?.Symbol?.Name ?? "the file";
    }
}
