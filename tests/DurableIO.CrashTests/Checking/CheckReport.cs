using System.Collections.Generic;
using System.Linq;
using System.Text;
using DurableIO.CrashTests.Model;
using DurableIO.CrashTests.Tracing;

namespace DurableIO.CrashTests.Checking;

/// <summary>A crash state that breaks the invariant, and where the crash happened.</summary>
/// <param name="CrashPoint">0 = before the first scratch system call; n = right after the n-th.</param>
/// <param name="After">The system call the crash followed (null at crash point 0).</param>
/// <param name="AfterText">That call's text, strings decoded, the scratch directory shortened to $SCRATCH.</param>
public sealed record Violation(int CrashPoint, Syscall? After, string AfterText, bool Returned, string Problem, string State, string Provenance)
{
    public override string ToString()
    {
        var where = After is null
            ? "crash before the first system call on the scratch directory"
            : $"crash right after system call #{After.Index} (trace line {After.LineNumber}): {AfterText}";
        return $"crash point {CrashPoint}, {where}\n"
            + $"    the operation {(Returned ? "had returned" : "had not returned yet")}\n"
            + $"    violation: {Problem}\n"
            + $"    crash state: {State}\n"
            + $"    how: {Provenance}";
    }
}

/// <summary>The result of checking one recorded workload under one persistence model.</summary>
public sealed record CheckReport(
    string WorkloadName,
    PersistenceModel Model,
    string InvariantStatement,
    int TracedSyscalls,
    int ScratchSyscalls,
    int CrashPoints,
    int StatesChecked,
    int MaxStatesAtOnePoint,
    int Bound,
    bool Truncated,
    IReadOnlyList<Violation> Violations,
    int ViolatingStates)
{
    public bool Passed => Violations.Count == 0 && !Truncated;

    public string Verdict => Violations.Count > 0
        ? $"VIOLATED ({ViolatingStates} bad states)"
        : Truncated ? $"incomplete: more than {Bound} states at a crash point" : "crash-consistent";

    public string Summary =>
        $"{WorkloadName} [{Model}]: {TracedSyscalls} system calls traced, {ScratchSyscalls} on the scratch directory, "
        + $"{CrashPoints} crash points, {StatesChecked} distinct crash states checked (at most {MaxStatesAtOnePoint} at one point; bound {Bound} per point{(Truncated ? ", REACHED" : "")}) — {Verdict}";

    public string Describe(int maxViolations = 3)
    {
        var text = new StringBuilder(Summary).Append('\n').Append("invariant: ").Append(InvariantStatement).Append('\n');
        foreach (var violation in Violations.Take(maxViolations))
        {
            text.Append(violation).Append('\n');
        }

        if (Violations.Count > maxViolations)
        {
            text.Append($"… and {Violations.Count - maxViolations} more crash points with violations\n");
        }

        return text.ToString();
    }
}
