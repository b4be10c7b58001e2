using System;
using System.Collections.Generic;
using System.Linq;

namespace DurableIO.CrashWorkloads;

/// <summary>Every workload by name.</summary>
public static class WorkloadCatalog
{
    private static readonly Dictionary<string, Workload> ByName =
        LibraryWorkloads.All().Concat(NaiveWorkloads.All()).Concat(NaiveWorkloads.SystemIO()).Concat(ReferenceWorkloads.All()).Concat(LogWorkloads.All()).Concat(LogWorkloads.Naive()).ToDictionary(workload => workload.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => ByName.Keys;

    public static Workload Get(string name) =>
        ByName.TryGetValue(name, out var workload) ? workload : throw new ArgumentException("unknown workload: " + name, nameof(name));
}
