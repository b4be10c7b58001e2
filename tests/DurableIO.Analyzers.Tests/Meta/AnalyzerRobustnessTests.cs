using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>
/// Every analyzer survives what an editor feeds it while someone types: empty files, half-written code,
/// code with its middle missing, old language versions, projects without references, malformed settings.
/// And it stays out of generated code.
/// </summary>
public sealed class AnalyzerRobustnessTests
{
    private static readonly SourceCorpus.Snippet[] TokenCutSnippets =
    {
        SourceCorpus.Own.Single(s => s.Name == "rename-after-stream-flushed"),
        SourceCorpus.Own.Single(s => s.Name == "flush-in-loop-with-writer"),
        SourceCorpus.Own.Single(s => s.Name == "flush-under-buffering-writers"),
        SourceCorpus.Own.Single(s => s.Name == "ignored-and-retried-fsync"),
    };

    [Fact]
    public void EmptySourcesDoNotMakeAnalyzersThrow()
    {
        var sources = new[]
        {
            new SourceCorpus.Snippet("empty", string.Empty),
            new SourceCorpus.Snippet("blank", "  \n\t\n"),
            new SourceCorpus.Snippet("comment", "// nothing here\n"),
            new SourceCorpus.Snippet("usings", "using System.IO;\n"),
            new SourceCorpus.Snippet("empty-class", "class C { void M() { } }"),
        };

        foreach (var source in sources)
        {
            var run = AnalyzerRunner.Analyze(new[] { source });
            Assert.True(run.Exceptions.IsEmpty, source.Name + ": " + string.Join("\n", run.Exceptions));
            Assert.Empty(run.Diagnostics);
        }

        var none = AnalyzerRunner.Analyze(Array.Empty<SourceCorpus.Snippet>());
        Assert.True(none.Exceptions.IsEmpty, string.Join("\n", none.Exceptions));
    }

    [Fact]
    public void CompleteCorpusDoesNotMakeAnalyzersThrow()
    {
        var corpus = SourceCorpus.Own.Concat(SourceCorpus.FromRuleTests()).ToList();
        var crashes = new List<string>();
        crashes.AddRange(AnalyzerRunner.FindCrashes(corpus));
        crashes.AddRange(AnalyzerRunner.FindCrashes(corpus, globalOptions: AnalyzerRunner.ProjectOptions));
        crashes.AddRange(AnalyzerRunner.FindCrashes(corpus, AnalyzerRunner.Parse(LanguageVersion.CSharp7_3), globalOptions: AnalyzerRunner.ProjectOptions));
        AssertNoCrashes(crashes);
    }

    [Fact]
    public void CorpusWithoutReferencesDoesNotMakeAnalyzersThrow()
    {
        // No System.IO.FileStream at all (a netstandard-less project, a broken restore): analyzers must not throw.
        var corpus = SourceCorpus.Own.ToList();
        AssertNoCrashes(AnalyzerRunner.FindCrashes(corpus, references: ImmutableArray<MetadataReference>.Empty));

        // Only System.Runtime: FileStream exists, but Console, compression, cryptography and interop types are error types.
        var systemRuntime = AnalyzerRunner.Net80References
            .Where(r => r is PortableExecutableReference { FilePath: "System.Runtime.dll" })
            .ToList();
        Assert.Single(systemRuntime);
        AssertNoCrashes(AnalyzerRunner.FindCrashes(corpus, references: systemRuntime));
    }

    [Fact]
    public void OwnCorpusCutEveryFewCharactersDoesNotMakeAnalyzersThrow()
    {
        var cuts = new List<SourceCorpus.Snippet>();
        foreach (var snippet in SourceCorpus.Own)
        {
            var step = Math.Max(1, snippet.Text.Length / 60);
            cuts.AddRange(SourceCorpus.Prefixes(snippet, step));
            cuts.AddRange(SourceCorpus.Holes(snippet, step, length: Math.Max(2, step / 2)));
        }

        AssertNoCrashes(AnalyzerRunner.FindCrashes(cuts, globalOptions: AnalyzerRunner.ProjectOptions));
    }

    [Fact]
    public void OwnCorpusCutAtEveryTokenDoesNotMakeAnalyzersThrow()
    {
        var cuts = TokenCutSnippets.SelectMany(SourceCorpus.TokenCuts).ToList();
        Assert.True(cuts.Count > 400, "Token cuts: " + cuts.Count);
        AssertNoCrashes(AnalyzerRunner.FindCrashes(cuts, globalOptions: AnalyzerRunner.ProjectOptions, batchSize: 60));
    }

    [Fact]
    public void RuleTestSourcesCutAtSeveralPointsDoNotMakeAnalyzersThrow()
    {
        var snippets = SourceCorpus.FromRuleTests();
        Assert.True(snippets.Length > 0, "No source string found in the rule tests under " + RepositoryPaths.AnalyzerTestsDirectory);
        Assert.DoesNotContain(snippets, s => s.Text.Contains("{|", StringComparison.Ordinal) || s.Text.Contains("|}", StringComparison.Ordinal));

        var cuts = new List<SourceCorpus.Snippet>();
        foreach (var snippet in snippets)
        {
            var step = Math.Max(1, snippet.Text.Length / 7);
            cuts.AddRange(SourceCorpus.Prefixes(snippet, step));
            cuts.AddRange(SourceCorpus.Holes(snippet, step, length: 5));
        }

        AssertNoCrashes(AnalyzerRunner.FindCrashes(cuts, globalOptions: AnalyzerRunner.ProjectOptions, batchSize: 60));
    }

    [Fact]
    public void CorpusFindsSomethingOutsideGeneratedCode()
    {
        // The control for the generated-code tests below: the same bug in ordinary code is reported,
        // so "nothing reported" there means "skipped because generated", not "nothing to find".
        var run = AnalyzerRunner.Analyze(new[] { SourceCorpus.GeneratedCodeBugs });
        Assert.True(run.Exceptions.IsEmpty, string.Join("\n", run.Exceptions));
        Assert.Contains(run.Diagnostics, d => d.Id.StartsWith("DUR", StringComparison.Ordinal));
    }

    public static TheoryData<string> GeneratedMarkers() => new()
    {
        "// <auto-generated/>",
        "// <auto-generated>\n//     This code was generated by a tool.\n// </auto-generated>",
        "//------------------------------------------------------------------------------\n// <autogenerated />",
    };

    [Theory]
    [MemberData(nameof(GeneratedMarkers))]
    public void NothingIsReportedInFilesMarkedAsGenerated(string marker)
    {
        var generated = SourceCorpus.Own
            .Select(s => new SourceCorpus.Snippet(s.Name, marker + "\n" + s.Text))
            .ToList();
        AssertNothingReported(generated, pathOf: null);
    }

    [Fact]
    public void NothingIsReportedInFilesNamedAsGenerated()
    {
        AssertNothingReported(SourceCorpus.Own.ToList(), pathOf: s => "/src/" + s.Name + ".g.cs");
        AssertNothingReported(SourceCorpus.Own.ToList(), pathOf: s => "/src/" + s.Name + ".designer.cs");
    }

    [Fact]
    public void NothingIsReportedInTypesMarkedAsGenerated()
    {
        var source = SourceCorpus.GeneratedCodeBugs.Text.Replace(
            "public static class SettingsStore",
            "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")]\npublic static class SettingsStore",
            StringComparison.Ordinal);
        Assert.NotEqual(SourceCorpus.GeneratedCodeBugs.Text, source);
        AssertNothingReported(new List<SourceCorpus.Snippet> { new("generated-attribute", source) }, pathOf: null);
    }

    private static void AssertNothingReported(List<SourceCorpus.Snippet> sources, Func<SourceCorpus.Snippet, string>? pathOf)
    {
        // One snippet per compilation: the snippets declare some of the same types.
        foreach (var source in sources)
        {
            var run = AnalyzerRunner.Analyze(new[] { source }, globalOptions: AnalyzerRunner.ProjectOptions, pathOf: pathOf);
            Assert.True(run.Exceptions.IsEmpty, source.Name + ": " + string.Join("\n", run.Exceptions));
            var reported = run.Diagnostics.Where(d => d.Location.SourceTree is not null).ToList();
            Assert.True(reported.Count == 0, source.Name + " (generated) got: " + string.Join("\n", reported));
        }
    }

    private static void AssertNoCrashes(List<string> crashes)
    {
        Assert.True(crashes.Count == 0, crashes.Count + " source(s) made an analyzer throw (AD0001). First ones:\n" + string.Join("\n\n", crashes.Take(3)));
    }
}
