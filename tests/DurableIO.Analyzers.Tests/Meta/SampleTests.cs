using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>
/// samples/SeedExamples is the product's first impression (README command 1). Its Program.cs lists, per
/// example, the rules that example shows; the analyzers must report exactly those, and the sample must compile.
/// </summary>
public sealed class SampleTests
{
    private static readonly Regex TableRow = new(
        @"^//\s+(?<name>[A-Z][A-Za-z]+)\s{2,}.*?\s{2,}(?<ids>DUR[0-9]{3}(?:,\s*DUR[0-9]{3})*)\s*$",
        RegexOptions.CultureInvariant);

    private static string SampleDirectory => Path.Combine(RepositoryPaths.Root, "samples", "SeedExamples");

    private static Dictionary<string, SortedSet<string>> ExpectedByExample() =>
        File.ReadAllLines(Path.Combine(SampleDirectory, "Program.cs"))
            .Select(l => TableRow.Match(l))
            .Where(m => m.Success)
            .ToDictionary(
                m => m.Groups["name"].Value,
                m => new SortedSet<string>(m.Groups["ids"].Value.Split(',').Select(id => id.Trim()), StringComparer.Ordinal));

    private static AnalyzerRunner.Run AnalyzeSample()
    {
        var files = Directory.GetFiles(SampleDirectory, "*.cs").OrderBy(f => f, StringComparer.Ordinal);
        var sources = files.Select(f => new SourceCorpus.Snippet(f, File.ReadAllText(f))).ToList();
        var options = new Dictionary<string, string> { ["build_property.TargetFramework"] = "net8.0" };
        return AnalyzerRunner.Analyze(sources, globalOptions: options, pathOf: s => s.Name);
    }

    [Fact]
    public void ProgramListsEveryExampleFile()
    {
        var expected = ExpectedByExample();
        Assert.True(expected.Count >= 10, "Program.cs lists " + expected.Count + " examples");
        var files = Directory.GetFiles(SampleDirectory, "*.cs").Select(Path.GetFileNameWithoutExtension).Where(n => n != "Program").ToList();
        Assert.Equal(files.OrderBy(f => f, StringComparer.Ordinal), expected.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void SampleCompilesWithoutErrors()
    {
        var run = AnalyzeSample();
        var errors = run.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(run.Exceptions.IsEmpty, string.Join("\n", run.Exceptions));
    }

    [Fact]
    public void EachExampleShowsExactlyTheRulesProgramListsForIt()
    {
        var run = AnalyzeSample();
        Assert.True(run.Exceptions.IsEmpty, string.Join("\n", run.Exceptions));

        var mismatches = new List<string>();
        foreach (var (example, expected) in ExpectedByExample())
        {
            var actual = new SortedSet<string>(
                run.Diagnostics
                    .Where(d => d.Id.StartsWith("DUR", StringComparison.Ordinal)
                        && Path.GetFileNameWithoutExtension(d.Location.SourceTree?.FilePath) == example)
                    .Select(d => d.Id),
                StringComparer.Ordinal);
            if (!actual.SetEquals(expected))
            {
                mismatches.Add(example + ": listed " + string.Join(", ", expected) + "; reported " + (actual.Count == 0 ? "nothing" : string.Join(", ", actual)));
            }
        }

        Assert.True(mismatches.Count == 0, "samples/SeedExamples/Program.cs and the analyzers disagree:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public void SampleKeepsDurWarningsAsWarningsAndShowsInfoAndHiddenRules()
    {
        var project = File.ReadAllText(Path.Combine(SampleDirectory, "SeedExamples.csproj"));
        var notAsErrors = Regex.Match(project, "<WarningsNotAsErrors>(?<v>[^<]*)</WarningsNotAsErrors>").Groups["v"].Value;
        var editorConfig = File.ReadAllText(Path.Combine(SampleDirectory, ".editorconfig"));

        foreach (var descriptor in RuleCatalog.AllDescriptors())
        {
            Assert.Contains(descriptor.Id, notAsErrors.Split(';').Select(s => s.Trim()));
            if (descriptor.DefaultSeverity is DiagnosticSeverity.Info or DiagnosticSeverity.Hidden)
            {
                Assert.Contains("dotnet_diagnostic." + descriptor.Id + ".severity = warning", editorConfig, StringComparison.Ordinal);
            }
        }
    }
}
