using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// The fixers' one syntax toolkit. This part: trivia — new code that looks like its neighbours (indentation and line
/// endings taken from the document), and comments kept when statements go.
/// </summary>
internal static partial class FixSyntax
{
    /// <summary>
    /// The indentation in <paramref name="trivia"/>, a node's leading trivia: the whitespace that starts the node's line, right
    /// after the last line break (or at the start when there is none) — tabs stay tabs, and a comment before the node on the
    /// same line (<c>/* x */ f();</c>) does not count.
    /// </summary>
    public static SyntaxTriviaList Indentation(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
        }

        var end = start;
        while (end < trivia.Count && trivia[end].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            end++;
        }

        return SyntaxFactory.TriviaList(trivia.Skip(start).Take(end - start));
    }

    /// <summary><paramref name="trivia"/> without the whitespace at its end (what comes before the node on its line).</summary>
    public static List<SyntaxTrivia> WithoutTrailingWhitespace(SyntaxTriviaList trivia)
    {
        var end = trivia.Count;
        while (end > 0 && trivia[end - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            end--;
        }

        return trivia.Take(end).ToList();
    }

    /// <summary>The indentation of the line <paramref name="statement"/> starts (of its global statement for a top-level one).</summary>
    public static SyntaxTriviaList IndentationOf(StatementSyntax statement) => Indentation(ListElement(statement).GetLeadingTrivia());

    /// <summary>
    /// The line ending of the document <paramref name="node"/> is in: the one most of its lines end with (<c>\r\n</c>, <c>\n</c> or
    /// <c>\r</c>; the first one seen on a tie). A document without any line break falls back to <c>\n</c>, the one fallback of
    /// every fix: fixed, so a fix writes the same code on every machine (not <c>Environment.NewLine</c>, which analyzers may not
    /// read), and git's normalized ending. Every fix takes its line endings from here.
    /// </summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node) => SyntaxFactory.EndOfLine(EndOfLineText(node.SyntaxTree.GetText()));

    /// <summary>The text of <see cref="EndOfLine(SyntaxNode)"/> for <paramref name="text"/>.</summary>
    public static string EndOfLineText(SourceText text)
    {
        int crlf = 0, lf = 0, cr = 0;
        string? first = null;
        foreach (var line in text.Lines)
        {
            var length = line.EndIncludingLineBreak - line.End;
            if (length == 0)
            {
                continue;
            }

            var ending = length == 2 ? "\r\n" : text[line.End] == '\n' ? "\n" : text[line.End] == '\r' ? "\r" : null;
            switch (ending)
            {
                case "\r\n":
                    crlf++;
                    break;
                case "\n":
                    lf++;
                    break;
                case "\r":
                    cr++;
                    break;
                default:
                    continue; // a Unicode line separator: not a line ending a fix writes
            }

            first ??= ending;
        }

        if (first is null)
        {
            return "\n";
        }

        var most = Math.Max(crlf, Math.Max(lf, cr));
        var counts = new Dictionary<string, int> { ["\r\n"] = crlf, ["\n"] = lf, ["\r"] = cr };
        return counts[first] == most ? first : counts.First(c => c.Value == most).Key;
    }

    /// <summary>A new statement parsed from <paramref name="code"/>, indented like <paramref name="neighbour"/>, ending its line.</summary>
    public static StatementSyntax NewStatement(string code, StatementSyntax neighbour) =>
        SyntaxFactory.ParseStatement(code)
            .WithLeadingTrivia(IndentationOf(neighbour))
            .WithTrailingTrivia(EndOfLine(neighbour));

    /// <summary>
    /// <c>Type.Member</c> parsed, so its tokens carry no elastic trivia: the code action's cleanup reformats around elastic
    /// trivia, which would move the user's comments.
    /// </summary>
    public static MemberAccessExpressionSyntax MemberAccess(string type, string member) =>
        (MemberAccessExpressionSyntax)SyntaxFactory.ParseExpression(type + "." + member);

    /// <summary>
    /// The leading trivia for the statement that follows removed statements: the removed statements' comments and directives
    /// (their blank line before, their own end-of-line comments) on top of the next statement's own trivia, whose blank
    /// lines before the comments go away with the removed statement.
    /// </summary>
    public static SyntaxTriviaList LeadingTriviaAfterRemoval(StatementSyntax removed, SyntaxTriviaList nextLeading)
    {
        var removedLeading = removed.GetLeadingTrivia();
        var indentation = Indentation(removedLeading);
        var result = WithoutTrailingWhitespace(removedLeading);
        var comments = removed.GetTrailingTrivia().Where(IsComment).ToList();
        var endOfLine = removed.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = EndOfLine(removed);
        }

        foreach (var comment in comments)
        {
            result.AddRange(indentation);
            result.Add(comment);
            result.Add(endOfLine);
        }

        // Drop the next statement's leading blank lines: they separated it from the removed statement.
        var start = 0;
        for (var i = 0; i < nextLeading.Count; i++)
        {
            if (nextLeading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!nextLeading[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        result.AddRange(nextLeading.Skip(start));
        return SyntaxFactory.TriviaList(result);
    }

    /// <summary>The comments of <paramref name="node"/> that lie inside its span (not its leading or trailing trivia), outside <paramref name="kept"/>.</summary>
    public static IEnumerable<SyntaxTrivia> InnerComments(SyntaxNode node, TextSpan? kept = null) =>
        node.DescendantTrivia().Where(t =>
            IsComment(t) && t.SpanStart >= node.SpanStart && t.Span.End <= node.Span.End
            && (kept is null || !kept.Value.Contains(t.Span)));

    /// <summary><paramref name="leading"/> with each comment on a line of its own at the statement's indentation, just above the statement.</summary>
    public static SyntaxTriviaList WithCommentLines(SyntaxTriviaList leading, IEnumerable<SyntaxTrivia> comments, SyntaxTrivia endOfLine)
    {
        var list = comments.ToList();
        if (list.Count == 0)
        {
            return leading;
        }

        var indentation = Indentation(leading);
        var result = WithoutTrailingWhitespace(leading);
        foreach (var comment in list)
        {
            result.AddRange(indentation);
            result.Add(comment);
            result.Add(endOfLine);
        }

        result.AddRange(indentation);
        return SyntaxFactory.TriviaList(result);
    }

    private static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);
}
