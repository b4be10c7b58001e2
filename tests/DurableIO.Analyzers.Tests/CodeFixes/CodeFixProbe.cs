using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// Runs analyzers and code fixes on one in-memory document without the testing library: lists the code actions a fixer
/// offers (title, equivalence key) and applies one of them, so tests can check titles, what is not offered, and language versions.
/// </summary>
internal static class CodeFixProbe
{
    public sealed record Offered(string DiagnosticId, string Title, string? EquivalenceKey, CodeAction Action);

    /// <summary>A one-document project: net8.0 references, the real DurableIO runtime when <paramref name="withRuntime"/>.</summary>
    public static Document CreateDocument(
        string source,
        bool withRuntime = true,
        LanguageVersion languageVersion = LanguageVersion.Latest,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        NullableContextOptions nullable = NullableContextOptions.Disable)
    {
        var workspace = new AdhocWorkspace();
        var references = withRuntime ? TestReferences.Net80Assemblies.Add(TestReferences.DurableRuntime) : TestReferences.Net80Assemblies;
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Probe",
                "Probe",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: nullable, allowUnsafe: true),
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: references))
            .AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        return solution.Projects.Single().Documents.Single();
    }

    /// <summary>The diagnostics of <paramref name="analyzers"/> on the document's project, every DurableIO rule raised to warning.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = (await document.Project.GetCompilationAsync().ConfigureAwait(false))!;
        var options = compilation.Options.WithSpecificDiagnosticOptions(
            Enumerable.Range(1, 14).Select(i => new KeyValuePair<string, ReportDiagnostic>("DUR" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture), ReportDiagnostic.Warn)));
        var diagnostics = await compilation.WithOptions(options)
            .WithAnalyzers(analyzers, document.Project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None)
            .ConfigureAwait(false);
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>Every code action <paramref name="fixer"/> registers for each of the diagnostics it fixes.</summary>
    public static async Task<IReadOnlyList<Offered>> OfferedAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CodeFixProvider fixer)
    {
        var offered = new List<Offered>();
        foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)))
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            offered.AddRange(actions.Select(a => new Offered(diagnostic.Id, a.Title, a.EquivalenceKey, a)));
        }

        return offered;
    }

    /// <summary>The actions offered for <paramref name="source"/> by <paramref name="fixer"/> after running <typeparamref name="TAnalyzer"/>.</summary>
    public static async Task<IReadOnlyList<Offered>> OfferedAsync<TAnalyzer>(string source, CodeFixProvider fixer, bool withRuntime = true, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var document = CreateDocument(source, withRuntime, outputKind: outputKind);
        var diagnostics = await AnalyzeAsync(document, ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer())).ConfigureAwait(false);
        if (!diagnostics.Any(d => fixer.FixableDiagnosticIds.Contains(d.Id)))
        {
            throw new InvalidOperationException("The source has no diagnostic the fixer fixes: the probe would prove nothing.");
        }

        return await OfferedAsync(document, diagnostics, fixer).ConfigureAwait(false);
    }

    /// <summary>
    /// The document after the fixer's Fix All in document scope with <paramref name="equivalenceKey"/> (null: as dotnet format
    /// does when the fixer offered nothing for the first diagnostic it was shown).
    /// </summary>
    public static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CodeFixProvider fixer, string? equivalenceKey)
    {
        var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
        var context = new FixAllContext(
            document,
            fixer,
            FixAllScope.Document,
            equivalenceKey!,
            fixable.Select(d => d.Id).Distinct(),
            new FixedDiagnostics(fixable),
            CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(context).ConfigureAwait(false);
        return await ApplyAsync(document, action!).ConfigureAwait(false);
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }

    /// <summary>The document after applying <paramref name="action"/>.</summary>
    public static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().Single();
        return apply.ChangedSolution.GetDocument(document.Id)!;
    }

    /// <summary>The compiler errors (and, when asked, warnings) of the document's project.</summary>
    public static async Task<ImmutableArray<Diagnostic>> CompilerDiagnosticsAsync(Document document, bool includeWarnings = false)
    {
        var compilation = (await document.Project.GetCompilationAsync().ConfigureAwait(false))!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (includeWarnings && d.Severity == DiagnosticSeverity.Warning))
            .ToImmutableArray();
    }
}
