using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DurableIO.CrashTests.Model;
using DurableIO.CrashTests.Tracing;
using DurableIO.CrashWorkloads;

namespace DurableIO.CrashTests.Checking;

/// <summary>
/// One recorded run of a workload: the durable initial state (the setup, done in this process before tracing
/// starts) and the file-system events of the traced operation.
/// </summary>
public sealed class RecordedRun
{
    private RecordedRun(string workloadName, string scratchRoot, ScratchSnapshot initial, ScratchSnapshot? final, int tracedSyscallCount, IReadOnlyList<FsEvent> events)
    {
        WorkloadName = workloadName;
        ScratchRoot = scratchRoot;
        Initial = initial;
        Final = final;
        TracedSyscallCount = tracedSyscallCount;
        Events = events;
        ReturnedAt = events.Select((fsEvent, index) => (fsEvent, index)).Where(pair => pair.fsEvent is ReturnedMarkerEvent).Select(pair => pair.index).DefaultIfEmpty(-1).Single();
        if (ReturnedAt < 0)
        {
            throw new InvalidOperationException($"{workloadName}: the trace has no returned-marker write: did the workload finish?");
        }
    }

    public string WorkloadName { get; }

    /// <summary>Where the run's scratch directory was (it is deleted after the run).</summary>
    public string ScratchRoot { get; }

    public ScratchSnapshot Initial { get; }

    /// <summary>The scratch directory after the run, read from the disk; the replay must arrive at exactly this.</summary>
    public ScratchSnapshot? Final { get; }

    /// <summary>All system calls strace recorded, of every process and file (the runtime's own included).</summary>
    public int TracedSyscallCount { get; }

    /// <summary>The events under the scratch directory, plus the returned marker.</summary>
    public IReadOnlyList<FsEvent> Events { get; }

    /// <summary>The index in <see cref="Events"/> of the returned marker.</summary>
    public int ReturnedAt { get; }

    /// <summary>Sets the workload up in a fresh scratch directory, snapshots it, and runs its operation under strace.</summary>
    public static RecordedRun Record(Workload workload)
    {
        var scratchRoot = Path.Combine(Path.GetTempPath(), "durableio-crash", $"{workload.Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratchRoot);
        try
        {
            workload.Setup(new Scratch(scratchRoot));
            var initial = ScratchSnapshot.Capture(scratchRoot);
            var workloadAssembly = typeof(Workload).Assembly.Location;
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var logPath = scratchRoot + ".strace";
            var lines = StraceRecorder.Record(dotnet, new[] { workloadAssembly, "run", workload.Name, scratchRoot }, scratchRoot, logPath);
            File.Delete(logPath);
            var final = ScratchSnapshot.Capture(scratchRoot);
            var calls = StraceLogParser.Parse(lines);
            var events = TraceEventBuilder.Build(calls, scratchRoot, scratchRoot, Workload.ReturnedMarker, Workload.AcknowledgedMarker);
            return new RecordedRun(workload.Name, scratchRoot, initial, final, calls.Count, events);
        }
        finally
        {
            Directory.Delete(scratchRoot, recursive: true);
        }
    }

    /// <summary>The scratch-directory system calls, one a line, numbered by crash point (the crash point after each call).</summary>
    public string DescribeEvents() => string.Join("\n", Events.Select((fsEvent, index) => $"  {index + 1,3}: {Readable(fsEvent.Call)}"));

    /// <summary>The call's text with the scratch directory's long path shortened to $SCRATCH.</summary>
    public string Readable(Syscall call) => call.Readable.Replace(ScratchRoot, "$SCRATCH", StringComparison.Ordinal);

    /// <summary>A run built from given events, for tests of the checker itself.</summary>
    public static RecordedRun FromEvents(string name, string scratchRoot, ScratchSnapshot initial, IReadOnlyList<FsEvent> events, ScratchSnapshot? final = null) =>
        new(name, scratchRoot, initial, final, events.Count, events);
}
