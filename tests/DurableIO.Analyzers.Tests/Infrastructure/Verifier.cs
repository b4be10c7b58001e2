using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DurableIO.Analyzers.Tests.Infrastructure;

/// <summary>
/// Options of one verification: configuration files, language version, output kind, extra sources.
/// </summary>
public sealed class VerifyOptions
{
    /// <summary>Lines of <c>.editorconfig</c> under <c>[*]</c>, e.g. <c>durableio.flush_to_disk_methods = M:N.T.Sync(System.IO.FileStream)</c>.</summary>
    public List<string> EditorConfig { get; } = new();

    /// <summary>Lines of a <c>.globalconfig</c> (<c>is_global = true</c> is added), e.g. <c>build_property.TargetFramework = net7.0</c>.</summary>
    public List<string> GlobalConfig { get; } = new();

    /// <summary>The language version of the first run (default: latest).</summary>
    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    /// <summary>Also run at C# 7.3 when every source parses there (default: true). The same diagnostics are expected.</summary>
    public bool AlsoRunAtCSharp73 { get; set; } = true;

    /// <summary><see cref="OutputKind.ConsoleApplication"/> for top-level statements.</summary>
    public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

    /// <summary>More source files (no diagnostics expected in them unless given with their path).</summary>
    public List<string> AdditionalSources { get; } = new();

    /// <summary>Add stubs of the DurableIO runtime API (namespace DurableIO; matched by metadata name like the real one).</summary>
    public bool WithDurableRuntimeStubs { get; set; }

    /// <summary>Reference the real DurableIO runtime assembly (<c>src/DurableIO</c>) in the test and fixed states, instead of stubs.</summary>
    public bool WithDurableRuntimeLibrary { get; set; }

    /// <summary>The compiler diagnostics the verification compares (default: errors; <see cref="CompilerDiagnostics.Warnings"/> to require warning-free code).</summary>
    public CompilerDiagnostics CompilerDiagnostics { get; set; } = CompilerDiagnostics.Errors;

    /// <summary>The code action to apply (and to Fix All with), by equivalence key; default: the first one offered.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>
    /// Diagnostics still expected in the fixed code. By default the fixed state inherits the expected diagnostics that the
    /// fixer does not fix (the testing library's rule); with <see cref="FixedDiagnosticsAreExplicit"/> exactly these.
    /// </summary>
    public List<DiagnosticResult> FixedDiagnostics { get; } = new();

    /// <summary>
    /// The fixed state inherits nothing: exactly <see cref="FixedDiagnostics"/> are expected there (e.g. none, when a DUR001 fix
    /// also removes the DUR002 on the same rename); references, extra sources and configuration are given to it explicitly.
    /// </summary>
    public bool FixedDiagnosticsAreExplicit { get; set; }

    public VerifyOptions WithEditorConfig(string line)
    {
        EditorConfig.Add(line);
        return this;
    }

    public VerifyOptions WithGlobalConfig(string line)
    {
        GlobalConfig.Add(line);
        return this;
    }

    public VerifyOptions WithSource(string source)
    {
        AdditionalSources.Add(source);
        return this;
    }

    public VerifyOptions WithDurableRuntime()
    {
        WithDurableRuntimeStubs = true;
        return this;
    }

    /// <summary>References the real runtime library: fixed code must compile against it.</summary>
    public VerifyOptions WithRuntimeLibrary()
    {
        WithDurableRuntimeLibrary = true;
        return this;
    }

    public VerifyOptions AsConsoleApplication()
    {
        OutputKind = OutputKind.ConsoleApplication;
        return this;
    }

    public VerifyOptions OnlyLatest()
    {
        AlsoRunAtCSharp73 = false;
        return this;
    }
}

/// <summary>
/// Verifies a DurableIO analyzer (and, later, its code fix) with Microsoft.CodeAnalysis.Testing against the net8.0
/// reference assemblies of Basic.Reference.Assemblies.Net80 (a NuGet package: nothing is downloaded at test time).
/// </summary>
/// <example>
/// <code>
/// await Verify&lt;RenameAnalyzer&gt;.AnalyzerAsync(source,
///     Verify&lt;RenameAnalyzer&gt;.Diagnostic(Descriptors.DUR001).WithLocation(0).WithArguments("tmp", "path", "…"));
/// </code>
/// </example>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    static Verify() => DurabilityAnalyzer.RethrowExceptions = true;

    /// <summary>An expected diagnostic with the descriptor's default severity; add <c>.WithLocation(n)</c> for <c>{|#n:…|}</c>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerAsync(source, new VerifyOptions(), expected);

    public static async Task AnalyzerAsync(string source, VerifyOptions options, params DiagnosticResult[] expected)
    {
        await RunAsync(source, options, options.LanguageVersion, expected).ConfigureAwait(false);
        if (options.AlsoRunAtCSharp73 && options.LanguageVersion != LanguageVersion.CSharp7_3 && ParsesAt73(source, options))
        {
            await RunAsync(source, options, LanguageVersion.CSharp7_3, expected).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// True when the source (markup removed) and every additional source compile at C# 7.3 without a
    /// "feature not available in this language version" error.
    /// </summary>
    public static bool ParsesAt73(string source, VerifyOptions options)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var texts = new[] { source }.Concat(options.AdditionalSources)
            .Concat(options.WithDurableRuntimeStubs ? new[] { DurableRuntimeStubs.Source } : Array.Empty<string>());
        var trees = texts.Select(text => CSharpSyntaxTree.ParseText(StripMarkup(text), parseOptions)).ToList();
        if (trees.Any(tree => tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)))
        {
            return false;
        }

        var compilation = CSharpCompilation.Create(
            "Check73", trees, TestReferences.Net80Assemblies, new CSharpCompilationOptions(options.OutputKind, allowUnsafe: true));
        return !compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error
            && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("language version", StringComparison.Ordinal));
    }

    internal static string StripMarkup(string source)
    {
        var withoutSpans = Regex.Replace(source, @"\{\|[^:|{}]*:", string.Empty);
        return withoutSpans.Replace("|}", string.Empty).Replace("[|", string.Empty).Replace("|]", string.Empty);
    }

    private static Task RunAsync(string source, VerifyOptions options, LanguageVersion languageVersion, DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(languageVersion)
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.Net80,
        };
        test.TestState.OutputKind = options.OutputKind;
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net80Assemblies);
        for (var i = 0; i < options.AdditionalSources.Count; i++)
        {
            test.TestState.Sources.Add(($"/0/Additional{i}.cs", options.AdditionalSources[i]));
        }

        if (options.WithDurableRuntimeStubs)
        {
            test.TestState.Sources.Add(("/0/DurableRuntimeStubs.cs", DurableRuntimeStubs.Source));
        }

        AddConfig(test.TestState, options);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    internal static void AddConfig(SolutionState state, VerifyOptions options)
    {
        if (options.EditorConfig.Count > 0)
        {
            var text = new StringBuilder("root = true\n\n[*]\n");
            foreach (var line in options.EditorConfig)
            {
                text.Append(line).Append('\n');
            }

            state.AnalyzerConfigFiles.Add(("/.editorconfig", text.ToString()));
        }

        if (options.GlobalConfig.Count > 0)
        {
            var text = new StringBuilder("is_global = true\n");
            foreach (var line in options.GlobalConfig)
            {
                text.Append(line).Append('\n');
            }

            state.AnalyzerConfigFiles.Add(("/.globalconfig", text.ToString()));
        }
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        private readonly LanguageVersion _languageVersion;

        public AnalyzerTest(LanguageVersion languageVersion) => _languageVersion = languageVersion;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(_languageVersion);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true);
    }
}

/// <summary>
/// Verifies an analyzer together with its code fix (for the code-fix phase): the fixed code must compile and Fix All
/// is checked by the testing library.
/// </summary>
public static class Verify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    static Verify() => DurabilityAnalyzer.RethrowExceptions = true;

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task CodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource, VerifyOptions? options = null)
    {
        options ??= new VerifyOptions();
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.Net80,
        };
        test.TestState.OutputKind = options.OutputKind;
        test.FixedState.OutputKind = options.OutputKind;
        test.CompilerDiagnostics = options.CompilerDiagnostics;
        test.CodeActionEquivalenceKey = options.CodeActionEquivalenceKey;
        test.FixedState.ExpectedDiagnostics.AddRange(options.FixedDiagnostics);
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net80Assemblies);
        if (options.WithDurableRuntimeLibrary)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.DurableRuntime);
        }

        for (var i = 0; i < options.AdditionalSources.Count; i++)
        {
            test.TestState.Sources.Add(($"/0/Additional{i}.cs", options.AdditionalSources[i]));
        }

        if (options.WithDurableRuntimeStubs)
        {
            test.TestState.Sources.Add(("/0/DurableRuntimeStubs.cs", DurableRuntimeStubs.Source));
        }

        Verify<TAnalyzer>.AddConfig(test.TestState, options);
        test.ExpectedDiagnostics.AddRange(expected);
        if (options.FixedDiagnosticsAreExplicit)
        {
            test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
            test.FixedState.AdditionalReferences.AddRange(test.TestState.AdditionalReferences);
            foreach (var (path, text) in test.TestState.Sources.Skip(1))
            {
                test.FixedState.Sources.Add((path, text));
            }

            foreach (var config in test.TestState.AnalyzerConfigFiles)
            {
                test.FixedState.AnalyzerConfigFiles.Add(config);
            }
        }

        return test.RunAsync(CancellationToken.None);
    }
}
