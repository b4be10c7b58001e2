using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DurableIO.Analyzers.Tests.Meta;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// <c>dotnet format analyzers --diagnostics &lt;every rule but DUR008&gt; --severity info</c> on a copy of samples/SeedExamples
/// (in a temporary folder, its project references made absolute, the runtime library referenced, the code fixes loaded as
/// an analyzer) yields code that builds with no DUR diagnostic and no warning at all (warnings are errors there).
/// DUR008 has no fix by design (the recovery from a failed fsync is the application's decision): it is turned off in the copy.
/// Runs the real dotnet CLI: slow (a few minutes).
/// </summary>
public sealed class SeedExamplesFormatTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly ITestOutputHelper _output;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "durableio-format-" + Guid.NewGuid().ToString("N").Substring(0, 8));

    public SeedExamplesFormatTests(ITestOutputHelper output) => _output = output;

    [Fact]
    [Trait("Category", "Slow")]
    public void Dotnet_format_with_every_fix_yields_a_sample_that_builds_without_DUR_warnings()
    {
        var fixableIds = RuleCatalog.CodeFixProviderTypes()
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .Distinct()
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();
        var withoutFix = RuleCatalog.DeclaredIds.Except(fixableIds).ToList();

        var sample = CopySample();
        var artifacts = Path.Combine(_root, "artifacts");
        Run(artifacts, "restore", sample).EnsureSuccess();

        // dotnet format loads the analyzers and the fixes from their built assemblies.
        Run(artifacts, "build", Path.Combine(RepositoryPaths.Root, "src", "DurableIO.CodeFixes", "DurableIO.CodeFixes.csproj")).EnsureSuccess();
        Run(artifacts, "build", Path.Combine(RepositoryPaths.Root, "src", "DurableIO", "DurableIO.csproj")).EnsureSuccess();

        var before = Run(artifacts, "build", sample, "--no-restore");
        Assert.Contains("DUR001", before.Output, StringComparison.Ordinal); // the copy really reports, so the end result means something

        // One pass fixes what the analyzers report before it; a fix can make another rule's finding visible (DUR010's fix
        // removes the delete that made the earlier write of the same file moot, so DUR006 reports it), which a second run
        // of the same command fixes, as a user would do. More than two passes would mean fixes that undo each other.
        var format = new[] { "format", "analyzers", sample, "--diagnostics" }.Concat(fixableIds).Concat(new[] { "--severity", "info", "--verbosity", "normal" }).ToArray();
        CommandResult after;
        List<string> remaining;
        var passes = 0;
        do
        {
            passes++;
            Run(artifacts, format).EnsureSuccess();
            after = Run(artifacts, "build", sample, "--no-restore");
            remaining = Regex.Matches(after.Output, @"^.*\b(warning|error) [A-Z]+[0-9]+:.*$", RegexOptions.Multiline)
                .Select(m => m.Value.Trim())
                .Distinct()
                .ToList();
            _output.WriteLine($"after pass {passes}: {remaining.Count} diagnostics\n" + string.Join("\n", remaining));
        }
        while ((after.ExitCode != 0 || remaining.Count > 0) && passes < 2);

        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(sample)!, "*.cs"))
        {
            _output.WriteLine("==== " + Path.GetFileName(file) + "\n" + File.ReadAllText(file));
        }

        Assert.True(
            after.ExitCode == 0 && remaining.Count == 0,
            $"The formatted sample does not build clean after {passes} passes ({remaining.Count} diagnostics):\n" + string.Join("\n", remaining) + "\n\n" + after.Output);
        Assert.True(
            withoutFix.SequenceEqual(new[] { RuleIds.FlushFailureIgnored }),
            "Every rule but DUR008 needs a code fix; without one: " + string.Join(", ", withoutFix));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The sample's sources and .editorconfig in a temporary folder, with a project that points at the repository by absolute paths.</summary>
    private string CopySample()
    {
        var source = Path.Combine(RepositoryPaths.Root, "samples", "SeedExamples");
        var target = Path.Combine(_root, "SeedExamples");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*.cs"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var editorConfig = File.ReadAllText(Path.Combine(source, ".editorconfig"))
            + "\n# DUR008 has no code fix by design.\ndotnet_diagnostic.DUR008.severity = none\n";
        File.WriteAllText(Path.Combine(target, ".editorconfig"), "root = true\n\n" + editorConfig);

        var src = Path.Combine(RepositoryPaths.Root, "src");
        var project = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <RollForward>Major</RollForward>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(src, "DurableIO", "DurableIO.csproj")}" />
                <ProjectReference Include="{Path.Combine(src, "DurableIO.Analyzers", "DurableIO.Analyzers.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="{Path.Combine(src, "DurableIO.CodeFixes", "DurableIO.CodeFixes.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """;
        var path = Path.Combine(target, "SeedExamples.csproj");
        File.WriteAllText(path, project);
        return path;
    }

    private CommandResult Run(string artifacts, params string[] arguments)
    {
        // Every build output (the repository's projects included) goes to the temporary folder: the working tree is untouched.
        var environment = new Dictionary<string, string> { ["UseArtifactsOutput"] = "true", ["ArtifactsPath"] = artifacts };
        var result = DotNetCli.Run(_root, Timeout, environment, arguments);
        _output.WriteLine($"$ {result.CommandLine}  (exit {result.ExitCode})");
        return result;
    }
}
