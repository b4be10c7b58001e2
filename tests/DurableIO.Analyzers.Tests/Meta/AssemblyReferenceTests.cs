using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>
/// The analyzer assembly must load in every host (docs/architecture-constraints.md §1): it references Roslyn 4.8 at most, never
/// Workspaces (not loaded by the command-line compiler), never the runtime library.
/// </summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void AnalyzerAssemblyReferencesOnlyTheCompilerLayerOfRoslyn48()
    {
        var references = RuleCatalog.AnalyzerAssembly.GetReferencedAssemblies();
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("Microsoft.CodeAnalysis.CSharp.Workspaces", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.Name == "DurableIO");

        var roslyn = references.Where(r => r.Name is "Microsoft.CodeAnalysis" or "Microsoft.CodeAnalysis.CSharp").ToList();
        Assert.NotEmpty(roslyn);
        Assert.All(roslyn, r => Assert.True(r.Version <= new Version(4, 8, 0, 0), r.FullName + " is newer than Roslyn 4.8"));
    }

    [Fact]
    public void CodeFixAssemblyDoesNotReferenceTheRuntimeLibraryOrNewerRoslyn()
    {
        var references = RuleCatalog.CodeFixAssembly.GetReferencedAssemblies();
        Assert.DoesNotContain(references, r => r.Name == "DurableIO");
        Assert.All(
            references.Where(r => r.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)),
            r => Assert.True(r.Version <= new Version(4, 8, 0, 0), r.FullName + " is newer than Roslyn 4.8"));
    }

    [Fact]
    public void AnalyzerAssemblyTargetsNetStandard20()
    {
        var framework = RuleCatalog.AnalyzerAssembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>();
        Assert.Equal(".NETStandard,Version=v2.0", framework?.FrameworkName);
    }
}
