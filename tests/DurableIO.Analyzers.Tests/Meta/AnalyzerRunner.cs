using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>Runs every analyzer of the analyzer assembly over in-memory sources, capturing analyzer exceptions.</summary>
internal static class AnalyzerRunner
{
    public static readonly ImmutableArray<MetadataReference> Net80References =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>Global options an SDK project passes to analyzers, plus DurableIO's own settings, some of them malformed.</summary>
    public static readonly ImmutableDictionary<string, string> ProjectOptions = ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        new Dictionary<string, string>
        {
            ["build_property.TargetFramework"] = "net7.0",
            ["build_property.TargetFrameworkIdentifier"] = ".NETCoreApp",
            ["build_property.TargetFrameworkVersion"] = "v7.0",
            ["durableio.flush_to_disk_methods"] = "M:Sync.Save(System.IO.FileStream), M:Nope.(, ,T:Odd,M:,garbage ,M:App.Good.Fsync(System.IO.FileStream)",
            ["durableio.directory_sync_methods"] = " , M:Config.CreateNew(System.String,System.String),#,M:X.Y(System.String",
        });

    public sealed record Run(
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<string> Exceptions,
        ImmutableArray<SyntaxTree> Trees,
        Compilation Compilation);

    public static CSharpParseOptions Parse(LanguageVersion version = LanguageVersion.Latest) =>
        new(version, DocumentationMode.Diagnose, SourceCodeKind.Regular);

    /// <summary>
    /// Compiles the sources (one tree each) and runs every analyzer on them with every DurableIO rule
    /// raised to warning, so Info and Hidden rules run and report too.
    /// </summary>
    public static Run Analyze(
        IEnumerable<SourceCorpus.Snippet> sources,
        CSharpParseOptions? parseOptions = null,
        IEnumerable<MetadataReference>? references = null,
        IReadOnlyDictionary<string, string>? globalOptions = null,
        Func<SourceCorpus.Snippet, string>? pathOf = null)
    {
        var analyzers = RuleCatalog.CreateAnalyzers();
        if (analyzers.IsEmpty)
        {
            throw new InvalidOperationException("The analyzer assembly contains no DiagnosticAnalyzer.");
        }

        var parse = parseOptions ?? Parse();
        var trees = sources
            .Select((s, i) => CSharpSyntaxTree.ParseText(s.Text, parse, pathOf?.Invoke(s) ?? "/src/File" + i + ".cs"))
            .ToImmutableArray();

        var compilation = CSharpCompilation.Create(
            "MetaTest",
            trees,
            references ?? Net80References,
            new CSharpCompilationOptions(
                OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: RuleCatalog.DeclaredIds.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Warn))));

        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(globalOptions ?? ImmutableDictionary<string, string>.Empty)),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);

        var diagnostics = compilation
            .WithAnalyzers(analyzers, options)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None)
            .GetAwaiter()
            .GetResult();

        foreach (var failure in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            exceptions.Enqueue(failure.ToString());
        }

        return new Run(diagnostics, exceptions.ToImmutableArray(), trees, compilation);
    }

    /// <summary>
    /// Analyzes many sources in batches (one compilation per batch, for speed); when a batch makes an
    /// analyzer throw, analyzes each of its sources alone and returns the ones that fail, with the exception.
    /// </summary>
    public static List<string> FindCrashes(
        IReadOnlyList<SourceCorpus.Snippet> sources,
        CSharpParseOptions? parseOptions = null,
        IEnumerable<MetadataReference>? references = null,
        IReadOnlyDictionary<string, string>? globalOptions = null,
        int batchSize = 40)
    {
        var crashes = new List<string>();
        for (var start = 0; start < sources.Count; start += batchSize)
        {
            var batch = sources.Skip(start).Take(batchSize).ToList();
            if (Analyze(batch, parseOptions, references, globalOptions).Exceptions.IsEmpty)
            {
                continue;
            }

            foreach (var source in batch)
            {
                var alone = Analyze(new[] { source }, parseOptions, references, globalOptions);
                if (!alone.Exceptions.IsEmpty)
                {
                    crashes.Add("--- " + source.Name + ":\n" + source.Text + "\n--- threw:\n" + alone.Exceptions[0]);
                }
            }

            if (crashes.Count == 0)
            {
                crashes.Add("A batch starting with " + batch[0].Name + " threw only when analyzed together.");
            }
        }

        return crashes;
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions Empty = new(ImmutableDictionary<string, string>.Empty);

        public OptionsProvider(IReadOnlyDictionary<string, string> global) =>
            GlobalOptions = new DictionaryOptions(global.ToImmutableDictionary(StringComparer.Ordinal));

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public DictionaryOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
