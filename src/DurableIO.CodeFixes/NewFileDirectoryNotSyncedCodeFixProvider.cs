using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR007 (a new file's directory entry is never synced): inserts
/// <c>DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);</c> (for <c>FileInfo.Create</c>:
/// <c>DurableDirectory.Sync(file.DirectoryName!)</c>) after the file is closed. The full path makes a bare file name's directory
/// the current one (<c>Path.GetDirectoryName("a.txt")</c> is empty); the <c>!</c> (C# 8 on) says the directory of a full path is
/// never null.
/// </summary>
/// <remarks>
/// Where the sync goes: after the <c>using</c> statement (the outermost of stacked ones); after the block that ends the scope of
/// a <c>using</c> declaration — or, when that block is the body itself, as its last statement (before a final <c>return</c>),
/// which is before the dispose at the end of the scope and equally durable (the name exists from the create on); after an explicit <c>Dispose</c>/<c>Close</c>
/// statement, or after the <c>try</c> statement whose <c>finally</c> closes the file. Offered only when that place is exact:
/// nothing in between can leave early (<c>return</c>, <c>break</c>, …), the path can be evaluated again there with the same
/// value (locals and parameters never reassigned, pure <c>Path</c> methods, literals) and is in scope there.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NewFileDirectoryNotSyncedCodeFixProvider))]
[Shared]
public sealed class NewFileDirectoryNotSyncedCodeFixProvider : DurableIOCodeFixProvider
{
    public const string SyncDirectoryKey = "DUR007.SyncDirectory";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NewFileDirectoryNotSynced);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur007.PathArgument) is not { } pathLocation
            || DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur007.Close) is not { } closeLocation
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax creation
            || root.FindNode(pathLocation.SourceSpan, getInnermostNodeForTie: true) is not SyntaxNode pathNode)
        {
            yield break;
        }

        var path = pathNode as ExpressionSyntax ?? (pathNode as ArgumentSyntax)?.Expression;
        var close = root.FindNode(closeLocation.SourceSpan, getInnermostNodeForTie: true);
        if (path is null || Placement(creation, close) is not { } placement)
        {
            yield break;
        }

        var (anchor, region) = placement;
        var position = anchor.Span.End;
        if (FixSyntax.CanLeaveEarly(region)
            || !FixSyntax.IsUnchangedInBody(path, model, cancellationToken)
            || !FixSyntax.IsInScopeAt(path, model, position, cancellationToken)
            || !FixSyntax.NameIsFree(model, position, "DurableDirectory"))
        {
            yield break;
        }

        var pathText = path.WithoutTrivia().ToString();
        var bang = FixSyntax.NotNull(anchor);
        string directory;
        if (model.GetTypeInfo(path, cancellationToken).Type?.ToDisplayString() == "System.IO.FileInfo")
        {
            directory = (path is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax ? pathText : "(" + pathText + ")") + ".DirectoryName" + bang;
        }
        else
        {
            var pathType = FixSyntax.PathTypeName(model, position);
            directory = $"{pathType}.GetDirectoryName({pathType}.GetFullPath({pathText})){bang}";
        }

        var statement = FixSyntax.NewStatement($"DurableDirectory.Sync({directory});", anchor);
        yield return new FixOption(
            "Sync the new file's directory after it is closed (DurableDirectory.Sync)",
            SyncDirectoryKey,
            editor => FixSyntax.InsertAfter(editor, anchor, statement));
    }

    /// <summary>The statement to insert after, and the statements from the create to there that must not leave early.</summary>
    private static (StatementSyntax Anchor, IEnumerable<SyntaxNode> Region)? Placement(ExpressionSyntax creation, SyntaxNode close)
    {
        switch (close)
        {
            case UsingStatementSyntax usingStatement:
                StatementSyntax outermost = usingStatement;
                while (outermost.Parent is UsingStatementSyntax stacked && stacked.Statement == outermost)
                {
                    outermost = stacked;
                }

                return Within(creation, outermost, outermost);

            case LocalDeclarationStatementSyntax declaration when declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                && FixSyntax.IsInStatementList(declaration):
                if (declaration.Parent is BlockSyntax { Parent: BlockSyntax } scope)
                {
                    // { using var fs = …; … } next: after the inner block, where the file is closed.
                    return Within(creation, scope, scope);
                }

                var siblings = FixSyntax.Siblings(declaration);
                var last = siblings[siblings.Count - 1];
                if (last is ReturnStatementSyntax && siblings.Count >= 2)
                {
                    // … return x; the scope ends with the return: the sync goes just before it (the name exists from the create on).
                    last = siblings[siblings.Count - 2];
                }

                return last == declaration ? null : Within(creation, last, last);

            case InvocationExpressionSyntax invocation:
                var statement = FixSyntax.StatementOf(invocation);
                if (statement is null || !FixSyntax.IsInStatementList(statement))
                {
                    return null;
                }

                if (statement.Parent is BlockSyntax { Parent: FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement } })
                {
                    // try { … } finally { fs.Dispose(); }: after the try statement.
                    return Within(creation, tryStatement, tryStatement);
                }

                return Within(creation, statement, statement);

            default:
                return null;
        }
    }

    /// <summary>
    /// Places the sync after <paramref name="anchor"/> when the create is in the same statement list, at or before
    /// <paramref name="end"/>: the region is the statements from the create's statement through <paramref name="end"/>.
    /// </summary>
    private static (StatementSyntax, IEnumerable<SyntaxNode>)? Within(ExpressionSyntax creation, StatementSyntax anchor, StatementSyntax end)
    {
        if (!FixSyntax.IsInStatementList(anchor))
        {
            return null;
        }

        var siblings = FixSyntax.Siblings(end);
        var start = FixSyntax.AncestorIn(creation, siblings);
        if (start is null)
        {
            return null;
        }

        var from = FixSyntax.IndexIn(siblings, start);
        var to = FixSyntax.IndexIn(siblings, end);
        if (from < 0 || to < from)
        {
            return null;
        }

        return (anchor, siblings.Skip(from).Take(to - from + 1).ToList());
    }
}
