using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>Rule IDs: unique, declared once, each reported by an analyzer, each descriptor well formed.</summary>
public sealed class RuleIdTests
{
    [Fact]
    public void AnalyzerAssemblyContainsAnalyzers()
    {
        Assert.NotEmpty(RuleCatalog.AnalyzerTypes);
    }

    [Fact]
    public void RuleIdConstantsAreUniqueAndWellFormed()
    {
        var ids = RuleCatalog.DeclaredIds;
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches(new Regex("^DUR[0-9]{3}$"), id));
        var duplicates = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "IDs declared twice in RuleIds: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void DescriptorsClassDeclaresExactlyOneDescriptorPerRuleId()
    {
        var descriptorIds = RuleCatalog.DeclaredDescriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.Equal(RuleCatalog.DeclaredIds, descriptorIds);
    }

    [Fact]
    public void EachRuleIdBelongsToExactlyOneDescriptor()
    {
        // Two analyzers may share a descriptor (the same ID, title, severity, ...), but two different
        // descriptors must never claim the same ID: the docs, the suppressions and the severity settings
        // of users would then mean two different things.
        var all = RuleCatalog.DeclaredDescriptors.Select(d => (Source: "Descriptors", Descriptor: d))
            .Concat(RuleCatalog.SupportedDescriptors().Select(s => (Source: s.Analyzer.FullName!, s.Descriptor)));

        var conflicts = all
            .GroupBy(x => x.Descriptor.Id, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Descriptor).Distinct().Count() > 1)
            .Select(g => g.Key + " (" + string.Join(", ", g.Select(x => x.Source).Distinct()) + ")")
            .ToList();

        Assert.True(conflicts.Count == 0, "IDs used by different descriptors: " + string.Join("; ", conflicts));
    }

    [Fact]
    public void AnalyzersReportOnlyDeclaredRuleIds()
    {
        var unknown = RuleCatalog.SupportedDescriptors()
            .Where(s => !RuleCatalog.DeclaredIds.Contains(s.Descriptor.Id))
            .Select(s => s.Descriptor.Id + " in " + s.Analyzer.Name)
            .ToList();
        Assert.True(unknown.Count == 0, "Analyzers report IDs missing from RuleIds: " + string.Join(", ", unknown));
    }

    [Fact]
    public void EveryRuleIdIsReportedBySomeAnalyzer()
    {
        var supported = RuleCatalog.SupportedDescriptors().Select(s => s.Descriptor.Id).ToHashSet(StringComparer.Ordinal);
        var missing = RuleCatalog.DeclaredIds.Where(id => !supported.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "No analyzer reports: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryDescriptorIsWellFormed()
    {
        Assert.All(RuleCatalog.AllDescriptors(), d =>
        {
            Assert.Equal("Durability", d.Category);
            Assert.True(d.IsEnabledByDefault, d.Id + " must be enabled by default (its default severity says how loud)");
            Assert.Equal(Descriptors.HelpLinkBase + d.Id + ".md", d.HelpLinkUri);
            Assert.EndsWith("docs/rules/" + d.Id + ".md", d.HelpLinkUri, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(RuleCatalog.Title(d)), d.Id + " has no title");
            Assert.False(string.IsNullOrWhiteSpace(d.MessageFormat.ToString()), d.Id + " has no message");
            Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id + " has no description");
            Assert.NotEqual(DiagnosticSeverity.Error, d.DefaultSeverity);
        });
    }
}
