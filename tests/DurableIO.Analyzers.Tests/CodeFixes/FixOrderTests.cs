using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.Analyzers.Tests.Meta;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// <c>dotnet format analyzers</c> applies one rule's Fix All after another, only for the rules that reported when the pass
/// began, in the order of a hash set of their IDs (string hashes differ per process: the order changes from run to run).
/// For each rule it asks the fixer about the first diagnostic of the rule's whole analyzer, whatever its ID, and applies the
/// key of the first action offered everywhere; when none is offered (another rule's diagnostic), it applies a null key,
/// which our fixers read as "the first option of each diagnostic". Several rules often report the same line (DUR001 and
/// DUR002 on one rename, DUR008 and DUR014 on one flush), so whichever fix runs first rewrites what the next one sees.
/// These tests replay that on the package tests' one-bug-per-rule program and on samples/SeedExamples, in memory:
/// 2 × n orders (the catalogue order and its reverse, rotated, so every ordered pair of rules is applied both ways), each
/// with three choices of key per rule (null, and the first key offered for each of the rule's diagnostics in turn).
/// Every run must leave, after two passes, no fixable diagnostic (DUR008 has no fix by design) and code that compiles
/// without new warnings.
/// </summary>
public sealed class FixOrderTests
{
    private const int MaxPasses = 2;

    private const int KeyChoices = 3;

    private static readonly string ImplicitUsings = string.Join(
        "\n",
        new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }
            .Select(n => "global using global::" + n + ";"));

    private static readonly string OneBugPerRule =
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "DurableIO.Package.Tests", "TestProjects", "OneBugPerRule.cs"));

    private readonly ITestOutputHelper _output;

    public FixOrderTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public Task The_one_bug_per_rule_program_is_fixed_in_two_passes_in_every_order() =>
        FixedInEveryOrderAsync(
            "OneBugPerRule",
            new[]
            {
                ("Program.cs", OneBugPerRule),
                ("GlobalUsings.cs", ImplicitUsings),
            });

    [Fact]
    public Task The_seed_examples_are_fixed_in_two_passes_in_every_order() =>
        FixedInEveryOrderAsync(
            "SeedExamples",
            Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "SeedExamples"), "*.cs")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (Path.GetFileName(p), File.ReadAllText(p)))
                .ToArray());

    [Fact]
    public async Task A_fixer_offers_nothing_for_another_rules_diagnostic()
    {
        var project = CreateProject(new[] { ("Program.cs", OneBugPerRule), ("GlobalUsings.cs", ImplicitUsings) });
        var diagnostics = await AnalyzeAsync(project, RuleCatalog.CreateAnalyzers());
        var asked = 0;
        foreach (var fixer in RuleCatalog.CodeFixProviderTypes().Select(t => (CodeFixProvider)Activator.CreateInstance(t)!))
        {
            foreach (var diagnostic in diagnostics.Where(d => !fixer.FixableDiagnosticIds.Contains(d.Id)))
            {
                var actions = new List<string>();
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action.Title), default));
                Assert.True(actions.Count == 0, $"{fixer.GetType().Name} offered '{string.Join("', '", actions)}' for {Describe(diagnostic)}");
                asked++;
            }
        }

        Assert.True(asked > 100, $"only {asked} foreign diagnostics were shown to the fixers");
    }

    private async Task FixedInEveryOrderAsync(string name, (string Name, string Text)[] files)
    {
        var fixers = RuleCatalog.CodeFixProviderTypes()
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .SelectMany(f => f.FixableDiagnosticIds.Select(id => (Id: id, Fixer: f)))
            .ToDictionary(p => p.Id, p => p.Fixer, StringComparer.Ordinal);
        var ids = fixers.Keys.OrderBy(id => id, StringComparer.Ordinal).ToArray();
        var analyzers = RuleCatalog.CreateAnalyzers();

        var project = CreateProject(files);
        var before = await AnalyzeAsync(project, analyzers);
        var reported = before.Select(d => d.Id).Where(fixers.ContainsKey).Distinct().Count();
        Assert.True(reported >= 8, $"{name} reports only {reported} fixable rules: the orders would prove little");
        var warningsBefore = await CompilerWarningsAsync(project);
        Assert.Empty(await CompilerWarningsAsync(project, errors: true));

        var failures = new List<string>();
        var orders = Enumerable.Range(0, ids.Length).SelectMany(i => new[] { Rotate(ids, i), Rotate(ids.Reverse().ToArray(), i) }).ToList();
        var runs = orders.SelectMany(order => Enumerable.Range(0, KeyChoices).Select(choice => (Order: order, KeyChoice: choice))).ToList();
        foreach (var (order, keyChoice) in runs)
        {
            var current = project;
            var left = ImmutableArray<Diagnostic>.Empty;
            for (var pass = 1; pass <= MaxPasses; pass++)
            {
                current = await PassAsync(current, order, keyChoice, fixers, analyzers);
                left = (await AnalyzeAsync(current, analyzers)).Where(d => fixers.ContainsKey(d.Id)).ToImmutableArray();
                if (left.IsEmpty)
                {
                    break;
                }
            }

            var errors = (await CompilerWarningsAsync(current, errors: true)).Concat(NewWarnings(warningsBefore, await CompilerWarningsAsync(current))).ToList();
            if (!left.IsEmpty || errors.Count > 0)
            {
                failures.Add($"order {string.Join(" ", order)}, key choice {keyChoice}:\n  left: {string.Join("; ", left.Select(Describe))}\n  compiler: {string.Join("; ", errors)}\n"
                    + await TextAsync(current, left.Select(d => d.Location.SourceTree?.FilePath).FirstOrDefault()));
            }
        }

        _output.WriteLine($"{name}: {before.Length} diagnostics of {reported} fixable rules; {runs.Count} runs ({orders.Count} orders × {KeyChoices} key choices), {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs.Count} runs leave work after {MaxPasses} passes:\n\n" + string.Join("\n\n", failures.Take(3)));
    }

    /// <summary>
    /// One <c>dotnet format analyzers</c> pass: the rules reported at its start, in <paramref name="order"/>, each fixed in every
    /// document by Fix All with one key, the diagnostics recomputed before each rule. The key is the
    /// <paramref name="keyChoice"/>-th (cyclically) of: null, then the first key offered for each of the rule's diagnostics.
    /// </summary>
    private static async Task<Project> PassAsync(Project project, string[] order, int keyChoice, Dictionary<string, CodeFixProvider> fixers, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var atStart = (await AnalyzeAsync(project, analyzers)).Select(d => d.Id).ToImmutableHashSet();
        foreach (var id in order.Where(atStart.Contains))
        {
            var diagnostics = (await AnalyzeAsync(project, analyzers)).Where(d => d.Id == id).ToImmutableArray();
            var keys = new List<string?> { null };
            foreach (var diagnostic in diagnostics)
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                var offered = await CodeFixProbe.OfferedAsync(document, ImmutableArray.Create(diagnostic), fixers[id]);
                if (offered.Count > 0 && !keys.Contains(offered[0].EquivalenceKey))
                {
                    keys.Add(offered[0].EquivalenceKey);
                }
            }

            var key = keys[keyChoice % keys.Count];
            foreach (var group in diagnostics.GroupBy(d => d.Location.SourceTree))
            {
                var document = project.GetDocument(group.Key)!;
                var fixedDocument = await CodeFixProbe.FixAllAsync(document, group.ToImmutableArray(), fixers[id], key);
                project = fixedDocument.Project;
            }
        }

        return project;
    }

    private static Project CreateProject((string Name, string Text)[] files)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "FixOrder",
            "FixOrder",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestReferences.Net80Assemblies.Add(TestReferences.DurableRuntime)));
        foreach (var (fileName, text) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), fileName, SourceText.From(text), filePath: "/0/" + fileName);
        }

        return solution.GetProject(projectId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        // CodeFixProbe raises every rule to warning (DUR006 is Hidden by default), as the package test's all-warnings mode does.
        var diagnostics = await CodeFixProbe.AnalyzeAsync(project.Documents.First(), analyzers);
        return diagnostics.Where(d => d.Id.StartsWith("DUR", StringComparison.Ordinal) && d.Location.IsInSource).ToImmutableArray();
    }

    private static async Task<List<string>> CompilerWarningsAsync(Project project, bool errors = false)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == (errors ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning))
            .Select(Describe)
            .ToList();
    }

    private static IEnumerable<string> NewWarnings(List<string> before, List<string> after)
    {
        var ids = before.Select(w => w.Split(' ')[0]).ToList();
        foreach (var warning in after)
        {
            if (!ids.Remove(warning.Split(' ')[0]))
            {
                yield return warning;
            }
        }
    }

    private static string Describe(Diagnostic d) =>
        $"{d.Id} {Path.GetFileName(d.Location.SourceTree?.FilePath)}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    private static string[] Rotate(string[] ids, int by) => ids.Skip(by).Concat(ids.Take(by)).ToArray();

    private static async Task<string> TextAsync(Project project, string? filePath)
    {
        var document = project.Documents.FirstOrDefault(d => d.FilePath == filePath) ?? project.Documents.First();
        return "---- " + document.Name + "\n" + (await document.GetTextAsync());
    }
}
