using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Meta;
using DurableIO.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// Every fix the flush fixers (DUR003, DUR004, DUR005, DUR011) offer on every source of their rule tests, applied one at a
/// time: the result compiles against the real runtime library. Sources that do not compile as they are (they need
/// configuration or stubs the corpus cannot give) are skipped; the test fails if too few fixes were exercised.
/// </summary>
public class FlushFixCorpusTests
{
    private static readonly (string TestFile, DiagnosticAnalyzer Analyzer, CodeFixProvider Fixer)[] Rules =
    {
        ("Dur003Tests.cs", new FlushInLoopAnalyzer(), new FlushInLoopCodeFixProvider()),
        ("Dur004Tests.cs", new BufferedFlushAnalyzer(), new FlushUnderBufferingWriterCodeFixProvider()),
        ("Dur005Tests.cs", new BufferedFlushAnalyzer(), new FlushDoesNotReachDiskCodeFixProvider()),
        ("Dur011Tests.cs", new LegacyFlushAnalyzer(), new LegacyFlushCodeFixProvider()),
    };

    [Fact]
    public async Task Every_offered_fix_on_every_rule_test_source_compiles()
    {
        var failures = new List<string>();
        var applied = 0;
        foreach (var (testFile, analyzer, fixer) in Rules)
        {
            foreach (var snippet in SourceCorpus.FromRuleTests().Where(s => s.Name.StartsWith(testFile + ":", StringComparison.Ordinal)))
            {
                var outputKind = HasTopLevelStatements(snippet.Text) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
                var document = CodeFixProbe.CreateDocument(snippet.Text, withRuntime: true, outputKind: outputKind);
                if ((await CodeFixProbe.CompilerDiagnosticsAsync(document)).Any())
                {
                    continue;
                }

                var diagnostics = await AnalyzeAsync(document, analyzer);
                foreach (var offered in await CodeFixProbe.OfferedAsync(document, diagnostics, fixer))
                {
                    var fixedDocument = await CodeFixProbe.ApplyAsync(document, offered.Action);
                    applied++;
                    var errors = await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument);
                    if (errors.Any())
                    {
                        var text = (await fixedDocument.GetTextAsync()).ToString();
                        failures.Add($"{snippet.Name} / {offered.Title}: {string.Join("; ", errors)}\n{text}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(applied >= 40, $"only {applied} fixes were exercised");
    }

    private static bool HasTopLevelStatements(string source) =>
        CSharpSyntaxTree.ParseText(source).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();

    /// <summary>The analyzer's diagnostics with <c>build_property.TargetFramework = net7.0</c> (so that DUR011 runs).</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider("build_property.TargetFramework", "net7.0"));
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public GlobalOptionsProvider(string key, string value) => _options = new Options(key, value);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly string _key;
            private readonly string _value;

            public Options(string key, string value)
            {
                _key = key;
                _value = value;
            }

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = key == _key ? _value : null;
                return value is not null;
            }
        }
    }
}
