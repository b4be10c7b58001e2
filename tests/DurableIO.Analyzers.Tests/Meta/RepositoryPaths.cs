using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>Finds the repository root (the folder holding Analyzers.sln) from where the tests run.</summary>
internal static class RepositoryPaths
{
    private const string SolutionFileName = "Analyzers.sln";

    private static readonly Lazy<string> LazyRoot = new(() => FindRoot(ThisFilePath()));

    public static string Root => LazyRoot.Value;

    public static string RulesDocsDirectory => Path.Combine(Root, "docs", "rules");

    public static string AnalyzerTestsDirectory => Path.Combine(Root, "tests", "DurableIO.Analyzers.Tests");

    private static string FindRoot(string? sourceFilePath)
    {
        // The test's base directory is inside the repository for an ordinary build (bin/ under the project).
        // A build with --artifacts-path puts it elsewhere; then the working directory or the path of this
        // source file (when the compiler recorded a real one) still leads to the repository.
        var starts = new[]
        {
            AppContext.BaseDirectory,
            Environment.CurrentDirectory,
            sourceFilePath is not null && Path.IsPathRooted(sourceFilePath) ? Path.GetDirectoryName(sourceFilePath) : null,
        };

        foreach (var start in starts)
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start!); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find {SolutionFileName} above '{AppContext.BaseDirectory}', '{Environment.CurrentDirectory}' or '{sourceFilePath}'.");
    }

    private static string? ThisFilePath([CallerFilePath] string? path = null) => path;
}
