using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.AnalyzerBenchmarks;

internal static class Program
{
    private const string ResultPrefix = "@@RESULT ";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        if (options.Child is not null)
        {
            var result = await RunSetAsync(options, options.Child);
            var line = ResultPrefix + JsonSerializer.Serialize(result, Json);
            Console.WriteLine(line);
            // Also into the parent's log (the child's stderr is the parent's), so a log alone keeps every run's numbers.
            Console.Error.WriteLine(line);
            return 0;
        }

        if (options.Findings is not null)
        {
            return await FindingsAsync(options);
        }

        if (options.ReportFrom is not null)
        {
            var runs = File.ReadLines(options.ReportFrom).Where(l => l.Length > 0)
                .Select(l => JsonSerializer.Deserialize<RunResult>(l, Json)!).ToList();
            Console.WriteLine(Report(options, runs));
            return 0;
        }

        return await BenchmarkAsync(options);
    }

    private static Corpus LoadCorpus(Options options) =>
        Corpus.Load(options.Root, options.Folders, options.ExcludeTests, AnalyzerSets.NetAnalyzersGlobalConfig);

    /// <summary>One set, once, in this process: the child's work.</summary>
    private static async Task<RunResult> RunSetAsync(Options options, string set)
    {
        var parse = Stopwatch.StartNew();
        var corpus = LoadCorpus(options);
        parse.Stop();
        var loadErrors = new List<string>();
        var analyzers = AnalyzerSets.Load(set, options.DurableIOPath, loadErrors);
        var result = new RunResult
        {
            Set = set,
            Files = corpus.Files.Count,
            ParseMs = parse.Elapsed.TotalMilliseconds,
            AnalyzerCount = analyzers.Length,
            LoadErrors = loadErrors,
            GlobalUsings = corpus.GlobalUsings.ToList(),
            ProjectsWithImplicitUsings = corpus.ProjectsWithImplicitUsings,
            References = corpus.ReferenceCount,
        };

        // Retained memory: managed heap after a full collection, with the compilation (and, for an analyzer set, the
        // CompilationWithAnalyzers) still reachable, minus the same before any binding or analysis.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        if (set == AnalyzerSets.Compile)
        {
            var sw = Stopwatch.StartNew();
            var diagnostics = corpus.Compilation.GetDiagnostics();
            sw.Stop();
            result.WallMs = sw.Elapsed.TotalMilliseconds;
            result.CompileErrors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            result.FirstErrors = FirstErrors(diagnostics);
            result.RetainedBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
            GC.KeepAlive(corpus.Compilation);
            return result;
        }

        var exceptions = 0;
        var exceptionTexts = new List<string>();
        var cwaOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([], new GlobalOptionsProvider(options.GlobalOptions)),
            onAnalyzerException: (e, analyzer, _) =>
            {
                Interlocked.Increment(ref exceptions);
                lock (exceptionTexts)
                {
                    if (exceptionTexts.Count < 5)
                    {
                        exceptionTexts.Add($"{analyzer.GetType().Name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            },
            concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
        var cwa = corpus.Compilation.WithAnalyzers(analyzers, cwaOptions);
        // GetAnalysisResultAsync binds the whole compilation (its events drive the analyzers) and returns the analyzer
        // diagnostics with the telemetry of that pass; the compile errors are counted by the compile set.
        var wall = Stopwatch.StartNew();
        var analysis = await cwa.GetAnalysisResultAsync(CancellationToken.None);
        wall.Stop();
        result.WallMs = wall.Elapsed.TotalMilliseconds;
        var all = analysis.GetAllDiagnostics();
        foreach (var analyzer in analyzers)
        {
            var name = analyzer.GetType().Name;
            var fromResult = analysis.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var info) ? info.ExecutionTime : TimeSpan.Zero;
            var fromApi = (await cwa.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime;
            result.PerAnalyzerMs[name] = result.PerAnalyzerMs.GetValueOrDefault(name) + fromResult.TotalMilliseconds;
            result.ApiAnalyzerMs += fromApi.TotalMilliseconds;
        }

        result.AnalyzerMs = result.PerAnalyzerMs.Values.Sum();
        result.RetainedBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(cwa);
        result.AnalyzerExceptions = exceptions;
        result.AD0001 = all.Count(d => d.Id == "AD0001");
        result.ExceptionSamples = exceptionTexts;
        result.AnalyzerDiagnostics = all.Length;
        result.AnalyzerWarnings = all.Count(d => d.Severity == DiagnosticSeverity.Warning);
        return result;
    }

    private static List<string> FirstErrors(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal))
            .GroupBy(d => d.Id).OrderByDescending(g => g.Count()).Take(8)
            .Select(g => $"{g.Key} x{g.Count()}: {g.First().GetMessage(CultureInfo.InvariantCulture)}").ToList();

    /// <summary>The parent: every set in a fresh process per run, the order rotated from run to run; then the medians.</summary>
    private static async Task<int> BenchmarkAsync(Options options)
    {
        var results = new List<RunResult>();
        for (var run = 0; run < options.Runs; run++)
        {
            var order = options.Sets.Skip(run % options.Sets.Count).Concat(options.Sets.Take(run % options.Sets.Count)).ToList();
            foreach (var set in order)
            {
                Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] run {run + 1}/{options.Runs}: {set}");
                var result = await RunChildAsync(options, set);
                Console.Error.WriteLine(
                    $"    wall {result.WallMs:F0} ms, analyzers {result.AnalyzerMs:F0} ms (GetAnalyzerTelemetryInfoAsync: {result.ApiAnalyzerMs:F0}), retained {result.RetainedBytes / 1048576.0:F1} MiB, " +
                    $"errors {result.CompileErrors}, exceptions {result.AnalyzerExceptions}+{result.AD0001}");
                results.Add(result);
                if (options.Output is not null)
                {
                    // Each run as it ends, so that a cut-short benchmark still leaves its numbers (--report rebuilds the report).
                    await File.AppendAllTextAsync(Path.ChangeExtension(options.Output, ".runs.jsonl"), JsonSerializer.Serialize(result, Json) + "\n");
                }
            }
        }

        var report = Report(options, results);
        Console.WriteLine(report);
        if (options.Output is not null)
        {
            await File.WriteAllTextAsync(options.Output, report);
            await File.WriteAllTextAsync(Path.ChangeExtension(options.Output, ".runs.json"),
                JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }

        return results.Any(r => r.AnalyzerExceptions + r.AD0001 > 0 || r.LoadErrors.Count > 0) ? 1 : 0;
    }

    private static async Task<RunResult> RunChildAsync(Options options, string set)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        foreach (var arg in options.ChildArguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--child");
        start.ArgumentList.Add(set);
        using var process = Process.Start(start)!;
        RunResult? result = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<RunResult>(line[ResultPrefix.Length..], Json);
            }
            else
            {
                Console.Error.WriteLine("    " + line);
            }
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"the {set} run failed (exit code {process.ExitCode})");
        }

        return result;
    }

    private static string Report(Options options, List<RunResult> results)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0)
            {
                return double.NaN;
            }

            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var first = results[0];
        var bySet = results.GroupBy(r => r.Set).ToDictionary(g => g.Key, g => g.ToList());
        var compileMs = bySet.TryGetValue(AnalyzerSets.Compile, out var compiles) ? Median(compiles.Select(r => r.WallMs)) : double.NaN;
        sb.AppendLine(inv, $"corpus: {string.Join(", ", options.Folders)}{(options.ExcludeTests ? " (tests excluded)" : "")}");
        sb.AppendLine(inv, $"files: {first.Files}; references: {first.References}; projects enabling ImplicitUsings: {first.ProjectsWithImplicitUsings}; global usings added: {(first.GlobalUsings.Count == 0 ? "none" : string.Join(" ", first.GlobalUsings))}");
        sb.AppendLine(inv, $"compile errors: {first.CompileErrors}");
        foreach (var error in (compiles ?? results).First().FirstErrors)
        {
            sb.AppendLine(inv, $"  {error}");
        }

        sb.AppendLine(inv, $"runs: {results.Count / Math.Max(1, bySet.Count)} (each set in a fresh process per run, order rotated); durableio: {options.DurableIOPath}");
        sb.AppendLine(inv, $"NetAnalyzers: {AnalyzerSets.NetAnalyzersDirectory} + {Path.GetFileName(AnalyzerSets.NetAnalyzersGlobalConfig)}");
        sb.AppendLine();
        sb.AppendLine("| set | analyzers | wall ms | analyzer time ms | % of compile | retained MiB | analyzer exceptions |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var analyzerMedians = new Dictionary<string, double>();
        foreach (var set in options.Sets)
        {
            if (!bySet.TryGetValue(set, out var runs))
            {
                continue;
            }

            var wall = Median(runs.Select(r => r.WallMs));
            var analyzerMs = Median(runs.Select(r => r.AnalyzerMs));
            analyzerMedians[set] = analyzerMs;
            var retained = Median(runs.Select(r => r.RetainedBytes / 1048576.0));
            var percent = set == AnalyzerSets.Compile ? "" : (100 * analyzerMs / compileMs).ToString("F1", inv) + "%";
            sb.AppendLine(inv, $"| {set} | {runs[0].AnalyzerCount} | {wall:F0} | {(set == AnalyzerSets.Compile ? "" : analyzerMs.ToString("F0", inv))} | {percent} | {retained:F1} | {runs.Sum(r => r.AnalyzerExceptions + r.AD0001)} |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"compile time (median): {compileMs:F0} ms");
        if (analyzerMedians.TryGetValue(AnalyzerSets.DurableIO, out var d) && analyzerMedians.TryGetValue(AnalyzerSets.NetAnalyzers, out var n))
        {
            sb.AppendLine(inv, $"DurableIO / NetAnalyzers (analyzer time): {d / n:F3}");
        }

        if (bySet.TryGetValue(AnalyzerSets.DurableIO, out var durable))
        {
            sb.AppendLine();
            sb.AppendLine("| DurableIO analyzer | median ms | % of compile |");
            sb.AppendLine("|---|---:|---:|");
            foreach (var name in durable.SelectMany(r => r.PerAnalyzerMs.Keys).Distinct()
                         .Select(k => (k, ms: Median(durable.Select(r => r.PerAnalyzerMs.GetValueOrDefault(k)))))
                         .OrderByDescending(x => x.ms))
            {
                sb.AppendLine(inv, $"| {name.k} | {name.ms:F0} | {100 * name.ms / compileMs:F2}% |");
            }

            sb.AppendLine(inv, $"DurableIO diagnostics: {durable[0].AnalyzerDiagnostics} ({durable[0].AnalyzerWarnings} Warning)");
        }

        foreach (var r in results.Where(r => r.ExceptionSamples.Count > 0 || r.LoadErrors.Count > 0).Take(3))
        {
            sb.AppendLine(inv, $"{r.Set}: {string.Join("; ", r.ExceptionSamples.Concat(r.LoadErrors))}");
        }

        sb.AppendLine();
        sb.AppendLine("analyzer time = sum over the set's analyzers of the ExecutionTime in GetAnalysisResultAsync(...).AnalyzerTelemetryInfo (callback time, concurrent: can exceed wall);");
        sb.AppendLine(inv, $"  (GetAnalyzerTelemetryInfoAsync after the same pass, median sum: {string.Join(", ", options.Sets.Where(bySet.ContainsKey).Select(s => $"{s} {Median(bySet[s].Select(r => r.ApiAnalyzerMs)):F0} ms"))});");
        sb.AppendLine("wall = GetDiagnostics() for compile, GetAnalysisResultAsync() (binding + analyzers) for the others;");
        sb.AppendLine("retained = GC.GetTotalMemory(true) after the run, compilation/CompilationWithAnalyzers alive, minus the same before it.");
        return sb.ToString();
    }

    /// <summary>`--findings`: DurableIO's analyzers once, every diagnostic they report as sorted TSV.</summary>
    private static async Task<int> FindingsAsync(Options options)
    {
        var corpus = LoadCorpus(options);
        var loadErrors = new List<string>();
        var analyzers = AnalyzerSets.Load(AnalyzerSets.DurableIO, options.DurableIOPath, loadErrors);
        var exceptions = 0;
        var cwaOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([], new GlobalOptionsProvider(options.GlobalOptions)),
            onAnalyzerException: (e, analyzer, _) =>
            {
                Interlocked.Increment(ref exceptions);
                Console.Error.WriteLine($"analyzer exception: {analyzer.GetType().Name}: {e}");
            },
            concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var cwa = corpus.Compilation.WithAnalyzers(analyzers, cwaOptions);
        var diagnostics = await cwa.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var errors = corpus.Compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        var lines = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            var file = diagnostic.Location.IsInSource ? Path.GetRelativePath(corpus.Root, span.Path).Replace('\\', '/') : "";
            var message = diagnostic.GetMessage(CultureInfo.InvariantCulture).Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
            lines.Add(string.Join('\t', diagnostic.Id, diagnostic.Severity.ToString(), file,
                (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture), message));
        }

        lines.Sort(StringComparer.Ordinal);
        await File.WriteAllLinesAsync(options.Findings!, lines);
        Console.WriteLine($"corpus: {string.Join(", ", options.Folders)}{(options.ExcludeTests ? " (tests excluded)" : "")}; files: {corpus.Files.Count}; compile errors: {errors}");
        Console.WriteLine($"durableio: {options.DurableIOPath} ({analyzers.Length} analyzers)");
        Console.WriteLine($"findings: {lines.Count} -> {options.Findings}");
        foreach (var group in diagnostics.GroupBy(d => (d.Id, d.Severity)).OrderBy(g => g.Key.Id, StringComparer.Ordinal).ThenBy(g => g.Key.Severity))
        {
            Console.WriteLine($"  {group.Key.Id}\t{group.Key.Severity}\t{group.Count()}");
        }

        Console.WriteLine($"Warning-level findings: {diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)}");
        Console.WriteLine($"analyzer exceptions: {exceptions} (+{diagnostics.Count(d => d.Id == "AD0001")} AD0001)");
        foreach (var error in loadErrors)
        {
            Console.Error.WriteLine("load error: " + error);
        }

        return exceptions > 0 || loadErrors.Count > 0 ? 1 : 0;
    }
}

/// <summary>What one child run measured (serialized to the parent as one JSON line).</summary>
internal sealed class RunResult
{
    public string Set { get; set; } = "";
    public int Files { get; set; }
    public int References { get; set; }
    public int ProjectsWithImplicitUsings { get; set; }
    public List<string> GlobalUsings { get; set; } = [];
    public double ParseMs { get; set; }
    public int AnalyzerCount { get; set; }
    public double WallMs { get; set; }
    public double AnalyzerMs { get; set; }
    public double ApiAnalyzerMs { get; set; }
    public Dictionary<string, double> PerAnalyzerMs { get; set; } = [];
    public long RetainedBytes { get; set; }
    public int CompileErrors { get; set; }
    public List<string> FirstErrors { get; set; } = [];
    public int AnalyzerExceptions { get; set; }
    public int AD0001 { get; set; }
    public List<string> ExceptionSamples { get; set; } = [];
    public List<string> LoadErrors { get; set; } = [];
    public int AnalyzerDiagnostics { get; set; }
    public int AnalyzerWarnings { get; set; }
}

/// <summary>Global analyzer config options (`--option build_property.TargetFramework=net8.0`); none by default.</summary>
internal sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    private readonly DictionaryOptions _global = new(values);

    public override AnalyzerConfigOptions GlobalOptions => _global;

    // As in a build, the global options are also each file's options (there are no per-file ones here).
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _global;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _global;

    private sealed class DictionaryOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
