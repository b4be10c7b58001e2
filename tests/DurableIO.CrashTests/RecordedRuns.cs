using System;
using System.Collections.Concurrent;
using DurableIO.CrashTests.Checking;
using DurableIO.CrashWorkloads;

namespace DurableIO.CrashTests;

/// <summary>Each workload is traced once per test run; every persistence model is checked against that one trace.</summary>
public static class RecordedRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<RecordedRun>> Runs = new(StringComparer.Ordinal);

    public static RecordedRun Get(string workloadName) =>
        Runs.GetOrAdd(workloadName, name => new Lazy<RecordedRun>(() => RecordedRun.Record(WorkloadCatalog.Get(name)))).Value;
}
