using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace DurableIO.Analyzers.Tests.Infrastructure;

/// <summary>
/// net8.0 reference assemblies from the Basic.Reference.Assemblies.Net80 NuGet package: restored with the test project,
/// so tests need no download at run time and resolve on any machine that reaches the NuGet registry.
/// </summary>
public static class TestReferences
{
    /// <summary>A reference-assembly set with no package to download: the real references are <see cref="Net80Assemblies"/>.</summary>
    public static ReferenceAssemblies Net80 { get; } = new ReferenceAssemblies("net8.0");

    public static ImmutableArray<MetadataReference> Net80Assemblies { get; } =
        ImmutableArray.CreateRange<MetadataReference>(Basic.Reference.Assemblies.Net80.References.All);

    /// <summary>The real DurableIO runtime library (the build the test project references).</summary>
    public static MetadataReference DurableRuntime { get; } = MetadataReference.CreateFromFile(typeof(DurableIO.DurableFile).Assembly.Location);
}
