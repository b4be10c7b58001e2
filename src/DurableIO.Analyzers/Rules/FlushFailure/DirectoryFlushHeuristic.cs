using System;
using System.Collections.Generic;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>
/// Names that say "directory" around a flush the model could not classify (a P/Invoke on a descriptor, a configured
/// helper on a path): ignoring a failed directory sync is accepted practice, so DUR008 stays silent on them.
/// </summary>
internal static class DirectoryFlushHeuristic
{
    /// <summary>
    /// True when the flushed descriptor or path may be a directory: it was opened with a <c>…DIRECTORY</c> flag, or a name
    /// around it (its variables, its path variable, the body and the member it is in) contains "dir" or "folder".
    /// </summary>
    internal static bool MayBeDirectory(BodyContext context, FileOperation flush)
    {
        var names = new List<string>();
        if (flush.Target is { } target)
        {
            var root = target.Root;
            if (root.Kind == FileEntityKind.FileStream)
            {
                return false; // a FileStream cannot be opened on a directory
            }

            foreach (var entity in target.Chain())
            {
                if (entity.Symbol is not null)
                {
                    names.Add(entity.Symbol.Name); // dirFd, dirHandle
                }
            }

            AddPathName(names, root.Path);
            if (root.OpenOperation?.Operation is IInvocationOperation open)
            {
                foreach (var argument in open.Arguments)
                {
                    // open(path, O_RDONLY | O_DIRECTORY)
                    if (argument.Parameter?.Ordinal > 0 && argument.Syntax.ToString().IndexOf("DIRECTORY", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return true;
                    }
                }
            }
        }
        else if (flush.Path is not null)
        {
            AddPathName(names, flush.Path);
        }
        else if (flush.Operation is IInvocationOperation invocation)
        {
            // A descriptor the model cannot link: the variables it is computed from (fsync(dirFd)).
            foreach (var argument in invocation.Arguments)
            {
                foreach (var identifier in argument.Syntax.DescendantNodesAndSelf())
                {
                    if (identifier is IdentifierNameSyntax name)
                    {
                        names.Add(name.Identifier.ValueText);
                    }
                }
            }
        }

        // The body the flush is in (a lambda, a local function: SyncDirectory) and the member that owns it.
        if (context.Model.OwningSymbol is { } body)
        {
            names.Add(body.Name);
        }

        names.Add(context.OwningSymbol.Name);
        foreach (var name in names)
        {
            if (name.IndexOf("dir", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("folder", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of a path held as is in a variable (<c>dir</c>); a composite path ends in a file name.</summary>
    private static void AddPathName(List<string> names, PathValue? path)
    {
        if (path is { Kind: PathValueKind.Symbol, Symbol: { } symbol })
        {
            names.Add(symbol.Name);
        }
    }
}
