using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DurableIO.AnalyzerBenchmarks;

/// <summary>The command line.</summary>
internal sealed class Options
{
    public const string Usage = """
        usage: DurableIO.AnalyzerBenchmarks [corpus-folder] [options]
          corpus-folder        every *.cs under it (bin/ and obj/ skipped); default: this repository's src, samples and tests
          --exclude-tests      skip folders whose name has a word test/tests/testing/benchmark(s) (Foo.Tests, UnitTests, TestDriver, benchmarks)
          --runs N             runs per set (default 5); every set runs in a fresh process per run, the order rotated from run to run
          --sets a,b,...       the sets to run (default compile,empty,durableio,netanalyzers)
          --durableio PATH     DurableIO.Analyzers.dll to measure (default: the one this project's build copied to durableio/)
          --option KEY=VALUE   a global analyzer config option (e.g. build_property.TargetFramework=net8.0); repeatable; default none
          --out FILE           also write the report to FILE, every run's numbers to FILE.runs.json at the end and,
                               as each run ends, to FILE.runs.jsonl
          --report RUNS.jsonl  print the report of the runs in a .runs.jsonl file (e.g. of a cut-short benchmark;
                               give the same corpus folder and options so that the header is right)
          --findings OUT.tsv   instead of timing: run DurableIO's analyzers once and write every diagnostic they report,
                               sorted, as rule<TAB>severity<TAB>relative-file<TAB>line<TAB>message
        """;

    public string Root { get; private set; } = "";
    public List<string> Folders { get; } = [];
    public bool ExcludeTests { get; private set; }
    public int Runs { get; private set; } = 5;
    public List<string> Sets { get; private set; } = [.. AnalyzerSets.All];
    public string DurableIOPath { get; private set; } = AnalyzerSets.DefaultDurableIOPath;
    public Dictionary<string, string> GlobalOptions { get; } = new(StringComparer.Ordinal);
    public string? Findings { get; private set; }
    public string? Output { get; private set; }
    public string? ReportFrom { get; private set; }
    public string? Child { get; private set; }
    public bool Help { get; private set; }

    /// <summary>The arguments a child needs to load the same corpus and analyzers.</summary>
    public List<string> ChildArguments { get; } = [];

    public static Options Parse(string[] args)
    {
        var o = new Options();
        string? folder = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-h":
                case "--help":
                    o.Help = true;
                    break;
                case "--exclude-tests":
                    o.ExcludeTests = true;
                    o.ChildArguments.Add("--exclude-tests");
                    break;
                case "--runs":
                    o.Runs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    if (o.Runs < 1)
                    {
                        throw new ArgumentException("--runs must be at least 1");
                    }

                    break;
                case "--sets":
                    o.Sets = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    foreach (var set in o.Sets.Where(s => !AnalyzerSets.All.Contains(s)))
                    {
                        throw new ArgumentException($"unknown set '{set}' (one of {string.Join(", ", AnalyzerSets.All)})");
                    }

                    break;
                case "--durableio":
                    o.DurableIOPath = Path.GetFullPath(Next());
                    o.ChildArguments.Add("--durableio");
                    o.ChildArguments.Add(o.DurableIOPath);
                    break;
                case "--option":
                    var pair = Next();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException($"--option needs KEY=VALUE, not '{pair}'");
                    }

                    o.GlobalOptions[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
                    o.ChildArguments.Add("--option");
                    o.ChildArguments.Add(pair);
                    break;
                case "--findings":
                    o.Findings = Path.GetFullPath(Next());
                    break;
                case "--out":
                    o.Output = Path.GetFullPath(Next());
                    break;
                case "--report":
                    o.ReportFrom = Path.GetFullPath(Next());
                    break;
                case "--child":
                    o.Child = Next();
                    break;
                default:
                    if (args[i].StartsWith('-') || folder is not null)
                    {
                        throw new ArgumentException($"unexpected argument '{args[i]}'");
                    }

                    folder = Path.GetFullPath(args[i]);
                    o.ChildArguments.Insert(0, folder);
                    break;
            }
        }

        if (folder is not null)
        {
            o.Root = folder;
            o.Folders.Add(folder);
        }
        else
        {
            o.Root = RepositoryRoot();
            o.Folders.AddRange(new[] { "src", "samples", "tests" }.Select(f => Path.Combine(o.Root, f)));
        }

        return o;
    }

    /// <summary>The folder above this program that holds Analyzers.sln.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new ArgumentException("no corpus folder given and no Analyzers.sln above this program or the current folder");
    }
}
