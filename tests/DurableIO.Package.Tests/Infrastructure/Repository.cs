using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DurableIO.Package.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The root of the repository this test assembly was built from (stamped in at build time).</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var root = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value;
        if (root is null || !File.Exists(Path.Combine(root, "Analyzers.sln")))
        {
            throw new InvalidOperationException($"The repository root stamped at build time ('{root}') holds no Analyzers.sln; rebuild the tests.");
        }

        return root;
    }
}
