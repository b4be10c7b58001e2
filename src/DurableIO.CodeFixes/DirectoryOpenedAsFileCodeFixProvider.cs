using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
/// DUR012 (a directory opened as a file to sync it): replaces the open and its flush to disk with
/// <c>DurableDirectory.Sync(dir);</c>, with the same directory expression. Offered only where the whole pattern is visible and
/// removable (see <see cref="OpenFlushPattern"/>): a <c>using</c> statement whose body only flushes the stream, a
/// <c>using</c>/plain declaration whose variable is only flushed and closed by statements of the same block (the sync then
/// takes the place of the first flush to disk, so the directory expression must be stable and in scope there), or
/// <c>Open(dir).Flush(true);</c>. A directory opened and never flushed is not a sync attempt: no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DirectoryOpenedAsFileCodeFixProvider))]
[Shared]
public sealed class DirectoryOpenedAsFileCodeFixProvider : DurableIOCodeFixProvider
{
    public const string SyncDirectoryKey = "DUR012.DurableDirectorySync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DirectoryOpenedAsFile);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!DiagnosticData.IsFlushed(diagnostic)
            || DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Open, cancellationToken) is not { } facts
            || facts.Operation.Syntax is not ExpressionSyntax open
            || DiagnosticFacts.ExpressionOf(facts.Operation.PathArgument) is not { } directory
            || model.GetTypeInfo(directory, cancellationToken).Type?.SpecialType != SpecialType.System_String)
        {
            yield break; // new FileInfo(dir).OpenRead(): no plain directory string to sync
        }

        if (OpenFlushPattern.FlushOfReceiver(open, model, cancellationToken) is { } flushOfOpen)
        {
            // Open(dir).Flush(true): the call becomes the sync, evaluated where the open was.
            if (FixSyntax.NameIsFree(model, open.SpanStart, "DurableDirectory"))
            {
                var replacement = SyntaxFactory.ParseExpression($"DurableDirectory.Sync({directory.WithoutTrivia()})").WithTriviaFrom(flushOfOpen);
                yield return new FixOption("Sync the directory with DurableDirectory.Sync", SyncDirectoryKey, editor => editor.ReplaceNode(flushOfOpen, replacement));
            }

            yield break;
        }

        if (OpenFlushPattern.Find(open, model, cancellationToken) is not { } pattern)
        {
            yield break;
        }

        var position = pattern.Replaced.SpanStart;
        if ((pattern.Moves && (!FixSyntax.IsUnchangedInBody(directory, model, cancellationToken)
                || !FixSyntax.IsInScopeAt(directory, model, position, cancellationToken)))
            || !FixSyntax.NameIsFree(model, position, "DurableDirectory"))
        {
            yield break;
        }

        var code = $"DurableDirectory.Sync({directory.WithoutTrivia()});";
        yield return new FixOption(
            "Sync the directory with DurableDirectory.Sync",
            SyncDirectoryKey,
            editor => pattern.Apply(editor, code));
    }
}
