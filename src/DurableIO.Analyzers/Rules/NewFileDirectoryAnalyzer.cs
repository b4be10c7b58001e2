using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR007: a file the body creates (<c>FileMode.CreateNew</c>/<c>FileMode.Create</c>: <c>new FileStream</c>, <c>File.Create</c>,
/// <c>File.CreateText</c>, <c>FileInfo.Create</c>, <c>new StreamWriter(path)</c>, <c>File.OpenHandle</c>, …) and flushes to disk
/// (or writes through <c>FileOptions.WriteThrough</c>) — the sign that it must survive a crash — with no sync of its directory
/// after the create.
/// </summary>
/// <remarks>
/// <c>FileMode.OpenOrCreate</c>/<c>Append</c> (<c>File.OpenWrite</c>, <c>File.AppendText</c>) are not reported: they usually
/// open an existing file, whose name is already durable. Silent when the story is not visible: the stream is handed to
/// unknown code or returned (a caller may sync the directory), the path or its directory is handed to unknown code, the
/// directory comes from unknown code, a lambda or local function in the body syncs a directory (it may run).
/// A <c>FileOptions.DeleteOnClose</c> file is temporary: not reported. Silent too when the new file is renamed or deleted later in the body: a temporary
/// file's name does not matter; the rename's durability is DUR001/DUR002's business. Likewise when the path is a parameter of a
/// private method and every caller renames or deletes what it passes (<c>WriteTemporaryFile(tmp); File.Move(tmp, path)</c>),
/// or syncs its directory after the call.
/// Cache downgrade (docs/rules/README.md#caches): Info when the path, a variable, the member or the type says <i>cache</i>. Info too when the path
/// is a parameter of code reached through an abstraction (interface implementation, override, virtual, lambda, local function),
/// and when a <c>FileMode.Create</c> file's directory is known but its name comes from code the analysis cannot follow (it may
/// rewrite an existing file).
/// Diagnostic data for the code fix: the diagnostic is on the expression that creates the file;
/// <c>AdditionalLocations[0]</c> is its path argument (a string, or a <c>FileInfo</c> for <c>FileInfo.Create</c>);
/// <c>AdditionalLocations[1]</c>, when present, is the close of the file after its last flush to disk (the <c>using</c>
/// statement, the <c>using</c> declaration, or the <c>Dispose</c>/<c>Close</c> invocation).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NewFileDirectoryAnalyzer : DurabilityAnalyzer
{
    private const int ModeCreateNew = 1;
    private const int ModeCreate = 2;
    private const int DeleteOnClose = 0x04000000;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DUR007);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        foreach (var open in model.OfKind(FileOperationKind.Open))
        {
            if (open.Target is not { Kind: FileEntityKind.FileStream or FileEntityKind.Handle } file
                || file.Mode is not (ModeCreateNew or ModeCreate)
                || open.Path is not { IsDirectory: false } path
                || open.PathArgument is null)
            {
                continue;
            }

            if ((!path.IsFullyKnown && !path.Directory.IsFullyKnown) || !file.IsFullyVisible)
            {
                continue; // the story is not visible
            }

            if (file.Options is int options && (options & DeleteOnClose) != 0)
            {
                continue; // a temporary file: gone after the close
            }

            var flush = LastFlushToDisk(model, file, open.Index);
            if (flush is null)
            {
                continue; // not flushed: the author did not ask for durability (DUR006's business)
            }

            if (context.Analysis.IsDirectorySyncedAfter(model, path, open.Index, context.CancellationToken)
                || NestedBodySyncsADirectory(context)
                || context.Analysis.IsTemporary(model, path, open.Index, context.CancellationToken))
            {
                continue;
            }

            var pathText = open.PathArgument.Syntax.ToString();
            var cacheName = CacheHeuristic.FindCacheName(model, context.OwningSymbol, new[] { path }, file.Symbol, Outermost(file).Symbol);
            var consequence = "after a crash the file can be missing although its data was flushed to disk";
            if (cacheName is not null)
            {
                consequence += "; " + CacheHeuristic.Explain(cacheName);
            }

            var fromUnseenCaller = path is { Kind: PathValueKind.Symbol, Symbol: IParameterSymbol parameter } && UnseenCallers.IsReachedThroughAnAbstraction(parameter);
            if (fromUnseenCaller)
            {
                consequence += " (reported as information: the path comes from a caller the analysis cannot see, which may rename the file or sync its directory)";
            }

            // The directory is known but the file's name comes from code the analysis cannot follow (a setting two objects
            // away: RavenDB's Configuration.Security.CertificatePath): FileMode.Create may be rewriting a file that exists,
            // whose name is already durable. CreateNew always makes a new entry.
            var nameUnknown = !fromUnseenCaller && file.Mode == ModeCreate && !path.IsFullyKnown;
            if (nameUnknown)
            {
                consequence += " (reported as information: the file's name comes from code the analysis cannot follow, and FileMode.Create may rewrite a file that already exists)";
            }

            var close = model.FindClose(file, flush.Index);
            var additional = close is null
                ? new[] { open.PathArgument.Syntax.GetLocation() }
                : new[] { open.PathArgument.Syntax.GetLocation(), close.Location };

            context.Report(
                Descriptors.DUR007,
                open.Location,
                downgradeToInfo: cacheName is not null || fromUnseenCaller || nameUnknown,
                additional,
                properties: null,
                pathText,
                consequence);
        }
    }

    /// <summary>The last flush to disk of the file's chain after the open (a write to a write-through file counts), or null.</summary>
    private static FileOperation? LastFlushToDisk(FileModel model, FileEntity file, int after)
    {
        FileOperation? last = null;
        foreach (var op in model.Between(after, model.Operations.Length))
        {
            if (op.Target is null || !op.Target.SameFileAs(file))
            {
                continue;
            }

            if (op.Kind == FileOperationKind.FlushToDisk || (op.Kind == FileOperationKind.Write && file.IsWriteThrough))
            {
                last = op;
            }
        }

        return last;
    }

    /// <summary>
    /// True when a lambda or local function inside this body syncs a directory (<c>Task.Run(() =&gt; DurableDirectory.Sync(dir))</c>,
    /// a retry wrapper): the model cannot tell whether or when it runs, so the sync may happen.
    /// </summary>
    private static bool NestedBodySyncsADirectory(BodyContext context)
    {
        var root = context.Model.Body;
        for (var guard = 0; root.Parent is not null && guard < 1000; guard++)
        {
            root = root.Parent;
        }

        var span = context.Model.Body.Syntax.Span;
        foreach (var body in context.Analysis.GetModels(root, context.OwningSymbol, context.CancellationToken).Bodies)
        {
            if (body.IsNested && !ReferenceEquals(body, context.Model) && span.Contains(body.Body.Syntax.Span))
            {
                foreach (var _ in body.OfKind(FileOperationKind.DirectorySync))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static FileEntity Outermost(FileEntity root)
    {
        var current = root;
        for (var guard = 0; current.Wrappers.Count == 1 && guard < 32; guard++)
        {
            current = current.Wrappers[0];
        }

        return current;
    }
}
