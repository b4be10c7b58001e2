using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.AnalyzerBenchmarks;

/// <summary>The analyzer sets the benchmark compares.</summary>
internal static class AnalyzerSets
{
    public const string Compile = "compile";
    public const string Empty = "empty";
    public const string DurableIO = "durableio";
    public const string NetAnalyzers = "netanalyzers";

    public static readonly string[] All = [Compile, Empty, DurableIO, NetAnalyzers];

    /// <summary>The DurableIO.Analyzers.dll that the build copies beside this program.</summary>
    public static string DefaultDurableIOPath => Path.Combine(AppContext.BaseDirectory, "durableio", "DurableIO.Analyzers.dll");

    /// <summary>The newest installed SDK's folder (the one beside the running dotnet), e.g. /usr/share/dotnet/sdk/10.0.401.</summary>
    public static string SdkDirectory()
    {
        var dotnetRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(
            Path.GetDirectoryName(typeof(object).Assembly.Location)!)!)!)!;
        var sdks = Directory.EnumerateDirectories(Path.Combine(dotnetRoot, "sdk"))
            .Where(d => char.IsDigit(Path.GetFileName(d)[0]))
            .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
            .ToList();
        if (sdks.Count == 0)
        {
            throw new InvalidOperationException($"no SDK under {dotnetRoot}/sdk");
        }

        return sdks[^1];
    }

    public static string NetAnalyzersDirectory => Path.Combine(SdkDirectory(), "Sdks", "Microsoft.NET.Sdk", "analyzers");

    /// <summary>The global config the SDK passes for a net10.0 project with no AnalysisLevel/AnalysisMode set.</summary>
    public static string NetAnalyzersGlobalConfig =>
        Path.Combine(NetAnalyzersDirectory, "build", "config", "analysislevel_10_default.globalconfig");

    public static ImmutableArray<DiagnosticAnalyzer> Load(string set, string durableIOPath, List<string> loadErrors) => set switch
    {
        Compile => [],
        Empty => [new EmptyInvocationAnalyzer()],
        DurableIO => FromFiles([durableIOPath], loadErrors),
        NetAnalyzers => FromFiles(
            [
                Path.Combine(NetAnalyzersDirectory, "Microsoft.CodeAnalysis.NetAnalyzers.dll"),
                Path.Combine(NetAnalyzersDirectory, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll"),
            ],
            loadErrors),
        _ => throw new ArgumentException($"unknown analyzer set '{set}' (one of {string.Join(", ", All)})"),
    };

    /// <summary>The C# analyzers of the given files, loaded into one isolated AssemblyLoadContext.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> FromFiles(string[] paths, List<string> loadErrors)
    {
        var loader = new IsolatedLoader(Path.GetDirectoryName(Path.GetFullPath(paths[0]))!);
        var result = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"analyzer assembly not found: {path}", path);
            }

            var reference = new AnalyzerFileReference(Path.GetFullPath(path), loader);
            reference.AnalyzerLoadFailed += (_, e) => loadErrors.Add($"{Path.GetFileName(path)}: {e.TypeName}: {e.Message}");
            result.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// Loads analyzer assemblies into their own context; Roslyn and the framework come from the default context (so the
    /// analyzers' DiagnosticAnalyzer is this host's), and any other dependency from the analyzer's folder.
    /// </summary>
    private sealed class IsolatedLoader(string directory) : IAnalyzerAssemblyLoader
    {
        private readonly Context _context = new(directory);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);

        private sealed class Context(string directory) : AssemblyLoadContext("analyzers:" + directory, isCollectible: false)
        {
            protected override Assembly? Load(AssemblyName assemblyName)
            {
                var name = assemblyName.Name ?? "";
                if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && !name.Contains("NetAnalyzers", StringComparison.Ordinal))
                {
                    return null;
                }

                var candidate = Path.Combine(directory, name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }
    }
}

/// <summary>Set (b): one operation callback on every invocation, doing nothing: the cost of the driver itself.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyInvocationAnalyzer : DiagnosticAnalyzer
{
    // An analyzer whose every rule is suppressed is skipped by the driver, so it declares one enabled (Hidden) rule.
    private static readonly DiagnosticDescriptor Rule = new("BENCH000", "Empty analyzer", "Never reported", "Benchmark",
        DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
