using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RenameWithoutDirectorySync);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var rename = RenameCall.Find(root, model, diagnostic.Location.SourceSpan, cancellationToken);
        if (rename is null)
        {
            yield break;
        }

        if (RenameCall.NameIsFree(model, rename.Invocation.SpanStart, "DurableFile") && rename.CanUseDurableFile(model, cancellationToken))
        {
            var replacement = rename.ToDurableFile();
            yield return new FixOption(
                $"Use DurableFile.{rename.DurableMethodName} (syncs the directory after the rename)",
                DurableRenameKey,
                editor => editor.ReplaceNode(rename.Invocation, replacement));
        }

        var sync = TrySyncDirectory(model, rename, cancellationToken);
        if (sync is not null)
        {
            yield return sync;
        }
    }

    private static FixOption? TrySyncDirectory(SemanticModel model, RenameCall rename, CancellationToken cancellationToken)
    {
        // The sync goes right after the rename's statement: a statement of its own in a statement list.
        StatementSyntax? statement = RenameFixSyntax.StatementOf(rename.Invocation);
        if (statement is null && rename.Invocation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
            && RenameFixSyntax.IsInStatementList(declaration))
        {
            statement = declaration; // var info = fileInfo.Replace(…);
        }

        var destination = rename.DestinationArgument;
        if (statement is null || destination is null
            || !RenameFixSyntax.IsStable(destination.Expression, model, cancellationToken)
            || !RenameCall.NameIsFree(model, statement.SpanStart, "DurableDirectory"))
        {
            return null;
        }

        // System.IO.Path by its simple name when it binds so here, else qualified.
        var pathBinds = model.LookupNamespacesAndTypes(statement.SpanStart, name: "Path") is { Length: 1 } found
            && found[0].ToDisplayString() == "System.IO.Path";
        var pathType = pathBinds ? "Path" : "System.IO.Path";
        var nullableSyntax = ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
        var directory = $"{pathType}.GetDirectoryName({pathType}.GetFullPath({destination.Expression.WithoutTrivia()})){(nullableSyntax ? "!" : string.Empty)}";
        var endOfLine = RenameFixSyntax.EndOfLine(statement);
        var endsLine = statement.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia);
        var leading = RenameFixSyntax.Indentation(statement.GetLeadingTrivia());
        if (!endsLine)
        {
            leading = leading.Insert(0, endOfLine);
        }

        var sync = SyntaxFactory.ParseStatement($"DurableDirectory.Sync({directory});")
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endsLine ? SyntaxFactory.TriviaList(endOfLine) : SyntaxFactory.TriviaList());
        SyntaxNode inserted = statement.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(sync) : sync;
        var anchor = RenameFixSyntax.ListElement(statement);

        return new FixOption(
            "Sync the destination directory after the rename (DurableDirectory.Sync)",
            SyncDirectoryKey,
            editor => editor.InsertAfter(anchor, inserted));
    }
}
