using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DurableIO.CrashTests.Tracing;

/// <summary>
/// Parses an <c>strace -f -y -qq -xx -e signal=none</c> log into completed system calls, in completion order.
/// A call another thread interrupted (<c>… &lt;unfinished ...&gt;</c>, later <c>&lt;... name resumed&gt; …</c>)
/// is joined and placed where it completed: its effect is only certain from then on.
/// </summary>
public static partial class StraceLogParser
{
    public static IReadOnlyList<Syscall> Parse(IEnumerable<string> lines)
    {
        var calls = new List<Syscall>();
        var unfinishedByPid = new Dictionary<int, string>();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var match = PidPrefix().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"trace line {lineNumber} has no pid prefix (was strace run with -f?): {Shorten(line)}");
            }

            var pid = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var rest = line[match.Length..];
            if (rest.StartsWith("+++", StringComparison.Ordinal) || rest.StartsWith("---", StringComparison.Ordinal))
            {
                continue; // exit and signal notices
            }

            const string unfinished = " <unfinished ...>";
            var resumed = Resumed().Match(rest);
            if (resumed.Success)
            {
                if (!unfinishedByPid.Remove(pid, out var start))
                {
                    throw new FormatException($"trace line {lineNumber} resumes a call that never started: {Shorten(line)}");
                }

                rest = start + rest[resumed.Length..];
            }

            if (rest.EndsWith(unfinished, StringComparison.Ordinal))
            {
                unfinishedByPid[pid] = rest[..^unfinished.Length];
                continue;
            }

            calls.Add(ParseCompleted(calls.Count, lineNumber, pid, rest));
        }

        return calls;
    }

    private static Syscall ParseCompleted(int index, int lineNumber, int pid, string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : StraceText.FindClosingParenthesis(text, open);
        if (close < 0)
        {
            throw new FormatException($"trace line {lineNumber}: cannot find the argument list: {Shorten(text)}");
        }

        var name = text[..open];
        var arguments = StraceText.SplitArguments(text[(open + 1)..close]);
        var resultText = text[(close + 1)..].Trim();
        if (!resultText.StartsWith('='))
        {
            throw new FormatException($"trace line {lineNumber}: no result after the arguments: {Shorten(text)}");
        }

        var (result, annotation, error) = ParseResult(resultText[1..].Trim());
        return new Syscall(index, lineNumber, pid, name, arguments, result, annotation, error, text);
    }

    // "0", "3</path>", "-1 ENOENT (No such file or directory)", "?" (the process exited inside the call).
    private static (long? Result, string? Annotation, string? Error) ParseResult(string text)
    {
        if (text.StartsWith('?'))
        {
            return (null, null, null);
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var value = space < 0 ? text : text[..space];
        string? error = null;
        if (value.StartsWith('-') && space > 0)
        {
            var afterValue = text[(space + 1)..];
            var errorEnd = afterValue.IndexOf(' ', StringComparison.Ordinal);
            error = errorEnd < 0 ? afterValue : afterValue[..errorEnd];
        }

        string? annotation = null;
        var annotationStart = value.IndexOf('<', StringComparison.Ordinal);
        if (annotationStart >= 0)
        {
            var (_, path) = StraceText.ParseDescriptor(value);
            annotation = path;
            value = value[..annotationStart];
        }

        return (StraceText.ParseInteger(value), annotation, error);
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;

    [GeneratedRegex(@"^(\d+) +")]
    private static partial Regex PidPrefix();

    [GeneratedRegex(@"^<\.\.\. [a-z0-9_]+ resumed>")]
    private static partial Regex Resumed();
}
