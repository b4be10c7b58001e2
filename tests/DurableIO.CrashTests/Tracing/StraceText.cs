using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DurableIO.CrashTests.Tracing;

/// <summary>
/// The lexical pieces of strace's output under <c>-xx -y</c>: every string and every descriptor path is
/// printed as <c>\xNN</c> escapes, so a quoted string never contains a quote, comma or bracket of its own.
/// </summary>
public static partial class StraceText
{
    /// <summary>The strace spelling of <paramref name="text"/> under <c>-xx</c>, to search raw lines for a path.</summary>
    public static string HexEscape(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            builder.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>Index of the parenthesis closing the one at <paramref name="openIndex"/>, skipping strings, annotations and nested brackets; -1 if the line ends first.</summary>
    public static int FindClosingParenthesis(string text, int openIndex)
    {
        var depth = 0;
        for (var i = openIndex; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                i = SkipString(text, i);
            }
            else if (c == '<' && IsAnnotationStart(text, i))
            {
                i = SkipAnnotation(text, i);
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
                if (depth == 0)
                {
                    return c == ')' ? i : -1;
                }
            }
        }

        return -1;
    }

    /// <summary>Splits an argument list at its top-level commas.</summary>
    public static IReadOnlyList<string> SplitArguments(string arguments)
    {
        var result = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (c == '"')
            {
                i = SkipString(arguments, i);
            }
            else if (c == '<' && IsAnnotationStart(arguments, i))
            {
                i = SkipAnnotation(arguments, i);
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                result.Add(arguments[start..i].Trim());
                start = i + 1;
            }
        }

        var last = arguments[start..].Trim();
        if (last.Length > 0 || result.Count > 0)
        {
            result.Add(last);
        }

        return result;
    }

    /// <summary>The bytes of a quoted strace string (<c>"\x61\x62"</c>); throws when strace truncated it (<c>"…"...</c>).</summary>
    public static byte[] DecodeString(string token)
    {
        token = token.Trim();
        if (token.Length < 2 || token[0] != '"')
        {
            throw new FormatException("not an strace string: " + Shorten(token));
        }

        var close = token.IndexOf('"', 1);
        if (close > 0 && token.AsSpan(close + 1).SequenceEqual("..."))
        {
            throw new FormatException("strace truncated a string (raise -s): " + Shorten(token));
        }

        if (close != token.Length - 1)
        {
            throw new FormatException("not a single strace string: " + Shorten(token));
        }

        return DecodeEscapes(token.AsSpan(1, close - 1));
    }

    /// <summary>A descriptor argument or result such as <c>3&lt;\x2f\x74&gt;</c> or <c>AT_FDCWD&lt;…&gt;</c>: its number (AT_FDCWD = -100) and the path strace annotated, if any.</summary>
    public static (int Descriptor, string? Path) ParseDescriptor(string token)
    {
        token = token.Trim();
        var annotationStart = token.IndexOf('<', StringComparison.Ordinal);
        var number = annotationStart < 0 ? token : token[..annotationStart];
        string? path = null;
        if (annotationStart >= 0 && token.EndsWith('>'))
        {
            path = DecodeAnnotation(token[(annotationStart + 1)..^1]);
        }

        var descriptor = number == "AT_FDCWD" ? AtFdCwd : int.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return (descriptor, path);
    }

    public const int AtFdCwd = -100;

    /// <summary>The text of a <c>-y</c> annotation: a hex-escaped path (" (deleted)" removed), or a pseudo name like <c>pipe:[123]</c>.</summary>
    public static string DecodeAnnotation(string inner)
    {
        var text = inner.StartsWith("\\x", StringComparison.Ordinal) ? Encoding.UTF8.GetString(DecodeEscapes(inner)) : inner;
        const string deleted = " (deleted)";
        return text.EndsWith(deleted, StringComparison.Ordinal) ? text[..^deleted.Length] : text;
    }

    public static long ParseInteger(string token)
    {
        token = token.Trim();
        return token.StartsWith("0x", StringComparison.Ordinal)
            ? long.Parse(token.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(token, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>An offset argument printed as a number or inside brackets (<c>[4096]</c>, as copy_file_range and sendfile print them); null for NULL.</summary>
    public static long? ParseOptionalOffset(string token)
    {
        token = token.Trim();
        if (token == "NULL")
        {
            return null;
        }

        if (token.StartsWith('['))
        {
            // strace may also show the value after the call ("[0] => [4096]", "[0 => 4096]"); the call used the first one.
            var inner = token[1..token.IndexOf(']', StringComparison.Ordinal)];
            var arrow = inner.IndexOf("=>", StringComparison.Ordinal);
            return ParseInteger(arrow < 0 ? inner : inner[..arrow]);
        }

        return ParseInteger(token);
    }

    /// <summary><paramref name="raw"/> with every hex-escaped string decoded to readable text and long ones shortened.</summary>
    public static string Readable(string raw) => HexRun().Replace(raw, match =>
    {
        var bytes = DecodeEscapes(match.Value);
        var text = Encoding.UTF8.GetString(bytes);
        var printable = new StringBuilder();
        foreach (var c in text)
        {
            printable.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        var isPath = text.StartsWith('/') && !text.Any(char.IsControl);
        return printable.Length > 48 && !isPath ? printable.ToString(0, 40) + $"…({bytes.Length} bytes)" : printable.ToString();
    });

    private static byte[] DecodeEscapes(ReadOnlySpan<char> escaped)
    {
        var bytes = new List<byte>(escaped.Length / 4);
        for (var i = 0; i < escaped.Length;)
        {
            if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(escaped.Slice(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
            else
            {
                // -xx escapes everything; a literal character can only come from input that was not produced by -xx.
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped.Slice(i, 1).ToArray()));
                i++;
            }
        }

        return bytes.ToArray();
    }

    private static int SkipString(string text, int quoteIndex)
    {
        var close = text.IndexOf('"', quoteIndex + 1);
        if (close < 0)
        {
            throw new FormatException("unterminated string in: " + Shorten(text));
        }

        return text.AsSpan(close + 1).StartsWith("...") ? close + 3 : close;
    }

    // A -y annotation follows a descriptor number ("3<…>") or AT_FDCWD ("AT_FDCWD<…>").
    private static bool IsAnnotationStart(string text, int index) =>
        index > 0 && (char.IsAsciiDigit(text[index - 1]) || text.AsSpan(0, index).EndsWith("AT_FDCWD"));

    private static int SkipAnnotation(string text, int index)
    {
        var close = text.IndexOf('>', index + 1);
        return close < 0 ? text.Length - 1 : close;
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    [GeneratedRegex(@"(\\x[0-9a-f]{2})+")]
    private static partial Regex HexRun();
}
