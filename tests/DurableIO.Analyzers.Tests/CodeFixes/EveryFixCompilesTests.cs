using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Meta;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// Every code action that any registered fixer offers, on every diagnostic of every analyzer, over every source of the
/// rule tests and the meta-tests' corpus (the positive test cases are where the diagnostics are), produces code that
/// compiles against the real DurableIO runtime and the net8.0 reference assemblies, with nullable enabled and no compiler
/// warning the source did not have; so does each fixer's Fix All per document.
/// </summary>
public sealed class EveryFixCompilesTests
{
    private static readonly Lazy<Task<IReadOnlyList<Case>>> Cases = new(LoadCasesAsync);

    private readonly ITestOutputHelper _output;

    public EveryFixCompilesTests(ITestOutputHelper output) => _output = output;

    private sealed record Case(string Name, Document Document, ImmutableArray<Diagnostic> Diagnostics);

    public static TheoryData<string> FixerTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in RuleCatalog.CodeFixProviderTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public async Task The_corpus_compiles_and_has_diagnostics_to_fix()
    {
        var cases = await Cases.Value;
        Assert.True(cases.Count >= 50, $"only {cases.Count} sources of the rule tests compile against the runtime");
        var ids = cases.SelectMany(c => c.Diagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        _output.WriteLine($"{cases.Count} sources; diagnostics: " + string.Join(", ", cases.SelectMany(c => c.Diagnostics).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " x" + g.Count())));
        Assert.Contains(RuleIds.RenameBeforeFlush, ids);
        Assert.Contains(RuleIds.RenameWithoutDirectorySync, ids);
    }

    [Theory]
    [MemberData(nameof(FixerTypeNames))]
    public async Task Every_offered_fix_of_the_fixer_compiles(string fixerTypeName)
    {
        var fixer = (CodeFixProvider)Activator.CreateInstance(RuleCatalog.CodeFixAssembly.GetType(fixerTypeName, throwOnError: true)!)!;
        var failures = new List<string>();
        var applied = 0;
        foreach (var @case in await Cases.Value)
        {
            var diagnostics = @case.Diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
            if (diagnostics.IsEmpty)
            {
                continue;
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics)
            {
                foreach (var offered in await CodeFixProbe.OfferedAsync(@case.Document, ImmutableArray.Create(diagnostic), fixer))
                {
                    applied++;
                    if (offered.EquivalenceKey is not null)
                    {
                        keys.Add(offered.EquivalenceKey);
                    }

                    var fixedDocument = await CodeFixProbe.ApplyAsync(@case.Document, offered.Action);
                    await CheckAsync(failures, $"{@case.Name}: {diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition}, '{offered.Title}'", @case.Document, fixedDocument);
                }
            }

            foreach (var key in keys)
            {
                var fixedDocument = await CodeFixProbe.FixAllAsync(@case.Document, diagnostics, fixer, key);
                await CheckAsync(failures, $"{@case.Name}: Fix All '{key}'", @case.Document, fixedDocument);
            }
        }

        _output.WriteLine($"{fixerTypeName}: {applied} fixes applied and compiled, plus Fix All per document and key");
        Assert.True(applied > 0, fixerTypeName + " offered no fix on any source of the rule tests: nothing was proven");
        Assert.True(failures.Count == 0, $"{failures.Count} fixes do not compile:\n\n" + string.Join("\n\n", failures.Take(10)));
    }

    /// <summary>No compiler error, and no compiler warning (nullable ones included: the cases compile with nullable enabled) more than the source had.</summary>
    private static async Task CheckAsync(List<string> failures, string what, Document original, Document fixedDocument)
    {
        var before = (await CodeFixProbe.CompilerDiagnosticsAsync(original, includeWarnings: true)).Select(d => d.Id).ToList();
        var after = await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true);
        var added = after.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        foreach (var group in after.Where(d => d.Severity == DiagnosticSeverity.Warning).GroupBy(d => d.Id))
        {
            if (group.Count() > before.Count(id => id == group.Key))
            {
                added.AddRange(group);
            }
        }

        if (added.Count > 0)
        {
            var text = (await fixedDocument.GetTextAsync()).ToString();
            failures.Add(what + "\n" + string.Join("\n", added.Take(5)) + "\n---\n" + text);
        }
    }

    private static async Task<IReadOnlyList<Case>> LoadCasesAsync()
    {
        var analyzers = RuleCatalog.CreateAnalyzers();
        var cases = new List<Case>();
        var snippets = SourceCorpus.Own.Concat(SourceCorpus.FromRuleTests());
        foreach (var snippet in snippets)
        {
            // Sources that declare their own DurableIO types test the analyzers' recognition of the API, not the runtime.
            if (snippet.Text.Contains("namespace DurableIO", StringComparison.Ordinal))
            {
                continue;
            }

            var tree = CSharpSyntaxTree.ParseText(snippet.Text);
            var topLevel = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
            var document = CodeFixProbe.CreateDocument(
                snippet.Text,
                withRuntime: true,
                outputKind: topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullable: NullableContextOptions.Enable);

            // net7.0, so that the rules that depend on the target framework (DUR011) report too.
            document = document.Project
                .AddAnalyzerConfigDocument(".globalconfig", SourceText.From("is_global = true\nbuild_property.TargetFramework = net7.0\n"), filePath: "/0/.globalconfig")
                .Project.GetDocument(document.Id)!;
            if (!(await CodeFixProbe.CompilerDiagnosticsAsync(document)).IsEmpty)
            {
                continue; // a fragment or a deliberately broken source: nothing to compare with
            }

            var diagnostics = await CodeFixProbe.AnalyzeAsync(document, analyzers);
            cases.Add(new Case(snippet.Name, document, diagnostics.Where(d => d.Id.StartsWith("DUR", StringComparison.Ordinal)).ToImmutableArray()));
        }

        return cases;
    }
}
