using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR012: <c>new FileStream(…)</c>, <c>File.Open</c>/<c>OpenRead</c>/<c>OpenWrite</c>/<c>OpenHandle</c> (and the same on
/// <c>FileInfo</c>) on a path that is visibly a directory: <c>Path.GetDirectoryName</c>, <c>FileInfo.DirectoryName</c>,
/// <c>DirectoryInfo.FullName</c>, <c>Directory.GetCurrentDirectory()</c>, <c>Path.GetTempPath()</c>, <c>AppContext.BaseDirectory</c>, …
/// .NET cannot open a directory as a file on any OS: this always throws <c>UnauthorizedAccessException</c>.
/// </summary>
/// <remarks>
/// A P/Invoked <c>open</c>/<c>CreateFile</c> on a directory is the correct way to sync it and is never reported; neither are
/// writers and readers that take a path (<c>new StreamWriter(dir)</c> is a different bug, not a sync attempt).
/// Diagnostic data for the code fix: the diagnostic is on the expression that opens the directory; property
/// <see cref="FlushedProperty"/> is <c>true</c> when the body flushes that stream or handle to disk (the "directory sync"
/// the fix replaces with <c>DurableDirectory.Sync</c>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DirectoryOpenAnalyzer : DurabilityAnalyzer
{
    public const string FlushedProperty = "Flushed";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DUR012);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        foreach (var open in model.OfKind(FileOperationKind.Open))
        {
            if (open.IsImplicit || open.Target is not { Kind: FileEntityKind.FileStream or FileEntityKind.Handle } file
                || open.Path is not { IsDirectory: true } || !OpensAsFile(open.Method))
            {
                continue;
            }

            var flushed = false;
            foreach (var op in model.OperationsOn(file))
            {
                if (op.Kind == FileOperationKind.FlushToDisk)
                {
                    flushed = true;
                    break;
                }
            }

            context.Report(
                Descriptors.DUR012,
                open.Location,
                downgradeToInfo: false,
                additionalLocations: null,
                ImmutableDictionary<string, string?>.Empty.Add(FlushedProperty, flushed ? "true" : "false"),
                open.PathArgument?.Syntax.ToString() ?? "the directory");
        }
    }

    /// <summary>The System.IO APIs that open a path as a file: FileStream constructors, File.Open*/FileInfo.Open*.</summary>
    private static bool OpensAsFile(IMethodSymbol? method)
    {
        if (method is null)
        {
            return false;
        }

        var type = method.ContainingType;
        if (type?.ContainingNamespace is not { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return false;
        }

        return type!.Name switch
        {
            "FileStream" => method.MethodKind == MethodKind.Constructor,
            "File" or "FileInfo" => method.Name is "Open" or "OpenRead" or "OpenWrite" or "OpenHandle",
            _ => false,
        };
    }
}
