using System.Collections.Generic;
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
        var verdicts = new Dictionary<(string, bool), string?>();
        for (var point = 0; point <= run.Events.Count; point++)
        {
            if (point > 0)
            {
                model.Apply(run.Events[point - 1]);
            }

            var returned = point > run.ReturnedAt;
            var states = model.CrashStates(bound, out var cut);
            truncated |= cut;
            maxStates = System.Math.Max(maxStates, states.Count);
            var seenHere = new HashSet<string>();
            Violation? firstHere = null;
            foreach (var state in states)
            {
                if (!seenHere.Add(state.Fingerprint))
                {
                    continue;
                }

                statesChecked++;
                var key = (state.Fingerprint, returned);
                if (!verdicts.TryGetValue(key, out var problem))
                {
                    problem = invariant.Check(state, returned);
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

        return new CheckReport(
            run.WorkloadName,
            persistence,
            invariant.Statement,
            run.TracedSyscallCount,
            run.Events.Count - 1,
            run.Events.Count + 1,
            statesChecked,
            maxStates,
            bound,
            truncated,
            violations,
            violatingStates);
    }
}
