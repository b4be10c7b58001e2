using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// The rename family: DUR001 (a file renamed over a target before its data reached the disk), DUR002 (a replacing
/// rename never followed by a sync of the destination directory), DUR009 (the renamed temporary file is in the system temp
/// folder, or in another literal directory than the target) and DUR010 (the target deleted before the move onto it).
/// </summary>
/// <remarks>
/// Diagnostic data for the code fixes: declared in <see cref="DiagnosticData.Dur001"/>, <see cref="DiagnosticData.Dur002"/>,
/// <see cref="DiagnosticData.Dur009"/> and <see cref="DiagnosticData.Dur010"/>, documented in <c>docs/diagnostic-data.md</c>.
/// DUR001's decision (which write is unflushed, whether write and rename may collapse) is <see cref="FindUnflushedWrite"/>,
/// which the DUR002 fix asks too.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RenameAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR001, Descriptors.DUR002, Descriptors.DUR009, Descriptors.DUR010);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.Rename)
            {
                continue;
            }

            if (op.IsInHelper)
            {
                AnalyzeRenameBeforeFlush(context, op); // the caller's writes; the rest is reported in the helper itself
                continue;
            }

            // A durable rename still fails across file systems, and still leaves no file after a delete before it.
            AnalyzeTempFileInOtherDirectory(context, op);
            AnalyzeDeleteBeforeRename(context, op);
            if (op.IsDurable)
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
        if (FindUnflushedWrite(model, rename, out var collapsible) is not { } unflushed)
        {
            return;
        }

        var source = rename.Path!;
        var sourceText = Display(rename.PathArgument, source);
        var destinationText = Display(rename.DestinationArgument, rename.Destination);
        var cacheName = CacheHeuristic.FindCacheName(
            model, context.OwningSymbol, new[] { source, rename.Destination }, unflushed.Target?.Symbol, unflushed.Target?.Root.Symbol);
        var consequence = "after a crash '" + destinationText + "' can be empty or hold partial data";
        if (cacheName is not null)
        {
            consequence += "; " + CacheHeuristic.Explain(cacheName);
        }

        var properties = DiagnosticData.Dur001.Properties(unflushed.IsWholeFile ? DiagnosticData.WriteKind.WholeFile : DiagnosticData.WriteKind.Stream, collapsible);

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

    /// <summary>
    /// DUR001's decision for <paramref name="rename"/>: the last write of the renamed file that no flush to disk follows before
    /// the rename (null when there is none, or when the story is not fully visible: then the rule is silent), and whether the
    /// fix may collapse that write and the rename into one <c>DurableFile.WriteAll*</c> (the only write of the file, a single
    /// non-append, non-durable whole-file call). The DUR002 fix asks it too, to offer the same collapse.
    /// </summary>
    internal static FileOperation? FindUnflushedWrite(FileModel model, FileOperation rename, out bool collapsible)
    {
        collapsible = false;
        var source = rename.Path;
        if (source is null || !source.IsFullyKnown)
        {
            return null;
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
                return null; // the story is not fully visible: stay silent
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

        collapsible = unflushed is not null && writeCount == 1 && unflushed.IsWholeFile && !unflushed.IsAppend && !unflushed.IsDurable && !unflushed.IsInHelper;
        return unflushed;
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

        if (context.Analysis.IsDirectorySyncedAfter(model, destination, rename.Index, context.CancellationToken))
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

        // A rename primitive behind an interface (IFileSystem.Rename, with its own SyncDirectory member) is finished by callers out of sight.
        var fromUnseenCaller = UnseenCallers.FromUnseenContractCaller(destination);
        if (fromUnseenCaller)
        {
            consequence += " (reported as information: the path comes from a caller the analysis cannot see, which may sync the directory)";
        }

        context.Report(
            Descriptors.DUR002,
            rename.Location,
            downgradeToInfo: cacheName is not null || fromUnseenCaller,
            additionalLocations: null,
            DiagnosticData.Dur002.Properties(rename.IsReplace),
            destinationText,
            consequence);
    }

    /// <summary>DUR009.</summary>
    private static void AnalyzeTempFileInOtherDirectory(BodyContext context, FileOperation rename)
    {
        var source = rename.Path;
        var destination = rename.Destination;
        if (source is null || destination is null)
        {
            return;
        }

        var fromTemp = IsInTempDirectory(source);
        if (fromTemp)
        {
            if (IsInTempDirectory(destination) || destination.Directory.Equals(source.Directory) || NamesTemp(destination))
            {
                return; // from the temp folder to the temp folder (or to a directory whose name says so): one file system
            }
        }
        else if (LiteralDirectory(source) is not { } sourceDirectory || LiteralDirectory(destination) is not { } destinationDirectory
            || string.Equals(sourceDirectory, destinationDirectory, System.StringComparison.OrdinalIgnoreCase))
        {
            return; // symbolic paths cannot prove two directories different
        }

        var model = context.Model;
        var writes = new List<FileOperation>(model.WritesOf(source, rename.Index));
        var onlyWrite = writes.Count == 1 ? writes[0] : null;
        var collapsible = onlyWrite is { IsWholeFile: true, IsAppend: false, IsDurable: false, IsInHelper: false }
            && !rename.IsReplace && rename.Overwrites == true && !TouchedOtherwise(model, source, rename, onlyWrite);
        var nextToTarget = fromTemp && CanCreateElsewhere(model, source, rename.Index);
        var writeKind = onlyWrite is null ? DiagnosticData.WriteKind.None : onlyWrite.IsWholeFile ? DiagnosticData.WriteKind.WholeFile : DiagnosticData.WriteKind.Stream;
        var properties = DiagnosticData.Dur009.Properties(writeKind, collapsible, nextToTarget);

        context.Report(
            Descriptors.DUR009,
            rename.Location,
            downgradeToInfo: false,
            collapsible ? new[] { onlyWrite!.Location } : null,
            properties,
            Display(rename.PathArgument, source),
            Display(rename.DestinationArgument, destination));
    }

    /// <summary>True for <c>Path.GetTempFileName()</c>, and paths built on <c>Path.GetTempPath()</c> or on a temp file name.</summary>
    private static bool IsInTempDirectory(PathValue path)
    {
        switch (path.Kind)
        {
            case PathValueKind.TempFile:
            case PathValueKind.TempDirectory:
                return true;
            case PathValueKind.Concat:
            case PathValueKind.Combine:
            case PathValueKind.ChangeExtension:
                return path.Parts.Length > 0 && IsInTempDirectory(path.Parts[0]);
            default:
                return false;
        }
    }

    /// <summary>
    /// True when a variable, field or literal the destination is built from says <i>temp</i>/<i>tmp</i> (a test's scratch
    /// directory under the temp folder, held in a field): the move may well stay in the temp folder, so stay silent.
    /// </summary>
    private static bool NamesTemp(PathValue destination)
    {
        foreach (var symbol in destination.Symbols())
        {
            if (SaysTemp(symbol.Name))
            {
                return true;
            }
        }

        foreach (var literal in destination.Literals())
        {
            if (literal.Replace('\\', '/').Split('/').Any(SaysTemp))
            {
                return true;
            }
        }

        return false;

        static bool SaysTemp(string name) =>
            name.IndexOf("temp", System.StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("tmp", System.StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>The directory of a path made only of literals, normalised (separators, <c>./</c>), or null.</summary>
    private static string? LiteralDirectory(PathValue path)
    {
        var text = LiteralText(path);
        if (text is null || text.IndexOf("..", System.StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        text = text.Replace('\\', '/');
        var slash = text.LastIndexOf('/');
        var directory = slash < 0 ? string.Empty : text.Substring(0, slash);
        while (directory.StartsWith("./", System.StringComparison.Ordinal))
        {
            directory = directory.Substring(2);
        }

        return directory is "." ? string.Empty : directory.TrimEnd('/');
    }

    private static string? LiteralText(PathValue path)
    {
        switch (path.Kind)
        {
            case PathValueKind.Literal:
                return path.Literal;
            case PathValueKind.Concat:
                var text = new System.Text.StringBuilder();
                foreach (var part in path.Parts)
                {
                    if (LiteralText(part) is not { } piece)
                    {
                        return null;
                    }

                    text.Append(piece);
                }

                return text.ToString();
            case PathValueKind.Combine:
                var combined = string.Empty;
                foreach (var part in path.Parts)
                {
                    if (LiteralText(part) is not { } piece || piece.Length == 0)
                    {
                        return null;
                    }

                    var rooted = piece[0] is '/' or '\\' || (piece.Length > 1 && piece[1] == ':');
                    combined = rooted || combined.Length == 0 ? piece : combined.TrimEnd('/', '\\') + "/" + piece;
                }

                return combined;
            default:
                return null;
        }
    }

    /// <summary>True when something other than <paramref name="write"/> and renames uses the path before the rename (a read, an open, unknown code).</summary>
    private static bool TouchedOtherwise(FileModel model, PathValue path, FileOperation rename, FileOperation write)
    {
        foreach (var op in model.Between(-1, rename.Index))
        {
            if (ReferenceEquals(op, write) || op.Operation == rename.Operation)
            {
                continue; // DurableFile.Move's own flush of its source is part of the rename
            }

            if ((op.Path is not null && op.Path.Equals(path)) || (op.Target?.Path is not null && op.Target.Path.Equals(path))
                || (op.Destination is not null && op.Destination.Equals(path)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the temporary file may as well not exist before the code writes it: every open of it creates
    /// (CreateNew, Create, OpenOrCreate, Append) and it is never handed to unknown code.
    /// </summary>
    private static bool CanCreateElsewhere(FileModel model, PathValue path, int before)
    {
        foreach (var op in model.Between(-1, before))
        {
            switch (op.Kind)
            {
                case FileOperationKind.Open when op.Path is not null && op.Path.Equals(path):
                    if (op.Target?.MayCreate != true)
                    {
                        return false;
                    }

                    break;
                case FileOperationKind.Escape when op.Path is not null && op.Path.Equals(path):
                case FileOperationKind.Rename when op.Destination is not null && op.Destination.Equals(path):
                    return false;
            }
        }

        return true;
    }

    /// <summary>DUR010.</summary>
    private static void AnalyzeDeleteBeforeRename(BodyContext context, FileOperation rename)
    {
        var destination = rename.Destination;
        if (rename.IsReplace || destination is null || !destination.IsFullyKnown)
        {
            return;
        }

        var model = context.Model;
        FileOperation? delete = null;
        for (var i = rename.Index - 1; i >= 0 && delete is null; i--)
        {
            var op = model.Operations[i];
            if (op.Kind == FileOperationKind.Delete && op.Path is not null && op.Path.Equals(destination))
            {
                delete = op;
            }
            else if ((op.Path is not null && op.Path.Equals(destination)) || (op.Destination is not null && op.Destination.Equals(destination))
                || (op.Target?.Path is not null && op.Target.Path.Equals(destination)))
            {
                return; // the destination is used in between: not a plain delete-then-move
            }
        }

        if (delete is null || DeleteGuard(delete, rename) is not { } guard)
        {
            return;
        }

        if (model.IsRenamedOrDeletedAfter(destination, rename.Index))
        {
            return; // the target itself is transient (a backup slot rotated and deleted again): its absence harms no one
        }

        var destinationText = Display(rename.DestinationArgument, destination);
        var cacheName = CacheHeuristic.FindCacheName(model, context.OwningSymbol, new[] { destination, rename.Path });
        var consequence = "until the move there is no '" + destinationText + "' at all, so a crash or a reader in between finds no file";
        if (cacheName is not null)
        {
            consequence += "; " + CacheHeuristic.Explain(cacheName);
        }

        // NReco.Logging.File's rolling: Delete(moveFile); Move(baseLogFileName, moveFile) with moveFile =
        // GetFileFromIndex(baseLogFileName, n). The target is a slot named after the source (a rolled log, a backup): the
        // file that matters keeps its name until the move, and the slot's old copy is what the move discards anyway.
        var archiveSlot = cacheName is null && IsNamedAfterTheSource(model, rename);
        if (archiveSlot)
        {
            consequence += " (reported as information: the target's name is computed from the source's, as for a rolled log or a backup slot, whose old copy the move discards anyway)";
        }

        context.Report(
            Descriptors.DUR010,
            delete.Location,
            downgradeToInfo: cacheName is not null || archiveSlot,
            new[] { rename.Location },
            DiagnosticData.Dur010.Properties(guard),
            destinationText,
            consequence);
    }

    /// <summary>
    /// True when the rename's source is a variable (<c>baseLogFileName</c>, <c>finfo.FullName</c>) that the destination's
    /// value is computed from, directly or through the locals of the body that it reads (<c>moveFile =
    /// GetFileFromIndex(baseLogFileName, index + 1)</c>, <c>index = GetIndexFromFile(baseLogFileName, finfo.Name)</c>). A source
    /// built from parts (<c>Path.Combine(dir, "state.new")</c>) is no such variable: sharing a directory is not enough.
    /// </summary>
    private static bool IsNamedAfterTheSource(FileModel model, FileOperation rename)
    {
        if (rename.PathArgument is null || rename.DestinationArgument is null || VariableOf(rename.PathArgument) is not { } source)
        {
            return false;
        }

        var read = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IOperation>();
        pending.Push(rename.DestinationArgument);
        for (var guard = 0; pending.Count > 0 && guard < 64; guard++)
        {
            foreach (var operation in pending.Pop().DescendantsAndSelf())
            {
                var symbol = operation switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (symbol is null || !read.Add(symbol))
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(symbol, source))
                {
                    return true;
                }

                if (symbol is ILocalSymbol)
                {
                    foreach (var value in ValuesAssignedTo(model.Body, symbol))
                    {
                        pending.Push(value);
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The local or parameter an argument is, or whose member it reads (<c>finfo.FullName</c>, <c>job.Path</c>).</summary>
    private static ISymbol? VariableOf(IOperation argument)
    {
        var current = argument;
        while (current is IConversionOperation conversion)
        {
            current = conversion.Operand;
        }

        if (current is IMemberReferenceOperation { Instance: { } instance } && current is IPropertyReferenceOperation or IFieldReferenceOperation)
        {
            current = instance;
        }

        return current switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
    }

    private static IEnumerable<IOperation> ValuesAssignedTo(IOperation body, ISymbol local)
    {
        var root = body;
        for (var guard = 0; root.Parent is not null && guard < 1000; guard++)
        {
            root = root.Parent;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    yield return initializer.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return assignment.Value;
                    break;
            }
        }
    }

    /// <summary>
    /// How the delete statement precedes the rename statement in the same block: "None" (a plain statement), "Exists"
    /// (alone under <c>if (File.Exists(…))</c> without else), "Other" (alone under another <c>if</c> without else); null when
    /// the rename does not visibly run after the delete (other branches, other blocks).
    /// </summary>
    private static DiagnosticData.DeleteGuard? DeleteGuard(FileOperation delete, FileOperation rename)
    {
        if (delete.Operation.Parent is not IExpressionStatementOperation { Syntax: StatementSyntax deleteStatement }
            || rename.Operation.Parent is not IExpressionStatementOperation { Syntax: StatementSyntax renameStatement })
        {
            return null;
        }

        StatementSyntax anchor = deleteStatement;
        var guard = DiagnosticData.DeleteGuard.None;
        var parent = deleteStatement.Parent;
        if (parent is BlockSyntax { Statements.Count: 1 } single && single.Parent is IfStatementSyntax)
        {
            parent = single.Parent;
        }

        if (parent is IfStatementSyntax { Else: null } ifStatement)
        {
            anchor = ifStatement;
            guard = ifStatement.Condition is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Exists" } } ? DiagnosticData.DeleteGuard.Exists : DiagnosticData.DeleteGuard.Other;
        }

        var anchorContainer = anchor.Parent is GlobalStatementSyntax anchorGlobal ? anchorGlobal.Parent : anchor.Parent;
        var renameContainer = renameStatement.Parent is GlobalStatementSyntax renameGlobal ? renameGlobal.Parent : renameStatement.Parent;
        return anchorContainer is not null && anchorContainer == renameContainer && anchor.Span.End <= renameStatement.SpanStart ? guard : null;
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
