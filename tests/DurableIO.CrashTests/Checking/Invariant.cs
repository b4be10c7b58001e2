using System;
using System.Linq;
using DurableIO.CrashTests.Model;

namespace DurableIO.CrashTests.Checking;

/// <summary>
/// What must hold in every crash state of one workload. <see cref="Check"/> gets the state and whether the
/// operation had already returned when the crash happened, and answers null (holds) or what is wrong.
/// </summary>
public sealed class Invariant
{
    public Invariant(string statement, ContentDescriber describer, Func<CrashState, bool, string?> check)
    {
        Statement = statement;
        Describer = describer;
        Check = check;
    }

    public string Statement { get; }

    public ContentDescriber Describer { get; }

    public Func<CrashState, bool, string?> Check { get; }

    /// <summary>Every invariant must hold; the first failing one is reported.</summary>
    public static Invariant All(ContentDescriber describer, params Invariant[] parts) => new(
        string.Join("; ", parts.Select(part => part.Statement)),
        describer,
        (state, returned) => parts.Select(part => part.Check(state, returned)).FirstOrDefault(problem => problem is not null));
}
