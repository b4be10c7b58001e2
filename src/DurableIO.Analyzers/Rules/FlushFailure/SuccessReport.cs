using System;
using System.Text;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>
/// Whether the statement after a flush reports success: a call (awaited or not) whose string arguments say synced,
/// safely, durable, persisted, success, … and not timing, progress or failure.
/// </summary>
internal static class SuccessReport
{
    private static readonly string[] s_successWords =
    {
        "sync", "disk", "durab", "persist", "safe", "success", "commit", "saved", "written",
    };

    private static readonly string[] s_notSuccessWords =
    {
        "took", "elapsed", "duration", " ms", "time", "second", "fail", "error", "could not", "unable", "about to", "syncing", "flushing",
    };

    /// <summary>True when <paramref name="flush"/> is a statement and the next statement of its list is a call that reports success.</summary>
    internal static bool FollowsFlush(FileOperation flush)
    {
        if (flush.Operation.Parent is not IExpressionStatementOperation { Syntax: StatementSyntax statement })
        {
            return false;
        }

        var next = NextStatement(statement);
        if (next is not ExpressionStatementSyntax { Expression: var expression })
        {
            return false;
        }

        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        if (expression is not InvocationExpressionSyntax invocation)
        {
            return false;
        }

        var message = new StringBuilder();
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            foreach (var node in argument.Expression.DescendantNodesAndSelf())
            {
                var text = node switch
                {
                    LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
                    InterpolatedStringTextSyntax interpolatedText => interpolatedText.TextToken.ValueText,
                    _ => null,
                };
                message.Append(text).Append(' ');
            }
        }

        return SaysSuccess(message.ToString());
    }

    private static StatementSyntax? NextStatement(StatementSyntax statement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
                var index = block.Statements.IndexOf(statement);
                return index >= 0 && index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
            case SwitchSectionSyntax section:
                var sectionIndex = section.Statements.IndexOf(statement);
                return sectionIndex >= 0 && sectionIndex + 1 < section.Statements.Count ? section.Statements[sectionIndex + 1] : null;
            case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                var memberIndex = unit.Members.IndexOf(global);
                return memberIndex >= 0 && memberIndex + 1 < unit.Members.Count && unit.Members[memberIndex + 1] is GlobalStatementSyntax nextGlobal
                    ? nextGlobal.Statement
                    : null;
            default:
                return null;
        }
    }

    private static bool SaysSuccess(string text)
    {
        foreach (var word in s_notSuccessWords)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return false; // timing or progress output, or a failure message: no claim of durability
            }
        }

        foreach (var word in s_successWords)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
