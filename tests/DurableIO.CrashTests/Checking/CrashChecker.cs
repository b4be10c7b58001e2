using System;
using System.Collections.Generic;
using System.Linq;
using DurableIO.CrashTests.Model;
using DurableIO.CrashTests.Tracing;

namespace DurableIO.CrashTests.Checking;

/// <summary>
/// Replays a recorded run into a <see cref="FileSystemModel"/> and, at every crash point (before the first
/// scratch system call and after each one), checks the invariant on every crash state the model allows.
/// Crash points from the returned marker on are checked as "returned": only the new state is allowed there.
/// </summary>
public static class CrashChecker
{
    public const int DefaultBound = 4096;

    public static CheckReport Check(RecordedRun run, Invariant invariant, PersistenceModel persistence, int bound = DefaultBound)
    {
        var model = new FileSystemModel(run.Initial, persistence);
        var violations = new List<Violation>();
        var statesChecked = 0;
        var violatingStates = 0;
        var maxStates = 0;
        var truncated = false;
        var verdicts = new Dictionary<(string, bool, int), string?>();
        var acknowledged = new List<string>();
        for (var point = 0; point <= run.Events.Count; point++)
        {
            if (point > 0)
            {
                model.Apply(run.Events[point - 1]);
                if (run.Events[point - 1] is AcknowledgedMarkerEvent acknowledgement)
                {
                    acknowledged.Add(acknowledgement.Label);
                }
            }

            var returned = point > run.ReturnedAt;
            var states = model.CrashStates(bound, out var cut);
            truncated |= cut;
            maxStates = Math.Max(maxStates, states.Count);
            var seenHere = new HashSet<string>();
            Violation? firstHere = null;
            foreach (var state in states)
            {
                if (!seenHere.Add(state.Fingerprint))
                {
                    continue;
                }

                statesChecked++;
                var key = (state.Fingerprint, returned, acknowledged.Count);
                if (!verdicts.TryGetValue(key, out var problem))
                {
                    problem = invariant.CheckAcknowledged(state, returned, acknowledged);
                    verdicts[key] = problem;
                }

                if (problem is not null)
                {
                    violatingStates++;
                    firstHere ??= new Violation(
                        point,
                        point == 0 ? null : run.Events[point - 1].Call,
                        point == 0 ? "" : run.Readable(run.Events[point - 1].Call),
                        returned,
                        problem,
                        state.Listing(invariant.Describer.Describe),
                        state.Provenance);
                }
            }

            if (firstHere is not null)
            {
                violations.Add(firstHere);
            }
        }

        if (run.Final is not null)
        {
            VerifyReplayMatchesDisk(run, model.CurrentState());
        }

        return new CheckReport(
            run.WorkloadName,
            persistence,
            invariant.Statement,
            run.TracedSyscallCount,
            run.Events.Count(fsEvent => fsEvent is not ReturnedMarkerEvent and not AcknowledgedMarkerEvent),
            run.Events.Count + 1,
            statesChecked,
            maxStates,
            bound,
            truncated,
            violations,
            violatingStates);
    }

    /// <summary>
    /// The replay must end where the real run ended: otherwise some change escaped the trace (a system call not
    /// traced, a write through a memory map) and the crash states built from it would mean nothing.
    /// </summary>
    private static void VerifyReplayMatchesDisk(RecordedRun run, CrashState replayed)
    {
        var onDisk = run.Final!.Entries;
        var differences = onDisk.Keys.Union(replayed.Entries.Keys)
            .Where(path => !onDisk.TryGetValue(path, out var disk) || !replayed.Entries.TryGetValue(path, out var model)
                || (disk is null) != (model is null) || (disk is not null && !disk.AsSpan().SequenceEqual(model)))
            .ToList();
        if (differences.Count > 0)
        {
            throw new InvalidOperationException(
                $"{run.WorkloadName}: the replayed trace does not end in the state the run left on disk (differences at: {string.Join(", ", differences)}); "
                + "a change escaped the trace, so no crash state can be trusted.");
        }
    }
}
