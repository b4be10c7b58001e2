using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>Every descriptor has a docs page, and the pages and index tables agree with the descriptors.</summary>
public sealed class DocumentationTests
{
    public static TheoryData<string> DescriptorIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in RuleCatalog.AllDescriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => RuleCatalog.AllDescriptors().Single(d => d.Id == id);

    /// <summary>docs/rules/README.md#code-fixes: every rule has a code fix except DUR008, whose recovery is application-specific.</summary>
    private static string ExpectedCodeFix(string id) => id == RuleIds.FlushFailureIgnored ? "No" : "Yes";

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePageExists(string id)
    {
        Assert.True(File.Exists(RuleDocs.PagePath(id)), "Missing docs page " + RuleDocs.PagePath(id));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePageTitleMatchesDescriptor(string id)
    {
        var lines = RuleDocs.ReadLines(RuleDocs.PagePath(id));
        Assert.Equal("# " + id + ": " + RuleCatalog.Title(Descriptor(id)), lines[0].TrimEnd());
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePagePropertiesMatchDescriptor(string id)
    {
        var descriptor = Descriptor(id);
        var properties = RuleDocs.Properties(RuleDocs.ReadLines(RuleDocs.PagePath(id)));

        Assert.Equal(id, Value(properties, "Rule ID"));
        Assert.Equal(descriptor.Category, Value(properties, "Category"));
        Assert.Equal(descriptor.DefaultSeverity.ToString(), Value(properties, "Default severity"));
        Assert.Equal(descriptor.IsEnabledByDefault ? "Yes" : "No", Value(properties, "Enabled by default"));
        Assert.Equal(ExpectedCodeFix(id), Value(properties, "Code fix"));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePageHasEverySectionInOrder(string id)
    {
        var lines = RuleDocs.ReadLines(RuleDocs.PagePath(id)).Select(l => l.TrimEnd()).ToList();
        var positions = RuleDocs.RequiredSections.Select(s => (Section: s, Line: lines.IndexOf(s))).ToList();

        var missing = positions.Where(p => p.Line < 0).Select(p => p.Section).ToList();
        Assert.True(missing.Count == 0, id + ".md lacks: " + string.Join(", ", missing));
        Assert.Equal(positions.Select(p => p.Line).OrderBy(l => l), positions.Select(p => p.Line));
    }

    /// <summary>Every rule page ends with its sources: facts of docs/dotnet-io-facts.md that exist there, and links out.</summary>
    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePageEndsWithSourcesThatExist(string id)
    {
        var lines = RuleDocs.ReadLines(RuleDocs.PagePath(id));
        var inCode = false;
        string? lastHeading = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (!inCode && (line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal)))
            {
                lastHeading = line.TrimEnd();
            }
        }

        Assert.Equal("## Sources", lastHeading);
        var sources = string.Join("\n", RuleDocs.Section(lines, "## Sources"));
        var facts = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "dotnet-io-facts.md"));
        var anchors = System.Text.RegularExpressions.Regex.Matches(sources, @"dotnet-io-facts\.md#(?<anchor>s\d+-\d+)");
        Assert.True(anchors.Count > 0, id + ".md cites no fact of docs/dotnet-io-facts.md");
        foreach (System.Text.RegularExpressions.Match anchor in anchors)
        {
            Assert.Contains("id=\"" + anchor.Groups["anchor"].Value + "\"", facts, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePageConfigurationShowsTheSeverityAndCategorySettings(string id)
    {
        var section = string.Join("\n", RuleDocs.Section(RuleDocs.ReadLines(RuleDocs.PagePath(id)), "## Configuration"));
        Assert.Contains("dotnet_diagnostic." + id + ".severity", section, StringComparison.Ordinal);
        Assert.Contains("dotnet_analyzer_diagnostic.category-Durability.severity", section, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void RulePageShowsCode(string id)
    {
        var lines = RuleDocs.ReadLines(RuleDocs.PagePath(id));
        foreach (var heading in new[] { "## Non-compliant code", "## Compliant code" })
        {
            var section = RuleDocs.Section(lines, heading);
            Assert.True(section.Any(l => l.TrimStart().StartsWith("```csharp", StringComparison.Ordinal)), id + ".md: no C# block under " + heading);
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void HelpLinkPointsAtThePage(string id)
    {
        var descriptor = Descriptor(id);
        Assert.EndsWith("docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(File.Exists(RuleDocs.PagePath(id)));
    }

    [Fact]
    public void EveryRulePageBelongsToADescriptor()
    {
        var known = RuleCatalog.AllDescriptors().Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(RepositoryPaths.RulesDocsDirectory, "DUR*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        var stale = pages.Where(p => !known.Contains(p!)).ToList();
        Assert.True(stale.Count == 0, "Pages without a descriptor: " + string.Join(", ", stale));
    }

    [Fact]
    public void RulesIndexListsEveryDescriptorWithItsTitleAndSeverity()
    {
        AssertIndexMatches(RuleDocs.IndexRows(RuleDocs.ReadLines(RuleDocs.IndexPath)), linkPrefix: "", "docs/rules/README.md");
    }

    [Fact]
    public void RepositoryReadmeRulesSectionListsEveryDescriptor()
    {
        var section = RuleDocs.Section(RuleDocs.ReadLines(RuleDocs.RootReadmePath), "## Rules");
        Assert.NotEmpty(section);
        AssertIndexMatches(RuleDocs.IndexRows(section), linkPrefix: "docs/rules/", "README.md");
    }

    [Fact]
    public void RepositoryReadmeFirstCommandBuildsTheSample()
    {
        var lines = RuleDocs.ReadLines(RuleDocs.RootReadmePath);
        var firstCommand = lines
            .SkipWhile(l => !l.TrimStart().StartsWith("```sh", StringComparison.Ordinal))
            .Skip(1)
            .FirstOrDefault();
        Assert.Equal("dotnet build samples/SeedExamples", firstCommand?.Trim());
    }

    private static void AssertIndexMatches(List<RuleDocs.IndexRow> rows, string linkPrefix, string where)
    {
        var descriptors = RuleCatalog.AllDescriptors();
        var duplicates = rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, where + " lists twice: " + string.Join(", ", duplicates));

        var unknown = rows.Where(r => descriptors.All(d => d.Id != r.Id)).Select(r => r.Id).ToList();
        Assert.True(unknown.Count == 0, where + " lists unknown rules: " + string.Join(", ", unknown));

        foreach (var descriptor in descriptors)
        {
            var row = rows.SingleOrDefault(r => r.Id == descriptor.Id);
            Assert.True(row is not null, where + " does not list " + descriptor.Id);
            Assert.Equal(linkPrefix + descriptor.Id + ".md", row!.Link);
            Assert.Equal(RuleCatalog.Title(descriptor), row.Title);
            Assert.Equal(descriptor.Category, row.Category);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Severity);
            Assert.Equal(ExpectedCodeFix(descriptor.Id), row.CodeFix);
        }

        Assert.Equal(descriptors.Select(d => d.Id), rows.Select(r => r.Id));
    }

    private static string Value(Dictionary<string, string> properties, string key)
    {
        Assert.True(properties.TryGetValue(key, out var value), "No '" + key + "' row in the page's property table");
        return value!;
    }
}
