using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR002 (a replacing rename never followed by a sync of the destination directory). Two fixes:
/// <list type="bullet">
/// <item>the rename becomes <c>DurableFile.Move(…, overwrite: true)</c>/<c>DurableFile.Replace(…)</c>, which sync the directory
/// (and flush the source first); for <c>FileInfo.MoveTo</c> only when the FileInfo is not used afterwards;</item>
/// <item><c>DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(destination))!)</c> right after the rename: the full
/// path makes a bare file name's directory the current one (as the rename resolved it), and the directory of a file's full
/// path is never null, which the <c>!</c> says to the nullable analysis (left out before C# 8).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameWithoutDirectorySyncCodeFixProvider))]
[Shared]
public sealed class RenameWithoutDirectorySyncCodeFixProvider : DurableIOCodeFixProvider
{
    public const string DurableRenameKey = "DUR002.DurableRename";
    public const string SyncDirectoryKey = "DUR002.SyncDirectory";
    public const string WriteDirectlyKey = "DUR002.WriteDirectly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RenameWithoutDirectorySync);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var facts = DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Rename, cancellationToken);
        var rename = RenameCall.Find(model, facts, cancellationToken);
        if (facts is null || rename is null || rename.IsDurable)
        {
            yield break;
        }

        var durableFileFree = FixSyntax.NameIsFree(model, rename.Invocation.SpanStart, "DurableFile");
        var collapse = durableFileFree ? TryCollapse(root, model, facts, rename, cancellationToken) : null;
        if (collapse is not null)
        {
            yield return collapse;
        }

        if (durableFileFree && rename.CanUseDurableFile(model, cancellationToken))
        {
            var replacement = rename.ToDurableFile();
            yield return new FixOption(
                $"Use DurableFile.{rename.DurableMethodName} (syncs the directory after the rename)",
                DurableRenameKey,
                editor => editor.ReplaceNode(rename.Invocation, replacement),
                fixAllFallbackFor: new[] { WriteDirectlyKey, SyncDirectoryKey });
        }

        var sync = TrySyncDirectory(model, rename, cancellationToken);
        if (sync is not null)
        {
            yield return sync;
        }
    }

    /// <summary>
    /// When the same rename also has a DUR001 whose fix collapses the write of the temporary file and the rename into
    /// <c>DurableFile.WriteAll*(target, …)</c>, that collapse comes first here too: it fixes both diagnostics, and the result does
    /// not depend on which of the two is fixed first (<c>dotnet format</c> may start with either). Whether DUR001 holds for this
    /// rename, and which write may collapse, is DUR001's own decision on the model (<see cref="RenameAnalyzer.FindUnflushedWrite"/>).
    /// </summary>
    private static FixOption? TryCollapse(SyntaxNode root, SemanticModel model, DiagnosticFacts facts, RenameCall rename, CancellationToken cancellationToken)
    {
        if (RenameAnalyzer.FindUnflushedWrite(facts.Model, facts.Operation, out var collapsible) is not { } write || !collapsible)
        {
            return null;
        }

        var collapse = RenameBeforeFlushCodeFixProvider.TryCollapse(root, model, rename, write.Location, cancellationToken);
        return collapse is { } found ? new FixOption(found.Title, WriteDirectlyKey, found.Apply, fixAllFallbackFor: new[] { DurableRenameKey, SyncDirectoryKey }) : null;
    }

    private static FixOption? TrySyncDirectory(SemanticModel model, RenameCall rename, CancellationToken cancellationToken)
    {
        // The sync goes right after the rename's statement: a statement of its own in a statement list.
        StatementSyntax? statement = FixSyntax.ListStatementOf(rename.Invocation);
        if (statement is null && rename.Invocation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
            && FixSyntax.IsInStatementList(declaration))
        {
            statement = declaration; // var info = fileInfo.Replace(…);
        }

        var destination = rename.DestinationArgument;
        if (statement is null || destination is null
            || !FixSyntax.IsSideEffectFreeRead(destination.Expression, model, cancellationToken)
            || !FixSyntax.NameIsFree(model, statement.SpanStart, "DurableDirectory"))
        {
            return null;
        }

        var pathType = FixSyntax.PathTypeName(model, statement.SpanStart);
        var directory = $"{pathType}.GetDirectoryName({pathType}.GetFullPath({destination.Expression.WithoutTrivia()})){FixSyntax.NotNull(statement)}";
        var endOfLine = FixSyntax.EndOfLine(statement);
        var endsLine = statement.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia);
        var leading = FixSyntax.Indentation(statement.GetLeadingTrivia());
        if (!endsLine)
        {
            leading = leading.Insert(0, endOfLine);
        }

        var sync = SyntaxFactory.ParseStatement($"DurableDirectory.Sync({directory});")
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endsLine ? SyntaxFactory.TriviaList(endOfLine) : SyntaxFactory.TriviaList());
        SyntaxNode inserted = statement.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(sync) : sync;
        var anchor = FixSyntax.ListElement(statement);

        return new FixOption(
            "Sync the destination directory after the rename (DurableDirectory.Sync)",
            SyncDirectoryKey,
            editor => editor.InsertAfter(anchor, inserted),
            fixAllFallbackFor: new[] { WriteDirectlyKey, DurableRenameKey });
    }
}
