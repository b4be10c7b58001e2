using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DurableIO.CrashTests.Checking;

namespace DurableIO.CrashTests;

/// <summary>
/// Collects every check's numbers and rewrites <c>crash-consistency-results.md</c> (next to the test
/// assembly) after each one, so the table of a run survives however the run ends.
/// </summary>
public static class ResultsTable
{
    private static readonly object Gate = new();
    private static readonly SortedDictionary<string, CheckReport> Reports = new(StringComparer.Ordinal);

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "crash-consistency-results.md");

    public static void Add(CheckReport report)
    {
        lock (Gate)
        {
            Reports[report.WorkloadName + " " + report.Model] = report;
            File.WriteAllText(FilePath, Render(Reports.Values));
        }
    }

    public static string Render(IEnumerable<CheckReport> reports)
    {
        var text = new StringBuilder()
            .AppendLine("| Workload | Model | System calls traced | On the scratch directory | Crash points | Crash states checked | Most states at one point | Verdict |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var report in reports.OrderBy(report => report.WorkloadName.StartsWith("naive.", StringComparison.Ordinal)).ThenBy(report => report.WorkloadName, StringComparer.Ordinal).ThenBy(report => report.Model))
        {
            text.AppendLine($"| {report.WorkloadName} | {report.Model} | {report.TracedSyscalls} | {report.ScratchSyscalls} | {report.CrashPoints} | {report.StatesChecked} | {report.MaxStatesAtOnePoint} (bound {report.Bound}) | {report.Verdict} |");
        }

        return text.ToString();
    }
}
