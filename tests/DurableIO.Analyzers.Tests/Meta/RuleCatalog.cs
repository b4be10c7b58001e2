using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Tests.Meta;

/// <summary>
/// Everything the product declares, found by reflection so that a new analyzer, descriptor or fixer is
/// covered by the meta-tests without anyone editing them.
/// </summary>
internal static class RuleCatalog
{
    public static Assembly AnalyzerAssembly => typeof(Descriptors).Assembly;

    /// <summary>The code-fix assembly, loaded by name (it may not contain any fixer yet).</summary>
    public static Assembly CodeFixAssembly => Assembly.Load(new AssemblyName("DurableIO.CodeFixes"));

    /// <summary>The values of the constants of <see cref="RuleIds"/>.</summary>
    public static ImmutableArray<string> DeclaredIds { get; } = typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>The descriptors declared as public static fields of <see cref="Descriptors"/>.</summary>
    public static ImmutableArray<DiagnosticDescriptor> DeclaredDescriptors { get; } = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToImmutableArray();

    /// <summary>Every concrete <see cref="DiagnosticAnalyzer"/> of the analyzer assembly that the compiler would load.</summary>
    public static ImmutableArray<Type> AnalyzerTypes { get; } = LoadableTypes(AnalyzerAssembly)
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() =>
        AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    /// <summary>Every descriptor reported by any analyzer, with the analyzer that reports it.</summary>
    public static ImmutableArray<(Type Analyzer, DiagnosticDescriptor Descriptor)> SupportedDescriptors() =>
        CreateAnalyzers().SelectMany(a => a.SupportedDiagnostics.Select(d => (a.GetType(), d))).ToImmutableArray();

    /// <summary>
    /// The descriptors the documentation must cover: those in <see cref="Descriptors"/> and those any
    /// analyzer reports (one per ID).
    /// </summary>
    public static ImmutableArray<DiagnosticDescriptor> AllDescriptors() => DeclaredDescriptors
        .Concat(SupportedDescriptors().Select(s => s.Descriptor))
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Every concrete code fix provider of the code-fix assembly.</summary>
    public static ImmutableArray<Type> CodeFixProviderTypes() => LoadableTypes(CodeFixAssembly)
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    public static string Title(DiagnosticDescriptor descriptor) => descriptor.Title.ToString(CultureInfo.InvariantCulture);

    // A type that cannot load is a packaging bug the compiler would also hit: let it fail the test.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly) => assembly.GetTypes();
}
