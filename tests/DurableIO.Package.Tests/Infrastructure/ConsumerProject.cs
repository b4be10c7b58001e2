using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DurableIO.Package.Tests.Infrastructure;

/// <summary>
/// A fresh folder holding a user's project (or several), its own nuget.config (the fresh feed plus the
/// normal registry) and its own package cache, so nothing from an earlier run is reused.
/// </summary>
public sealed class ConsumerProject
{
    private ConsumerProject(string folder) => Folder = folder;

    public string Folder { get; }

    public static ConsumerProject Create(PackedPackage package, string name)
    {
        var folder = Path.Combine(package.WorkRoot, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(folder, ".packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="fresh-durableio" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        // Keep the user's folder free of settings from any folder above it.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        return new ConsumerProject(folder);
    }

    public string Write(string relativePath, string contents)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    public CommandResult Dotnet(params string[] arguments) => DotNet.Run(Folder, arguments);

    /// <summary>A project file for an SDK-style project referencing the DurableIO package.</summary>
    public static string ProjectFile(string targetFramework, string version, string outputType = "Exe", string extraProperties = "", string extraItems = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>{outputType}</OutputType>
            <TargetFramework>{targetFramework}</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="DurableIO" Version="{version}" />
            {extraItems}
          </ItemGroup>
        </Project>
        """;

    /// <summary>The DUR diagnostics a build printed, as (id, file name, line, severity), without duplicates.</summary>
    public static IReadOnlyList<(string Id, string File, int Line, string Severity)> Diagnostics(string buildOutput) =>
        Regex.Matches(buildOutput, @"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): (?<severity>warning|error|info) (?<id>DUR\d{3}):", RegexOptions.Multiline)
            .Select(m => (m.Groups["id"].Value, Path.GetFileName(m.Groups["file"].Value.Trim()), int.Parse(m.Groups["line"].Value), m.Groups["severity"].Value))
            .Distinct()
            .ToList();
}
