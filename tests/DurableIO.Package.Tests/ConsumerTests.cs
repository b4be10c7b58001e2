using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DurableIO.Package.Tests.Infrastructure;
using Xunit;

namespace DurableIO.Package.Tests;

/// <summary>The package used from fresh projects, exactly as a user would: restore from the feed, build, run.</summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerTests
{
    private static readonly string[] WarningRules = { "DUR001", "DUR002", "DUR003", "DUR004", "DUR007", "DUR008", "DUR009", "DUR010", "DUR012", "DUR013" };
    private static readonly string[] QuietRules = { "DUR005", "DUR006", "DUR014" };
    private static readonly string[] FixableRules = { "DUR001", "DUR002", "DUR003", "DUR004", "DUR005", "DUR006", "DUR007", "DUR009", "DUR010", "DUR011", "DUR012", "DUR013", "DUR014" };

    private readonly PackedPackage _package;

    public ConsumerTests(PackedPackage package) => _package = package;

    [Fact]
    public void Build_prints_every_warning_rule_at_its_file_and_line_and_the_sarif_log_lists_them()
    {
        var project = NewConsoleWithBugs("console");
        var sarifPath = Path.Combine(project.Folder, "build.sarif");

        var build = project.Dotnet("build", "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1").EnsureSuccess();

        AssertNoLoadFailures(build.Output);
        var expected = Markers(project, WarningRules);
        var reported = ConsumerProject.Diagnostics(build.Output).Where(d => d.Severity == "warning").Select(d => (d.Id, d.File, d.Line)).ToHashSet();
        Assert.All(expected, marker => Assert.Contains(marker, reported));
        Assert.Equal(WarningRules.OrderBy(x => x), reported.Select(d => d.Id).Distinct().OrderBy(x => x));

        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var sarifRules = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(result => result.GetProperty("ruleId").GetString())
            .Where(id => id!.StartsWith("DUR", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Superset(WarningRules.ToHashSet(), sarifRules!);
    }

    [Fact]
    public void All_warnings_mode_raises_the_info_and_hidden_rules_to_warnings()
    {
        var project = NewConsoleWithBugs("all-warnings", "<DurableIOAnalysisMode>all-warnings</DurableIOAnalysisMode>");

        var build = project.Dotnet("build").EnsureSuccess();

        var reported = ConsumerProject.Diagnostics(build.Output).Where(d => d.Severity == "warning").Select(d => (d.Id, d.File, d.Line)).ToHashSet();
        Assert.All(Markers(project, WarningRules.Concat(QuietRules)), marker => Assert.Contains(marker, reported));
    }

    [Fact]
    public void Editorconfig_silences_one_rule_and_none_mode_silences_all()
    {
        var silencedOne = NewConsoleWithBugs("editorconfig");
        silencedOne.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.DUR001.severity = none\n");
        var withoutDur001 = ConsumerProject.Diagnostics(silencedOne.Dotnet("build").EnsureSuccess().Output);
        Assert.DoesNotContain(withoutDur001, d => d.Id == "DUR001");
        Assert.Contains(withoutDur001, d => d.Id == "DUR002");

        var silencedAll = NewConsoleWithBugs("none", "<DurableIOAnalysisMode>none</DurableIOAnalysisMode>");
        var build = silencedAll.Dotnet("build").EnsureSuccess();
        Assert.Empty(ConsumerProject.Diagnostics(build.Output));
        AssertNoLoadFailures(build.Output);
    }

    [Fact]
    public void Unknown_analysis_mode_is_a_clear_build_error()
    {
        var project = NewConsoleWithBugs("bad-mode", "<DurableIOAnalysisMode>strict</DurableIOAnalysisMode>");
        var build = project.Dotnet("build");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("DurableIOAnalysisMode 'strict' is not known", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Net6_project_gets_the_dotnet6_and_7_flush_warning()
    {
        // net6.0 (not net7.0): the registry serves the net6.0 reference pack. A library needs no apphost pack.
        var project = ConsumerProject.Create(_package, "net6");
        project.Write("Journal.csproj", ConsumerProject.ProjectFile("net6.0", _package.Version, outputType: "Library", extraProperties: "<CheckEolTargetFramework>false</CheckEolTargetFramework>"));
        project.Write("Journal.cs", """
            namespace Journal;

            public static class Appender
            {
                public static void Append(string path, byte[] record)
                {
                    using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
                    log.Write(record, 0, record.Length);
                    log.Flush(true); /* DUR011 */
                }
            }
            """);

        var build = project.Dotnet("build").EnsureSuccess();

        AssertNoLoadFailures(build.Output);
        var reported = ConsumerProject.Diagnostics(build.Output).Select(d => (d.Id, d.File, d.Line)).ToHashSet();
        Assert.All(Markers(project, new[] { "DUR011" }), marker => Assert.Contains(marker, reported));
    }

    [Fact]
    public void Netstandard_library_consuming_the_package_builds_and_gets_the_diagnostics()
    {
        var project = ConsumerProject.Create(_package, "netstandard");
        project.Write("Library.csproj", ConsumerProject.ProjectFile("netstandard2.0", _package.Version, outputType: "Library", extraProperties: "<LangVersion>latest</LangVersion><ImplicitUsings>disable</ImplicitUsings>"));
        project.Write("Settings.cs", """
            using System.IO;
            using DurableIO;

            namespace Library
            {
                public static class Settings
                {
                    public static void SaveNaively(string path, string json)
                    {
                        var temporary = path + ".tmp";
                        File.WriteAllText(temporary, json);
                        File.Delete(path); /* DUR010 */
                        File.Move(temporary, path); /* DUR001 */
                    }

                    public static void SaveDurably(string path, string json) => DurableFile.WriteAllText(path, json);
                }
            }
            """);

        var build = project.Dotnet("build").EnsureSuccess();

        AssertNoLoadFailures(build.Output);
        var reported = ConsumerProject.Diagnostics(build.Output).Select(d => (d.Id, d.File, d.Line)).ToHashSet();
        Assert.All(Markers(project, new[] { "DUR001", "DUR010" }), marker => Assert.Contains(marker, reported));
    }

    [Fact]
    public void Runtime_library_flows_through_a_library_to_the_app_that_references_it()
    {
        var solution = ConsumerProject.Create(_package, "flow");
        solution.Write("Storage/Storage.csproj", ConsumerProject.ProjectFile("net8.0", _package.Version, outputType: "Library"));
        solution.Write("Storage/SettingsStore.cs", """
            namespace Storage;

            public static class SettingsStore
            {
                public static void Save(string path, string json) => DurableIO.DurableFile.WriteAllText(path, json);
            }
            """);
        solution.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Storage/Storage.csproj" />
              </ItemGroup>
            </Project>
            """);
        solution.Write("App/Program.cs", """
            var path = Path.Combine(args[0], "settings.json");
            Storage.SettingsStore.Save(path, "{\"theme\":\"dark\"}");
            Console.WriteLine("saved " + File.ReadAllText(path));
            """);

        var run = solution.Dotnet("run", "--project", "App/App.csproj", "--", solution.Folder).EnsureSuccess();

        Assert.Contains("saved {\"theme\":\"dark\"}", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(solution.Folder, "App", "bin", "Debug", "net8.0", "DurableIO.dll")), "DurableIO.dll must be copied next to the app");
    }

    [Fact]
    public void Dotnet_format_applies_every_fix_and_the_fixed_program_builds_clean_and_runs()
    {
        var project = NewConsoleWithBugs("format", "<DurableIOAnalysisMode>all-warnings</DurableIOAnalysisMode>");
        var before = project.Read("Program.cs");

        // One fix can reveal another rule's finding (a removed delete makes a write visible), and dotnet format
        // does not apply fixers in a fixed order: like a user, run it again when the first pass left work.
        var format = new[] { "format", "analyzers", "--diagnostics" }.Concat(FixableRules).Concat(new[] { "--severity", "info" }).ToArray();
        project.Dotnet(format).EnsureSuccess();
        project.Dotnet(format).EnsureSuccess();

        var after = project.Read("Program.cs");
        Assert.NotEqual(before, after);
        Assert.Contains("using DurableIO;", after, StringComparison.Ordinal);
        var build = project.Dotnet("build").EnsureSuccess();
        // DUR008 has no automatic fix by design: the right recovery from a failed fsync is the application's.
        var left = ConsumerProject.Diagnostics(build.Output).Where(d => d.Id != "DUR008").ToList();
        Assert.True(left.Count == 0, $"left after dotnet format: {string.Join(", ", left)}\n{after}");

        var output = Path.Combine(project.Folder, "run-output");
        Directory.CreateDirectory(output);
        var run = project.Dotnet("run", "--no-build", "--", output).EnsureSuccess();
        Assert.Contains("done: {\"version\":3}", run.Output, StringComparison.Ordinal);
        foreach (var file in new[] { "settings.json", "journal.log", "report.txt", "ready.marker", "cache-free.txt" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file + " must have been written");
        }

        Assert.Equal("first\nsecond\nthird\nfourth" + Environment.NewLine, File.ReadAllText(Path.Combine(output, "journal.log")));
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
    }

    private ConsumerProject NewConsoleWithBugs(string name, string extraProperties = "")
    {
        var project = ConsumerProject.Create(_package, name);
        project.Write("Console.csproj", ConsumerProject.ProjectFile("net8.0", _package.Version, extraProperties: extraProperties));
        project.Write("Program.cs", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestProjects", "OneBugPerRule.cs")));
        return project;
    }

    /// <summary>The (id, file, line) of every <c>/* DURxxx */</c> marker of the given rules in the project's C# files.</summary>
    private static (string Id, string File, int Line)[] Markers(ConsumerProject project, System.Collections.Generic.IEnumerable<string> ids)
    {
        var wanted = ids.ToHashSet();
        var markers = Directory.GetFiles(project.Folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(path => File.ReadAllLines(path).SelectMany((text, index) =>
                Regex.Matches(text, @"/\* (DUR\d{3}(?:, DUR\d{3})*) \*/").SelectMany(m => m.Groups[1].Value.Split(", "))
                    .Select(id => (Id: id, File: Path.GetFileName(path), Line: index + 1))))
            .Where(marker => wanted.Contains(marker.Id))
            .ToArray();
        Assert.Equal(wanted.OrderBy(id => id), markers.Select(m => m.Id).Distinct().OrderBy(id => id));
        return markers;
    }

    private static void AssertNoLoadFailures(string buildOutput)
    {
        Assert.DoesNotContain("CS8032", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8033", buildOutput, StringComparison.Ordinal);
    }
}
