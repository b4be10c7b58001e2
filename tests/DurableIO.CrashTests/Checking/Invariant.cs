using System;
using System.Collections.Generic;
using System.Linq;
using DurableIO.CrashTests.Model;

namespace DurableIO.CrashTests.Checking;

/// <summary>
/// What must hold in every crash state of one workload. <see cref="Check"/> gets the state and whether the
/// operation had already returned when the crash happened, and answers null (holds) or what is wrong.
/// <see cref="CheckAcknowledged"/> also gets the labels of the steps acknowledged before the crash point
/// (<see cref="Tracing.AcknowledgedMarkerEvent"/>), in the order of their markers.
/// </summary>
public sealed class Invariant
{
    public Invariant(string statement, ContentDescriber describer, Func<CrashState, bool, string?> check)
    {
        Statement = statement;
        Describer = describer;
        Check = check;
        CheckAcknowledged = (state, returned, _) => check(state, returned);
    }

    public Invariant(string statement, ContentDescriber describer, Func<CrashState, bool, IReadOnlyList<string>, string?> check)
    {
        Statement = statement;
        Describer = describer;
        Check = (state, returned) => check(state, returned, Array.Empty<string>());
        CheckAcknowledged = check;
    }

    public string Statement { get; }

    public ContentDescriber Describer { get; }

    public Func<CrashState, bool, string?> Check { get; }

    public Func<CrashState, bool, IReadOnlyList<string>, string?> CheckAcknowledged { get; }

    /// <summary>Every invariant must hold; the first failing one is reported.</summary>
    public static Invariant All(ContentDescriber describer, params Invariant[] parts) => new(
        string.Join("; ", parts.Select(part => part.Statement)),
        describer,
        (state, returned, acknowledged) => parts.Select(part => part.CheckAcknowledged(state, returned, acknowledged)).FirstOrDefault(problem => problem is not null));
}
