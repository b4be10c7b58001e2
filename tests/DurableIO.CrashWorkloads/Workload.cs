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

    /// <summary>
    /// Printed, followed by a label and a newline, once a step inside the operation has been acknowledged to its caller
    /// (a DurableLog append has returned): from the crash point after that write(2) on, the invariant may require the
    /// acknowledged step to have survived. Printed by the appending thread right after the call returned, so it comes
    /// after (never before) the system calls that made the step durable.
    /// </summary>
    public const string AcknowledgedMarker = "@@DURABLEIO-CRASHWORKLOAD-ACKNOWLEDGED@@";

    /// <summary>Prints <see cref="AcknowledgedMarker"/> and <paramref name="label"/> in one write(2) (Console.Out is synchronized and flushes each write).</summary>
    public static void Acknowledge(string label) => Console.Out.Write(AcknowledgedMarker + label + "\n");

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
