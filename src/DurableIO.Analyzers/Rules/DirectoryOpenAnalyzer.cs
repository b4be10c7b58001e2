using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR012: <c>new FileStream(…)</c>, <c>File.Open</c>/<c>OpenRead</c>/<c>OpenWrite</c>/<c>OpenHandle</c> (and the same on
/// <c>FileInfo</c>) on a path that is visibly a directory: <c>Path.GetDirectoryName</c>, <c>FileInfo.DirectoryName</c>,
/// <c>DirectoryInfo.FullName</c>, <c>Directory.GetCurrentDirectory()</c>, <c>Path.GetTempPath()</c>, <c>AppContext.BaseDirectory</c>, …,
/// or a variable named like a directory (<c>dir</c>, <c>parentDirectory</c>, <c>folder</c>) opened only to be flushed to disk.
/// .NET cannot open a directory as a file on any OS: this always throws <c>UnauthorizedAccessException</c>.
/// </summary>
/// <remarks>
/// A P/Invoked <c>open</c>/<c>CreateFile</c> on a directory is the correct way to sync it and is never reported; neither are
/// writers and readers that take a path (<c>new StreamWriter(dir)</c> is a different bug, not a sync attempt).
/// Diagnostic data for the code fix: the diagnostic is on the expression that opens the directory; property
/// <c>Flushed</c> (<see cref="DiagnosticData.Dur012"/>) is <c>true</c> when the body flushes that stream or handle to disk (the "directory sync"
/// the fix replaces with <c>DurableDirectory.Sync</c>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DirectoryOpenAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DUR012);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        foreach (var open in model.OfKind(FileOperationKind.Open))
        {
            if (!OpensADirectory(model, open, out var flushed))
            {
                continue;
            }

            context.Report(
                Descriptors.DUR012,
                open.Location,
                downgradeToInfo: false,
                additionalLocations: null,
                DiagnosticData.Dur012.Properties(flushed),
                open.PathArgument?.Syntax.ToString() ?? "the directory");
        }
    }

    /// <summary>
    /// True when <paramref name="open"/> opens, as a file, a path that is a directory: visibly one by its value, or named like
    /// one and opened only to be flushed to disk (a path from a caller: that is the Unix directory-sync recipe, and nothing
    /// else opens a file just to flush it). <paramref name="flushed"/>: the body flushes what it opened to disk.
    /// Also read by DUR013, which leaves such a stream to this rule.
    /// </summary>
    internal static bool OpensADirectory(FileModel model, FileOperation open, out bool flushed)
    {
        flushed = false;
        if (open.IsImplicit || open.Target is not { Kind: FileEntityKind.FileStream or FileEntityKind.Handle } file
            || open.Path is not { } path || !OpensAsFile(open.Method))
        {
            return false;
        }

        var onlyFlushed = true;
        foreach (var op in model.OperationsOn(file))
        {
            flushed |= op.Kind == FileOperationKind.FlushToDisk;
            onlyFlushed &= op.Kind is FileOperationKind.Open or FileOperationKind.Flush or FileOperationKind.FlushToDisk or FileOperationKind.Close;
        }

        return path.IsDirectory || (flushed && onlyFlushed && NamedLikeADirectory(path));
    }

    /// <summary>A parameter, field, property or local whose name has the word dir, directory, folder or dirname (camelCase or snake_case).</summary>
    private static bool NamedLikeADirectory(PathValue path)
    {
        if (path.Kind != PathValueKind.Symbol || path.Symbol is not { } symbol)
        {
            return false;
        }

        var name = symbol.Name;
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '_' || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])))
            {
                var length = i - start;
                if (length > 0 && IsDirectoryWord(name, start, length))
                {
                    return true;
                }

                start = i < name.Length && name[i] == '_' ? i + 1 : i;
            }
        }

        return false;

        static bool IsDirectoryWord(string name, int start, int length) =>
            (length == 3 && string.Compare(name, start, "dir", 0, 3, System.StringComparison.OrdinalIgnoreCase) == 0)
            || (length == 9 && string.Compare(name, start, "directory", 0, 9, System.StringComparison.OrdinalIgnoreCase) == 0)
            || (length == 6 && string.Compare(name, start, "folder", 0, 6, System.StringComparison.OrdinalIgnoreCase) == 0)
            || (length == 7 && string.Compare(name, start, "dirname", 0, 7, System.StringComparison.OrdinalIgnoreCase) == 0);
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
