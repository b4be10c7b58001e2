using System;
using System.IO;
using System.Linq;
using Xunit;

namespace DurableIO.Package.Tests.Infrastructure;

/// <summary>Packs nuget/DurableIO.Package.csproj once per test run into a fresh folder feed.</summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        WorkRoot = Directory.CreateTempSubdirectory("durableio-package-tests-").FullName;
        Feed = Path.Combine(WorkRoot, "feed");
        // Its own artifacts path keeps this pack from touching the bin/obj folders of the solution build.
        BuildFolder = Path.Combine(WorkRoot, "build");
        Pack(Feed, BuildFolder).EnsureSuccess();
        PackagePath = Directory.GetFiles(Feed, "DurableIO.*.nupkg").Single(path => !path.EndsWith(".symbols.nupkg", StringComparison.Ordinal));
        Version = Path.GetFileNameWithoutExtension(PackagePath).Substring("DurableIO.".Length);
    }

    /// <summary>A temp folder for everything this run creates; removed at the end.</summary>
    public string WorkRoot { get; }

    /// <summary>The folder feed holding the freshly packed nupkg and snupkg.</summary>
    public string Feed { get; }

    /// <summary>The artifacts folder (bin/obj) of the pack's build.</summary>
    public string BuildFolder { get; }

    public string PackagePath { get; }

    public string Version { get; }

    public static CommandResult Pack(string outputFolder, string artifactsFolder) =>
        DotNet.Run(Repository.Root, "pack", "nuget/DurableIO.Package.csproj", "-c", "Release", "-o", outputFolder, "--artifacts-path", artifactsFolder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "packed package";
}
