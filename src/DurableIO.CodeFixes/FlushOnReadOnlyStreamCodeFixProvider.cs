using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Model;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR013 (Flush(true) on a read-only stream does nothing): <c>DurableFile.Sync(path)</c>, with the path the stream was opened
/// on (<c>file.FullName</c> for <c>FileInfo.OpenRead</c>). When the stream is opened only to be flushed and closed (see
/// <see cref="OpenFlushPattern"/>) the whole open-and-flush becomes that one statement; otherwise the <c>Flush(true)</c> call
/// alone becomes <c>DurableFile.Sync(path)</c> and the stream stays for its other uses. Offered only when the path expression can
/// be evaluated again at the flush with the same value and is in scope there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FlushOnReadOnlyStreamCodeFixProvider))]
[Shared]
public sealed class FlushOnReadOnlyStreamCodeFixProvider : DurableIOCodeFixProvider
{
    public const string SyncFileKey = "DUR013.DurableFileSync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FlushOnReadOnlyStream);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur013.Open) is not { } openLocation
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax flush
            || DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.FlushToDisk, cancellationToken)?.At(openLocation, FileOperationKind.Open) is not { } openFact
            || openFact.Syntax is not ExpressionSyntax open
            || DiagnosticFacts.ExpressionOf(openFact.PathArgument) is not { } path)
        {
            yield break;
        }

        var isFileInfo = model.GetTypeInfo(path, cancellationToken).Type?.ToDisplayString() == "System.IO.FileInfo";
        var pathText = isFileInfo
            ? (path is IdentifierNameSyntax or MemberAccessExpressionSyntax ? path.WithoutTrivia().ToString() : "(" + path.WithoutTrivia() + ")") + ".FullName"
            : path.WithoutTrivia().ToString();
        var code = $"DurableFile.Sync({pathText})";

        if (OpenFlushPattern.FlushOfReceiver(open, model, cancellationToken) == flush)
        {
            // Open(p).Flush(true): the call becomes the sync, evaluated where the open was.
            if (FixSyntax.NameIsFree(model, open.SpanStart, "DurableFile"))
            {
                var replaced = SyntaxFactory.ParseExpression(code).WithTriviaFrom(flush);
                yield return new FixOption("Flush the file to disk with DurableFile.Sync", SyncFileKey, editor => editor.ReplaceNode(flush, replaced));
            }

            yield break;
        }

        var pattern = OpenFlushPattern.Find(open, model, cancellationToken);
        if (pattern is not null && pattern.FlushesToDisk == 1 && pattern.Replaced.Span.Contains(flush.Span))
        {
            var position = pattern.Replaced.SpanStart;
            if ((!pattern.Moves || (FixSyntax.IsUnchangedInBody(path, model, cancellationToken) && FixSyntax.IsInScopeAt(path, model, position, cancellationToken)))
                && FixSyntax.NameIsFree(model, position, "DurableFile"))
            {
                yield return new FixOption(
                    "Flush the file to disk with DurableFile.Sync",
                    SyncFileKey,
                    editor => pattern.Apply(editor, code + ";"));
            }

            yield break;
        }

        // The stream has other uses: only the flush changes. The open expression must not be inside the flush (Open(p).Flush(true)).
        if (open.Span.IntersectsWith(flush.Span)
            || !FixSyntax.IsUnchangedInBody(path, model, cancellationToken)
            || !FixSyntax.IsInScopeAt(path, model, flush.SpanStart, cancellationToken)
            || !FixSyntax.NameIsFree(model, flush.SpanStart, "DurableFile"))
        {
            yield break;
        }

        var replacement = SyntaxFactory.ParseExpression(code).WithTriviaFrom(flush);
        yield return new FixOption(
            "Flush the file to disk with DurableFile.Sync",
            SyncFileKey,
            editor => editor.ReplaceNode(flush, replacement));
    }
}
