using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// Base of every DurableIO fixer: one or more <see cref="FixOption"/>s per diagnostic, each applied
/// through one <see cref="DocumentEditor"/> per document so Fix All (document, project, solution)
/// rewrites every occurrence and adds <c>using DurableIO;</c> once.
/// </summary>
public abstract class DurableIOCodeFixProvider : CodeFixProvider
{
    /// <summary>Appended to a fix's title when the project does not reference the DurableIO runtime library.</summary>
    public const string PackageNeededSuffix = " (needs the DurableIO package)";

    /// <summary>A way to fix one diagnostic.</summary>
    protected sealed class FixOption
    {
        /// <param name="title">What the fix does, as shown in the light bulb.</param>
        /// <param name="equivalenceKey">Same for every occurrence that Fix All applies together.</param>
        /// <param name="apply">Records the rewrite in the editor; the nodes it touches are those of the original document.</param>
        /// <param name="usesDurableIO">Whether the rewrite calls the DurableIO runtime library (adds the using, titles the package need).</param>
        /// <param name="fixAllFallbackFor">
        /// Equivalence keys of other options that this one stands in for in Fix All, where the occurrence does not offer them
        /// (e.g. a diagnostic where only the second kind of rewrite is exact). Fix All (and <c>dotnet format</c>, which
        /// applies the first offered option's key everywhere) then still fixes every occurrence.
        /// </param>
        public FixOption(string title, string equivalenceKey, System.Action<DocumentEditor> apply, bool usesDurableIO = true, IEnumerable<string>? fixAllFallbackFor = null)
        {
            Title = title;
            EquivalenceKey = equivalenceKey;
            Apply = apply;
            UsesDurableIO = usesDurableIO;
            FixAllFallbackFor = fixAllFallbackFor?.ToImmutableArray() ?? ImmutableArray<string>.Empty;
        }

        public string Title { get; }

        public string EquivalenceKey { get; }

        public System.Action<DocumentEditor> Apply { get; }

        public bool UsesDurableIO { get; }

        public ImmutableArray<string> FixAllFallbackFor { get; }
    }

    /// <summary>The fixes offered for <paramref name="diagnostic"/>; none when the rewrite would not be exact.</summary>
    /// <param name="options">The project's analyzer options, for <see cref="DiagnosticFacts.Find"/> (the model reads configured flush/sync methods from them).</param>
    protected abstract IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken);

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var runtimeReferenced = IsRuntimeReferenced(model.Compilation);
        foreach (var diagnostic in context.Diagnostics)
        {
            // dotnet format asks a fixer about the first diagnostic of the whole analyzer, whatever its ID, and applies the
            // key of the first action everywhere: answering for another rule's diagnostic would pick a key by accident.
            if (!FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                continue;
            }

            foreach (var fix in GetFixes(root, model, document.Project.AnalyzerOptions, diagnostic, context.CancellationToken))
            {
                var title = fix.UsesDurableIO && !runtimeReferenced ? fix.Title + PackageNeededSuffix : fix.Title;
                var single = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(title, token => ApplyAsync(document, single, fix.EquivalenceKey, token).ContinueWith(t => t.Result ?? document, token, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), fix.EquivalenceKey),
                    diagnostic);
            }
        }
    }

    /// <summary>Whether the compilation references the DurableIO runtime library (matched by metadata name).</summary>
    public static bool IsRuntimeReferenced(Compilation compilation) =>
        compilation.GetTypeByMetadataName("DurableIO.DurableFile") is not null;

    private async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var usesDurableIO = false;
        var applied = false;
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            var fixes = GetFixes(root, model, document.Project.AnalyzerOptions, diagnostic, cancellationToken).ToList();
            var fix = fixes.FirstOrDefault(f => equivalenceKey is null || f.EquivalenceKey == equivalenceKey)
                ?? fixes.FirstOrDefault(f => equivalenceKey is not null && f.FixAllFallbackFor.Contains(equivalenceKey));
            if (fix is null)
            {
                continue;
            }

            fix.Apply(editor);
            usesDurableIO |= fix.UsesDurableIO;
            applied = true;
        }

        if (!applied)
        {
            return null;
        }

        var newRoot = editor.GetChangedRoot();
        if (usesDurableIO && newRoot is CompilationUnitSyntax unit)
        {
            newRoot = DurableIOImport.AddIfMissing(unit, model.Compilation);
        }

        var changed = document.WithSyntaxRoot(newRoot);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
