using System;
using System.Threading.Tasks;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// One operation to check. <see cref="Setup"/> builds the initial state (run by the checker before tracing
/// starts, so the checker may treat it as durable); <see cref="Run"/> is the traced operation.
/// </summary>
public sealed class Workload
{
    /// <summary>The line a workload prints once its operation has returned.</summary>
    public const string ReturnedMarker = "@@DURABLEIO-CRASHWORKLOAD-RETURNED@@";

    public Workload(string name, string description, Action<Scratch> setup, Func<Scratch, Task> run)
    {
        Name = name;
        Description = description;
        Setup = setup;
        Run = run;
    }

    public Workload(string name, string description, Action<Scratch> setup, Action<Scratch> run)
        : this(name, description, setup, scratch => { run(scratch); return Task.CompletedTask; })
    {
    }

    public string Name { get; }

    public string Description { get; }

    public Action<Scratch> Setup { get; }

    public Func<Scratch, Task> Run { get; }

    public override string ToString() => Name;
}
