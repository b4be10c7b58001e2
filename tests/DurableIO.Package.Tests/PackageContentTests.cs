using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Xml.Linq;
using DurableIO.Package.Tests.Infrastructure;
using Xunit;

namespace DurableIO.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageContentTests
{
    private readonly PackedPackage _package;

    public PackageContentTests(PackedPackage package) => _package = package;

    [Fact]
    public void Nupkg_holds_exactly_the_runtime_library_the_analyzers_and_the_msbuild_glue()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var files = archive.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("package/services/metadata/", StringComparison.Ordinal)
                && name != "_rels/.rels" && name != "[Content_Types].xml")
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                "DurableIO.nuspec",
                "README.md",
                "analyzers/dotnet/cs/DurableIO.Analyzers.dll",
                "analyzers/dotnet/cs/DurableIO.CodeFixes.dll",
                "buildTransitive/DurableIO.props",
                "buildTransitive/DurableIO.targets",
                "configuration/all-warnings.globalconfig",
                "configuration/default.globalconfig",
                "configuration/none.globalconfig",
                "lib/net8.0/DurableIO.dll",
                "lib/net8.0/DurableIO.xml",
                "lib/netstandard2.0/DurableIO.dll",
                "lib/netstandard2.0/DurableIO.xml",
            },
            files);
    }

    [Fact]
    public void Nuspec_flows_the_runtime_library_and_carries_the_package_metadata()
    {
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        using var stream = archive.GetEntry("DurableIO.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("DurableIO", metadata.Element(ns + "id")!.Value);
        Assert.Equal(_package.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.NotNull(metadata.Element(ns + "repository")!.Attribute("url"));
        Assert.Contains("fsync", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
        // A development dependency would keep lib/ from flowing to the consumers of a consumer.
        Assert.Null(metadata.Element(ns + "developmentDependency"));
        // No package dependencies in any framework group.
        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToArray();
        Assert.Equal(new[] { ".NETStandard2.0", "net8.0" }, groups.Select(g => g.Attribute("targetFramework")!.Value).OrderBy(x => x, StringComparer.Ordinal));
        Assert.All(groups, group => Assert.Empty(group.Elements()));
    }

    [Fact]
    public void Symbols_package_holds_the_pdbs_of_every_assembly()
    {
        var snupkg = Path.ChangeExtension(_package.PackagePath, ".snupkg");
        using var archive = ZipFile.OpenRead(snupkg);
        var pdbs = archive.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".pdb", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "analyzers/dotnet/cs/DurableIO.Analyzers.pdb",
                "analyzers/dotnet/cs/DurableIO.CodeFixes.pdb",
                "lib/net8.0/DurableIO.pdb",
                "lib/netstandard2.0/DurableIO.pdb",
            },
            pdbs);
    }

    [Fact]
    public void Pack_is_deterministic()
    {
        // A rebuild from scratch of the same commit in the same place packs to the same bytes.
        Directory.Delete(_package.BuildFolder, recursive: true);
        var again = Path.Combine(_package.WorkRoot, "feed-again");
        PackedPackage.Pack(again, _package.BuildFolder).EnsureSuccess();

        var first = SHA256.HashData(File.ReadAllBytes(_package.PackagePath));
        var second = SHA256.HashData(File.ReadAllBytes(Path.Combine(again, Path.GetFileName(_package.PackagePath))));
        Assert.Equal(Convert.ToHexString(first), Convert.ToHexString(second));
    }
}
