using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DurableIO.AnalyzerBenchmarks;

/// <summary>The corpus: the C# files of one or more folders, parsed and put into one compilation.</summary>
internal sealed class Corpus
{
    /// <summary>What `Microsoft.NET.Sdk` adds when a project enables ImplicitUsings.</summary>
    private static readonly string[] SdkUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks",
    ];

    /// <summary>What `Microsoft.NET.Sdk.Web` adds on top of <see cref="SdkUsings"/>.</summary>
    private static readonly string[] WebUsings =
    [
        "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>What `Microsoft.NET.Sdk.Worker` adds on top of <see cref="SdkUsings"/>.</summary>
    private static readonly string[] WorkerUsings =
    [
        "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>Preprocessor symbols of a net10.0 Release build, so that `#if NET...` code is the modern branch.</summary>
    private static readonly string[] PreprocessorSymbols =
    [
        "NET", "NETCOREAPP", "RELEASE", "TRACE", "NETCOREAPP1_0_OR_GREATER", "NETCOREAPP1_1_OR_GREATER",
        "NETCOREAPP2_0_OR_GREATER", "NETCOREAPP2_1_OR_GREATER", "NETCOREAPP2_2_OR_GREATER", "NETCOREAPP3_0_OR_GREATER",
        "NETCOREAPP3_1_OR_GREATER", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER",
        "NET9_0_OR_GREATER", "NET10_0_OR_GREATER", "NET10_0",
    ];

    private Corpus(string root, IReadOnlyList<string> files, CSharpCompilation compilation, IReadOnlyList<string> globalUsings,
        int projectsWithImplicitUsings, int referenceCount)
    {
        Root = root;
        Files = files;
        Compilation = compilation;
        GlobalUsings = globalUsings;
        ProjectsWithImplicitUsings = projectsWithImplicitUsings;
        ReferenceCount = referenceCount;
    }

    /// <summary>The folder file paths are reported relative to.</summary>
    public string Root { get; }

    public IReadOnlyList<string> Files { get; }

    public CSharpCompilation Compilation { get; }

    /// <summary>The namespaces of the generated global-usings tree (empty when no project enables ImplicitUsings).</summary>
    public IReadOnlyList<string> GlobalUsings { get; }

    public int ProjectsWithImplicitUsings { get; }

    public int ReferenceCount { get; }

    /// <summary>Finds, parses and compiles (lazily: nothing is bound here) the C# files under <paramref name="folders"/>.</summary>
    public static Corpus Load(string root, IReadOnlyList<string> folders, bool excludeTests, string? globalConfigPath)
    {
        var files = new List<string>();
        foreach (var folder in folders)
        {
            if (Directory.Exists(folder))
            {
                files.AddRange(EnumerateSources(folder, excludeTests));
            }
        }

        files.Sort(StringComparer.Ordinal);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Regular,
            PreprocessorSymbols);
        var trees = new SyntaxTree[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            using var stream = File.OpenRead(files[i]);
            var text = SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256);
            trees[i] = CSharpSyntaxTree.ParseText(text, parseOptions, files[i]);
        });

        var (globalUsings, projects) = FindImplicitUsings(files, root);
        var allTrees = new List<SyntaxTree>(trees);
        if (globalUsings.Count > 0)
        {
            var source = string.Concat(globalUsings.Select(u => $"global using global::{u};\n"));
            allTrees.Add(CSharpSyntaxTree.ParseText(source, parseOptions, Path.Combine(root, "obj", "ImplicitGlobalUsings.g.cs")));
        }

        var references = References();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, concurrentBuild: true)
            .WithSpecificDiagnosticOptions(globalConfigPath is null ? [] : ReadGlobalConfigSeverities(globalConfigPath));
        var compilation = CSharpCompilation.Create("Corpus", allTrees, references, options);
        return new Corpus(root, files, compilation, globalUsings, projects, references.Count);
    }

    /// <summary>
    /// Every *.cs file under the folder, except those under bin/ or obj/ and, with <paramref name="excludeTests"/>,
    /// those under a folder whose name has a word test, tests, testing or benchmark(s) (words split at '.', '-', '_'
    /// and at lower-to-upper case changes: Foo.Tests, UnitTests, TestDriver, benchmarks; not Latest).
    /// </summary>
    private static IEnumerable<string> EnumerateSources(string folder, bool excludeTests)
    {
        var full = Path.GetFullPath(folder);
        foreach (var file in Directory.EnumerateFiles(full, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(full, file);
            var segments = relative.Split(Path.DirectorySeparatorChar);
            var directories = segments.Take(segments.Length - 1).ToArray();
            if (directories.Any(d => d.Equals("bin", StringComparison.OrdinalIgnoreCase) || d.Equals("obj", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (excludeTests && directories.Any(IsTestSegment))
            {
                continue;
            }

            yield return file;
        }
    }

    internal static bool IsTestSegment(string segment)
    {
        foreach (var part in Regex.Split(segment, @"[._\-\s]+|(?<=[a-z0-9])(?=[A-Z])"))
        {
            switch (part.ToLowerInvariant())
            {
                case "test":
                case "tests":
                case "testing":
                case "benchmark":
                case "benchmarks":
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The global usings of the projects that enable ImplicitUsings (their nearest *.csproj, or a Directory.Build.props
    /// above it, says enable/true), by the Sdk of each such project, plus the plain `&lt;Using Include="..."/&gt;` items of
    /// those projects. One compilation has one set of global usings, so the union is added once for all files.
    /// </summary>
    private static (IReadOnlyList<string> Usings, int Projects) FindImplicitUsings(IEnumerable<string> files, string root)
    {
        var projectOf = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        var projects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var project = NearestProject(Path.GetDirectoryName(file)!, projectOf);
            if (project is not null)
            {
                projects.Add(project);
            }
        }

        var usings = new SortedSet<string>(StringComparer.Ordinal);
        var enabling = 0;
        var rootFull = Path.GetFullPath(root);
        foreach (var project in projects)
        {
            var text = File.ReadAllText(project);
            var enabled = ImplicitUsingsSetting(text);
            var props = new List<string>();
            for (var dir = Path.GetDirectoryName(project); dir is not null; dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, "Directory.Build.props");
                if (File.Exists(candidate))
                {
                    props.Add(File.ReadAllText(candidate));
                }

                if (string.Equals(Path.GetFullPath(dir), rootFull, StringComparison.Ordinal))
                {
                    break;
                }
            }

            // The project file wins over Directory.Build.props (imported before it); the nearest props wins over farther ones.
            enabled ??= props.Select(ImplicitUsingsSetting).FirstOrDefault(s => s is not null);
            if (enabled != true)
            {
                continue;
            }

            enabling++;
            var sdk = Regex.Match(text, "<Project\\s[^>]*Sdk\\s*=\\s*\"([^\"]+)\"").Groups[1].Value;
            usings.UnionWith(SdkUsings);
            if (sdk.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase))
            {
                usings.UnionWith(WebUsings);
            }
            else if (sdk.StartsWith("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase))
            {
                usings.UnionWith(WorkerUsings);
            }

            foreach (var source in props.Append(text))
            {
                foreach (Match m in Regex.Matches(source, "<Using\\s+Include\\s*=\\s*\"([\\w.]+)\"\\s*/>"))
                {
                    usings.Add(m.Groups[1].Value);
                }
            }
        }

        return (usings.ToList(), enabling);
    }

    private static bool? ImplicitUsingsSetting(string projectText)
    {
        var m = Regex.Match(projectText, @"<ImplicitUsings(\s[^>]*)?>\s*(\w+)\s*</ImplicitUsings>");
        if (!m.Success)
        {
            return null;
        }

        var value = m.Groups[2].Value;
        return value.Equals("enable", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    private static string? NearestProject(string directory, ConcurrentDictionary<string, string?> cache)
    {
        if (cache.TryGetValue(directory, out var cached))
        {
            return cached;
        }

        var project = Directory.EnumerateFiles(directory, "*.csproj").OrderBy(p => p, StringComparer.Ordinal).FirstOrDefault();
        if (project is null)
        {
            var parent = Path.GetDirectoryName(directory);
            project = parent is null ? null : NearestProject(parent, cache);
        }

        cache[directory] = project;
        return project;
    }

    /// <summary>
    /// The running runtime's trusted platform assemblies (implementation assemblies of Microsoft.NETCore.App), plus the
    /// assemblies of the other shared frameworks of the same version under the dotnet root (Microsoft.AspNetCore.App).
    /// </summary>
    private static IReadOnlyList<MetadataReference> References()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            // Only the framework's own assemblies, not this tool's (Roslyn) ones.
            if (string.Equals(Path.GetDirectoryName(path), runtimeDir, StringComparison.Ordinal))
            {
                paths[Path.GetFileName(path)] = path;
            }
        }

        var sharedDir = Path.GetDirectoryName(Path.GetDirectoryName(runtimeDir)!)!; // .../shared
        var version = Path.GetFileName(runtimeDir);
        foreach (var framework in Directory.EnumerateDirectories(sharedDir))
        {
            var dir = Path.Combine(framework, version);
            if (!Directory.Exists(dir) || string.Equals(dir, runtimeDir, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(dir, "*.dll"))
            {
                if (!paths.ContainsKey(Path.GetFileName(path)) && IsManaged(path))
                {
                    paths[Path.GetFileName(path)] = path;
                }
            }
        }

        return paths.Values.Where(IsManaged).OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The `dotnet_diagnostic.ID.severity = ...` lines of a global config (the SDK's analysislevel file).</summary>
    private static ImmutableDictionary<string, ReportDiagnostic> ReadGlobalConfigSeverities(string path)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(path))
        {
            var m = Regex.Match(line, @"^\s*dotnet_diagnostic\.([A-Za-z0-9_]+)\.severity\s*=\s*(\w+)");
            if (!m.Success)
            {
                continue;
            }

            result[m.Groups[1].Value] = m.Groups[2].Value.ToLowerInvariant() switch
            {
                "error" => ReportDiagnostic.Error,
                "warning" => ReportDiagnostic.Warn,
                "suggestion" => ReportDiagnostic.Info,
                "silent" => ReportDiagnostic.Hidden,
                "none" => ReportDiagnostic.Suppress,
                _ => ReportDiagnostic.Default,
            };
        }

        return result.ToImmutable();
    }
}
