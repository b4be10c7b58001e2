using System.Collections.Generic;
using System.Collections.Immutable;
using DurableIO.Analyzers.Infrastructure;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules;

/// <summary>
/// DUR003: a flush to disk on every iteration of a loop. Reported on a flush to disk of a stream (or a writer over it)
/// that sits directly in a loop body — not under an <c>if</c>/<c>switch</c>/<c>catch</c> of that body, not followed by an
/// unconditional <c>break</c>/<c>return</c>/<c>throw</c> — when the stream was opened before the loop (or is a parameter or
/// field) and the same loop body writes to that file directly, and never inside a nested loop (a flush per batch of
/// inner-loop writes is batching). A write to a <c>FileOptions.WriteThrough</c> stream opened before the loop is reported
/// the same way (each such write waits for the disk).
/// </summary>
/// <remarks>
/// Diagnostic data for the code fix: property <c>Kind</c> (<see cref="DiagnosticData.Dur003"/>) is <c>Flush</c> (the diagnostic is on the flush
/// invocation; the fix moves its statement after the loop) or <c>WriteThrough</c> (on the write; no automatic fix).
/// <c>AdditionalLocations[0]</c> is the loop statement.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlushInLoopAnalyzer : DurabilityAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR003);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        var reportedWriteThrough = new HashSet<(ILoopOperation, FileEntity)>();
        foreach (var op in model.Operations)
        {
            if (op.InnermostLoop is not { } loop)
            {
                continue;
            }

            if (op.Kind == FileOperationKind.FlushToDisk && op.Source != FlushToDiskSource.FileStreamFlushVariable && op.Target is { } target)
            {
                if (IsPerIterationFlush(model, op, target, loop))
                {
                    Report(context, op, loop, target, DiagnosticData.FlushInLoopKind.Flush);
                }
            }
            else if (op.Kind == FileOperationKind.Write && op.Target is { IsWriteThrough: true } written
                && OpenedBefore(written.Root, loop) && !ClosedInside(model, written, loop)
                && reportedWriteThrough.Add((loop, written.Root)))
            {
                Report(context, op, loop, written, DiagnosticData.FlushInLoopKind.WriteThrough);
            }
        }
    }

    private static void Report(BodyContext context, FileOperation op, ILoopOperation loop, FileEntity target, DiagnosticData.FlushInLoopKind kind)
    {
        context.Report(
            Descriptors.DUR003,
            op.Location,
            downgradeToInfo: false,
            new[] { loop.Syntax.GetLocation() },
            DiagnosticData.Dur003.Properties(kind),
            Name(target));
    }

    /// <summary>The name of the file for the message: the flushed variable, else the file stream's.</summary>
    private static string Name(FileEntity target) =>
        target.Symbol is not null ? target.Symbol.Name : target.Root.DisplayName;

    private static bool IsPerIterationFlush(FileModel model, FileOperation flush, FileEntity target, ILoopOperation loop)
    {
        var root = target.Root;
        if (!target.IsFile || !OpenedBefore(root, loop) || ClosedInside(model, target, loop))
        {
            return false;
        }

        // The loop body writes the file itself, and never in a nested loop (batching).
        var writesDirectly = false;
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.Write || op.Target is null || !op.Target.SameFileAs(target) || !op.IsInside(loop)
                || op.Method?.Name is "CopyTo" or "CopyToAsync")
            {
                continue; // a CopyTo copies a whole stream: a batch, like a nested loop of writes
            }

            if (!ReferenceEquals(op.InnermostLoop, loop))
            {
                return false;
            }

            writesDirectly = true;
        }

        return writesDirectly && RunsOnEveryIteration(flush.Operation, loop);
    }

    /// <summary>
    /// True when the stream was opened before the loop (created in this body outside it), or came in as a parameter or a
    /// field that this body does not reassign inside the loop. A loop variable or a stream of unknown origin: false.
    /// </summary>
    private static bool OpenedBefore(FileEntity root, ILoopOperation loop)
    {
        switch (root.Origin)
        {
            case FileEntityOrigin.Created:
                return root.OpenOperation is { } open ? !open.IsInside(loop) : root.Creation is not null && !IsWithin(root.Creation.Syntax, loop.Syntax);
            case FileEntityOrigin.Parameter:
            case FileEntityOrigin.Member:
                return root.Kind is FileEntityKind.FileStream or FileEntityKind.Handle && root.Symbol is not null && !IsAssignedInside(root.Symbol, loop);
            default:
                return false;
        }
    }

    private static bool ClosedInside(FileModel model, FileEntity target, ILoopOperation loop)
    {
        foreach (var op in model.Operations)
        {
            // The file itself closed in the loop (a wrapper created in the loop with leaveOpen: true may close every time).
            if (op.Kind == FileOperationKind.Close && ReferenceEquals(op.Target, target.Root) && op.IsInside(loop))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssignedInside(ISymbol symbol, ILoopOperation loop)
    {
        foreach (var descendant in loop.Descendants())
        {
            if (descendant is IAssignmentOperation assignment
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(assignment.Target), symbol))
            {
                return true;
            }

            if (descendant is IIncrementOrDecrementOperation increment
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(increment.Target), symbol))
            {
                return true;
            }

            if (descendant is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(byRef.Value), symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        IParameterReferenceOperation p => p.Parameter,
        IFieldReferenceOperation f => f.Field,
        IPropertyReferenceOperation p => p.Property,
        ILocalReferenceOperation l => l.Local,
        _ => null,
    };

    /// <summary>
    /// True when the flush is a statement that runs whenever the loop body completes an iteration: every statement between
    /// it and the loop body is a block, a <c>using</c> or a <c>try</c> body, and no unconditional <c>break</c>, <c>return</c>,
    /// <c>throw</c> or <c>goto</c> follows it in those blocks (that loop would not iterate again after a flush: a retry or a
    /// run-once loop).
    /// </summary>
    private static bool RunsOnEveryIteration(IOperation flush, ILoopOperation loop)
    {
        var loopBody = LoopBody(loop.Syntax);
        if (loopBody is null || loop is IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: false } })
        {
            return false; // do { … } while (false) runs once
        }

        // From the flush expression up to its statement: an operand of ?:, &&, ||, ?? or a switch arm is conditional.
        SyntaxNode current = flush.Syntax;
        while (current is not StatementSyntax)
        {
            if (current.Parent is null or ConditionalExpressionSyntax or SwitchExpressionArmSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression })
            {
                return false;
            }

            current = current.Parent;
        }

        // From the statement up to the loop body: only blocks, using/lock/fixed/checked/unsafe bodies and try blocks.
        for (var guard = 0; guard < 256; guard++)
        {
            if (ReferenceEquals(current, loopBody))
            {
                return true;
            }

            switch (current.Parent)
            {
                case BlockSyntax block:
                    if (HasUnconditionalExitAfter(block.Statements, current))
                    {
                        return false;
                    }

                    current = block;
                    break;
                case UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax or CheckedStatementSyntax or UnsafeStatementSyntax:
                    current = current.Parent;
                    break;
                case TryStatementSyntax tryStatement when ReferenceEquals(tryStatement.Block, current):
                    current = tryStatement;
                    break;
                case IfStatementSyntax ifStatement when ReferenceEquals(ifStatement.Statement, current) && IsLoopInvariant(loop, ifStatement.Condition):
                    // if (useFsync) { … flush … }: a flag that the loop never changes still means "on every iteration".
                    current = ifStatement;
                    break;
                case ElseClauseSyntax { Parent: IfStatementSyntax elseOf } elseClause when ReferenceEquals(elseClause.Statement, current) && IsLoopInvariant(loop, elseOf.Condition):
                    current = elseOf;
                    break;
                default:
                    // if/else/switch/catch/finally/labeled statement, or outside the loop: conditional or special.
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="condition"/> has the same value on every iteration: built only from constants, parameters
    /// and locals that the loop does not assign (declared before it), readonly or const fields, and operators.
    /// </summary>
    internal static bool IsLoopInvariant(ILoopOperation loop, ExpressionSyntax condition)
    {
        if (loop.SemanticModel?.GetOperation(condition) is not { } operation)
        {
            return false;
        }

        foreach (var node in Flatten(operation))
        {
            switch (node)
            {
                case ILiteralOperation:
                case IUnaryOperation:
                case IBinaryOperation:
                case IConversionOperation:
                case IParenthesizedOperation:
                case IInstanceReferenceOperation:
                    break;
                case IParameterReferenceOperation parameter when !IsAssignedInside(parameter.Parameter, loop):
                    break;
                case ILocalReferenceOperation local when !IsAssignedInside(local.Local, loop)
                    && !local.Local.DeclaringSyntaxReferences.IsEmpty && !loop.Syntax.Span.Contains(local.Local.DeclaringSyntaxReferences[0].Span):
                    break;
                case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                    break;
                default:
                    return false;
            }
        }

        return true;

        static IEnumerable<IOperation> Flatten(IOperation root)
        {
            yield return root;
            foreach (var descendant in root.Descendants())
            {
                yield return descendant;
            }
        }
    }

    private static bool HasUnconditionalExitAfter(SyntaxList<StatementSyntax> statements, SyntaxNode statement)
    {
        var after = false;
        foreach (var s in statements)
        {
            if (after && s is BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax or GotoStatementSyntax
                or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement })
            {
                return true;
            }

            if (ReferenceEquals(s, statement))
            {
                after = true;
            }
        }

        return false;
    }

    /// <summary>The statement a loop repeats.</summary>
    internal static StatementSyntax? LoopBody(SyntaxNode loop) => loop switch
    {
        ForStatementSyntax f => f.Statement,
        CommonForEachStatementSyntax f => f.Statement,
        WhileStatementSyntax w => w.Statement,
        DoStatementSyntax d => d.Statement,
        _ => null,
    };

    private static bool IsWithin(SyntaxNode node, SyntaxNode container) => container.Span.Contains(node.Span);
}
