using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>Every code fix provider is exported, fixes real rules only, and supports Fix All.</summary>
public sealed class CodeFixProviderTests
{
    public static TheoryData<string> FixerTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in RuleCatalog.CodeFixProviderTypes())
        {
            data.Add(type.FullName!);
        }

        // The theory needs a row even while the code-fix assembly has no fixer yet.
        if (data.Count == 0)
        {
            data.Add(string.Empty);
        }

        return data;
    }

    [Fact]
    public void CodeFixAssemblyLoads()
    {
        Assert.Equal("DurableIO.CodeFixes", RuleCatalog.CodeFixAssembly.GetName().Name);
    }

    [Theory]
    [MemberData(nameof(FixerTypeNames))]
    public void FixerIsExportedForCSharpAndSupportsFixAll(string typeName)
    {
        if (typeName.Length == 0)
        {
            Assert.Empty(RuleCatalog.CodeFixProviderTypes());
            return;
        }

        var type = RuleCatalog.CodeFixAssembly.GetType(typeName, throwOnError: true)!;
        var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
        Assert.True(export is not null, typeName + " lacks [ExportCodeFixProvider]");
        Assert.Contains(LanguageNames.CSharp, export!.Languages);
        Assert.True(type.GetCustomAttributes().Any(a => a.GetType().Name == "SharedAttribute"), typeName + " lacks [Shared]");

        var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
        Assert.NotNull(fixer.GetFixAllProvider());
    }

    [Theory]
    [MemberData(nameof(FixerTypeNames))]
    public void FixerFixesOnlyRulesThatHaveACodeFix(string typeName)
    {
        if (typeName.Length == 0)
        {
            Assert.Empty(RuleCatalog.CodeFixProviderTypes());
            return;
        }

        var fixer = (CodeFixProvider)Activator.CreateInstance(RuleCatalog.CodeFixAssembly.GetType(typeName, throwOnError: true)!)!;
        var ids = fixer.FixableDiagnosticIds;
        Assert.NotEmpty(ids);

        var known = new HashSet<string>(RuleCatalog.DeclaredIds, StringComparer.Ordinal);
        var unknown = ids.Where(id => !known.Contains(id)).ToList();
        Assert.True(unknown.Count == 0, typeName + " claims to fix unknown IDs: " + string.Join(", ", unknown));

        // DUR008 has no automatic fix by design (the recovery from a failed fsync is the application's call).
        Assert.DoesNotContain(RuleIds.FlushFailureIgnored, ids);
    }

    [Fact]
    public void EveryRuleHasAFixerExactlyWhenItsPageSaysSo()
    {
        var fixable = RuleCatalog.CodeFixProviderTypes()
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet(StringComparer.Ordinal);

        var mismatches = new List<string>();
        foreach (var descriptor in RuleCatalog.AllDescriptors())
        {
            var documented = RuleDocs.Properties(RuleDocs.ReadLines(RuleDocs.PagePath(descriptor.Id)))["Code fix"] == "Yes";
            if (documented != fixable.Contains(descriptor.Id))
            {
                mismatches.Add(descriptor.Id + (documented ? ": the page promises a code fix, no fixer offers one" : ": a fixer exists, the page says there is none"));
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
