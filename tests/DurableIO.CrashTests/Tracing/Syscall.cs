using System.Collections.Generic;

namespace DurableIO.CrashTests.Tracing;

/// <summary>
/// One completed system call from an strace log (an unfinished/resumed pair already joined).
/// <see cref="Arguments"/> are the raw argument texts as strace printed them (strings hex-escaped by <c>-xx</c>,
/// descriptors annotated by <c>-y</c>).
/// </summary>
public sealed record Syscall(
    int Index,
    int LineNumber,
    int Pid,
    string Name,
    IReadOnlyList<string> Arguments,
    long? Result,
    string? ResultAnnotation,
    string? Error,
    string RawText)
{
    public bool Succeeded => Result is >= 0;

    /// <summary>The call with strings decoded and long data shortened, for messages.</summary>
    public string Readable => StraceText.Readable(RawText);

    public override string ToString() => $"#{Index} (trace line {LineNumber}) {Readable}";
}
