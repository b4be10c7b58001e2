using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>Reads the rule documentation: one page per rule under docs/rules and the index tables.</summary>
internal static class RuleDocs
{
    /// <summary>The sections every rule page has, in this order.</summary>
    public static readonly string[] RequiredSections =
    {
        "## What it detects",
        "## Why it matters",
        "## Non-compliant code",
        "## Compliant code",
        "## How to fix",
        "## Configuration",
        "## When to suppress",
    };

    private static readonly Regex PropertyRow = new(@"^\|\s*(?<key>[^|]+?)\s*\|\s*(?<value>[^|]+?)\s*\|\s*$", RegexOptions.CultureInvariant);

    public static string PagePath(string id) => Path.Combine(RepositoryPaths.RulesDocsDirectory, id + ".md");

    public static string IndexPath => Path.Combine(RepositoryPaths.RulesDocsDirectory, "README.md");

    public static string RootReadmePath => Path.Combine(RepositoryPaths.Root, "README.md");

    public static string[] ReadLines(string path) => File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');

    /// <summary>The two-cell rows of the first table of a page ("| Default severity | Warning |").</summary>
    public static Dictionary<string, string> Properties(string[] lines)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inTable = false;
        foreach (var line in lines)
        {
            var match = PropertyRow.Match(line);
            if (!match.Success)
            {
                if (inTable)
                {
                    break;
                }

                continue;
            }

            inTable = true;
            var key = match.Groups["key"].Value;
            if (key.Trim('-', ' ').Length == 0)
            {
                continue;
            }

            result[key] = match.Groups["value"].Value;
        }

        return result;
    }

    /// <summary>A row of an index table: | [ID](link) | title | category | default severity | code fix |.</summary>
    public sealed record IndexRow(string Id, string Link, string Title, string Category, string Severity, string CodeFix);

    public static List<IndexRow> IndexRows(string[] lines)
    {
        var row = new Regex(
            @"^\|\s*\[(?<id>DUR[0-9]{3})\]\((?<link>[^)]+)\)\s*\|\s*(?<title>[^|]+?)\s*\|\s*(?<category>[^|]+?)\s*\|\s*(?<severity>[^|]+?)\s*\|\s*(?<fix>[^|]+?)\s*\|\s*$",
            RegexOptions.CultureInvariant);
        return lines
            .Select(l => row.Match(l))
            .Where(m => m.Success)
            .Select(m => new IndexRow(
                m.Groups["id"].Value,
                m.Groups["link"].Value,
                m.Groups["title"].Value,
                m.Groups["category"].Value,
                m.Groups["severity"].Value,
                m.Groups["fix"].Value))
            .ToList();
    }

    /// <summary>The lines of a markdown section (from its "## Heading" line to the next heading of the same level).</summary>
    public static string[] Section(string[] lines, string heading)
    {
        var start = Array.FindIndex(lines, l => l.Trim() == heading);
        if (start < 0)
        {
            return Array.Empty<string>();
        }

        var level = heading.TakeWhile(c => c == '#').Count();
        var end = start + 1;
        var inCodeBlock = false;
        while (end < lines.Length)
        {
            // A '#' line inside a code block is a comment (ini, shell, C# directives), not a heading.
            if (lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCodeBlock = !inCodeBlock;
            }
            else if (!inCodeBlock && IsHeadingAtOrAbove(lines[end], level))
            {
                break;
            }

            end++;
        }

        return lines.Skip(start).Take(end - start).ToArray();
    }

    private static bool IsHeadingAtOrAbove(string line, int level)
    {
        var hashes = line.TakeWhile(c => c == '#').Count();
        return hashes > 0 && hashes <= level && line.Length > hashes && line[hashes] == ' ';
    }
}
