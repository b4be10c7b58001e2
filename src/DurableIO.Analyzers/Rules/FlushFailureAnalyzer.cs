using System;
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
/// The flush-failure family: DUR008 (a failed flush to disk of a file is ignored or retried) and DUR014
/// (<c>Flush(true)</c>/<c>RandomAccess.FlushToDisk</c> whose failure the code visibly tries to handle, although on Linux
/// and macOS the runtime never reports it).
/// </summary>
/// <remarks>
/// <para>DUR008 reports, on the flush-to-disk call:</para>
/// <list type="bullet">
/// <item>a flush to disk of a file (never of a directory) in the body of a <c>try</c> whose first catch clause that
/// catches the failure (<c>IOException</c> and its bases, <c>DurabilityException</c> for DurableIO's API, an untyped
/// catch) swallows it: it has no filter on the exception, does not throw, does not return a value, does not end the
/// process, does not store or hand the exception to anything but a logger, and calls nothing but logging, waiting and
/// file clean-up. A catch that throws passes the question to the enclosing <c>try</c>.</item>
/// <item>the same inside a loop whose next iteration flushes the same stream again (the catch can reach the end of
/// the loop body or <c>continue</c>): a retry, whatever the catch does. A stream opened inside the <c>try</c> (or, for
/// the retry, inside the loop) is not reused after the failure: the <c>try</c> is about the whole work, not the flush;
/// silent.</item>
/// <item>a P/Invoked <c>fsync</c>/<c>fdatasync</c>/<c>FlushFileBuffers</c>/<c>fcntl</c> whose result is discarded.</item>
/// </list>
/// <para>DUR014 (Info) reports <c>Flush(true)</c>/<c>RandomAccess.FlushToDisk</c> when it is the only file operation
/// in the body of a <c>try</c> with a catch for <c>IOException</c> (or a base), or when the next statement reports
/// success (a call with a string that says synced, safely, durable, persisted, success, …).</para>
/// <para>Diagnostic data for the code fixes: DUR014 is on the flush invocation; DUR008 has no fix.</para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlushFailureAnalyzer : DurabilityAnalyzer
{
    internal const string Ignored = "ignored by the catch clause";
    internal const string Retried = "retried by the enclosing loop";
    internal const string CatchNeverRuns = "this catch clause does not run for it";
    internal const string SuccessReported = "the success reported after the flush is also reported when the data did not reach the disk";

    private static readonly string[] s_successWords =
    {
        "sync", "disk", "durab", "persist", "safe", "success", "commit", "saved", "written",
    };

    private static readonly string[] s_notSuccessWords =
    {
        "took", "elapsed", "duration", " ms", "time", "second", "fail", "error", "could not", "unable", "about to", "syncing", "flushing",
    };

    private static readonly string[] s_loggingPrefixes =
    {
        "Log", "Write", "Print", "Trace", "Debug", "Info", "Warn", "Error", "Fatal", "Critical", "Verbose", "Notice", "Report", "Display", "Show",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DUR008, Descriptors.DUR014);

    protected override void AnalyzeBody(BodyContext context)
    {
        var model = context.Model;
        var seen008 = new HashSet<IOperation>();
        var seen014 = new HashSet<IOperation>();
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.FlushToDisk)
            {
                continue;
            }

            if (!seen008.Contains(op.Operation) && AnalyzeIgnoredOrRetried(context, op))
            {
                seen008.Add(op.Operation);
            }

            if (!seen014.Contains(op.Operation) && AnalyzeUnreported(context, op))
            {
                seen014.Add(op.Operation);
            }
        }
    }

    // ------------------------------------------------------------------ DUR008

    private static bool AnalyzeIgnoredOrRetried(BodyContext context, FileOperation flush)
    {
        if (!IsFileFlush(context, flush))
        {
            return false;
        }

        if (flush.Source == FlushToDiskSource.PInvoke)
        {
            if (flush.Operation is IInvocationOperation invocation && IsResultDiscarded(invocation))
            {
                Report008(context, flush, "never checked (the result of '" + invocation.TargetMethod.Name + "' is discarded)");
                return true;
            }

            return false; // a P/Invoke reports its failure in its result, not by throwing: a catch is not about it
        }

        var how = FindIgnoringHandler(context.Model, flush);
        if (how is null)
        {
            return false;
        }

        Report008(context, flush, how);
        return true;
    }

    private static void Report008(BodyContext context, FileOperation flush, string how) =>
        context.Report(Descriptors.DUR008, flush.Location, downgradeToInfo: false, additionalLocations: null, properties: null, DisplayName(flush), how);

    /// <summary>A flush to disk of a file (not a directory, not a durable write/rename that rewrites from memory).</summary>
    private static bool IsFileFlush(BodyContext context, FileOperation flush)
    {
        switch (flush.Source)
        {
            case FlushToDiskSource.FileStreamFlushTrue:
            case FlushToDiskSource.RandomAccessFlushToDisk:
                return flush.Target is null || !flush.Target.IsReadOnly;

            case FlushToDiskSource.DurableApi:
                // DurableFile.WriteAll*/Move/Replace/Copy write a new file from memory: retrying them is a valid recovery.
                return flush.Method?.Name is "FlushToDisk" or "FlushToDiskAsync" or "Sync";

            case FlushToDiskSource.Configured:
            case FlushToDiskSource.Helper:
                if (flush.Target is not null)
                {
                    return flush.Target.IsFile && !flush.Target.IsReadOnly;
                }

                return flush.Path is not null && !flush.Path.IsDirectory && !MayBeDirectory(context, flush);

            case FlushToDiskSource.PInvoke:
                return !MayBeDirectory(context, flush);

            default:
                return false;
        }
    }

    /// <summary>
    /// Names that say "directory" around a flush the model could not classify (a P/Invoke on a descriptor, a configured
    /// helper on a path): ignoring a failed directory sync is accepted practice, so stay silent.
    /// </summary>
    private static bool MayBeDirectory(BodyContext context, FileOperation flush)
    {
        var names = new List<string>();
        if (flush.Target is { } target)
        {
            var root = target.Root;
            if (root.Kind == FileEntityKind.FileStream)
            {
                return false; // a FileStream cannot be opened on a directory
            }

            foreach (var entity in target.Chain())
            {
                if (entity.Symbol is not null)
                {
                    names.Add(entity.Symbol.Name); // dirFd, dirHandle
                }
            }

            AddPathName(names, root.Path);
            if (root.OpenOperation?.Operation is IInvocationOperation open)
            {
                foreach (var argument in open.Arguments)
                {
                    // open(path, O_RDONLY | O_DIRECTORY)
                    if (argument.Parameter?.Ordinal > 0 && argument.Syntax.ToString().IndexOf("DIRECTORY", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return true;
                    }
                }
            }
        }
        else if (flush.Path is not null)
        {
            AddPathName(names, flush.Path);
        }
        else if (flush.Operation is IInvocationOperation invocation)
        {
            // A descriptor the model cannot link: the variables it is computed from (fsync(dirFd)).
            foreach (var argument in invocation.Arguments)
            {
                foreach (var identifier in argument.Syntax.DescendantNodesAndSelf())
                {
                    if (identifier is IdentifierNameSyntax name)
                    {
                        names.Add(name.Identifier.ValueText);
                    }
                }
            }
        }

        names.Add((context.Model.OwningSymbol ?? context.OwningSymbol)?.Name ?? string.Empty);
        names.Add(context.OwningSymbol?.Name ?? string.Empty);
        foreach (var name in names)
        {
            if (name.IndexOf("dir", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("folder", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of a path held as is in a variable (<c>dir</c>); a composite path ends in a file name.</summary>
    private static void AddPathName(List<string> names, PathValue? path)
    {
        if (path is { Kind: PathValueKind.Symbol, Symbol: { } symbol })
        {
            names.Add(symbol.Name);
        }
    }

    private static bool IsResultDiscarded(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.ReturnsVoid)
        {
            return false;
        }

        IOperation current = invocation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IExpressionStatementOperation => true,
            ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => assignment.Parent is IExpressionStatementOperation,
            _ => false,
        };
    }

    /// <summary>"ignored …" / "retried …" when a catch swallows or a loop retries the failure of <paramref name="flush"/>; else null.</summary>
    private static string? FindIgnoringHandler(FileModel model, FileOperation flush)
    {
        var durable = flush.Source == FlushToDiskSource.DurableApi;
        ITypeSymbol? thrown = null; // null: the flush's own failure (IOException, or DurabilityException from DurableIO)
        for (var i = flush.TryRegions.Length - 1; i >= 0; i--)
        {
            var region = flush.TryRegions[i];
            if (region.Kind != TryRegionKind.Try)
            {
                continue; // a flush in a catch or finally: the exception leaves this try statement
            }

            var tryOperation = region.Try;
            if (IsOpenedInside(model, flush, tryOperation, loop: null))
            {
                return null; // the try is about the whole work (open, write, flush): the stream is not reused after a failure
            }

            var handler = FirstCatching(tryOperation, thrown, durable);
            if (handler is null)
            {
                continue;
            }

            var exceptionLocal = handler.Locals.IsEmpty ? null : handler.Locals[0];
            if (handler.Filter is not null && exceptionLocal is not null && References(handler.Filter, exceptionLocal))
            {
                return null; // a filter on the exception picks what to ignore (e.g. an unsupported file system): cannot tell
            }

            var loop = EnclosingLoop(flush, tryOperation);
            if (thrown is null && loop is not null && CanContinueLoop(handler))
            {
                if (IsOpenedInside(model, flush, null, loop))
                {
                    if (!OpensAnotherFilePerIteration(flush, loop))
                    {
                        return null; // the next iteration reopens and rewrites the file: a retry of the whole work, from memory
                    }

                    // One file per iteration (foreach over paths): the failed file is left behind; the catch decides below.
                }
                else if (!WritesInLoop(model, flush, loop))
                {
                    return Retried;
                }
            }

            if (handler.Filter is not null)
            {
                return null; // ignored only under a condition the analysis does not follow
            }

            switch (Classify(handler, exceptionLocal, out var rethrown))
            {
                case Handling.Swallows:
                    return Ignored;
                case Handling.Throws:
                    thrown = rethrown; // the failure (or what wraps it) goes to the enclosing try
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    private enum Handling
    {
        Swallows,
        Throws,
        Handles,
    }

    /// <summary>The first catch clause of <paramref name="tryOperation"/> that catches the exception.</summary>
    private static ICatchClauseOperation? FirstCatching(ITryOperation tryOperation, ITypeSymbol? thrown, bool durable)
    {
        foreach (var catchClause in tryOperation.Catches)
        {
            var type = catchClause.ExceptionType;
            if (thrown is not null ? DerivesFrom(thrown, type) : CatchesFlushFailure(type, durable))
            {
                return catchClause;
            }
        }

        return null;
    }

    /// <summary>True when a catch of <paramref name="type"/> catches the failure of a flush: IOException or a base, DurabilityException for DurableIO.</summary>
    private static bool CatchesFlushFailure(ITypeSymbol? type, bool durable)
    {
        if (type is null || type.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        var name = type.ToDisplayString();
        return name is "System.IO.IOException" or "System.SystemException" or "System.Exception"
            || (durable && name == "DurableIO.DurabilityException");
    }

    private static bool DerivesFrom(ITypeSymbol thrown, ITypeSymbol? catchType)
    {
        if (catchType is null || catchType.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        for (var t = thrown; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, catchType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the file of <paramref name="flush"/> is opened (or, for a path, written) inside the body of
    /// <paramref name="tryOperation"/>, or inside <paramref name="loop"/>.
    /// </summary>
    private static bool IsOpenedInside(FileModel model, FileOperation flush, ITryOperation? tryOperation, ILoopOperation? loop)
    {
        if (flush.Target is { } target)
        {
            var open = target.Root.OpenOperation;
            return open is not null && (tryOperation is null ? open.IsInside(loop!) : InTryBody(open, tryOperation));
        }

        if (flush.Path is { } path)
        {
            foreach (var op in model.Between(-1, flush.Index))
            {
                var samePath = (op.Kind is FileOperationKind.Write or FileOperationKind.Open && op.Path is not null && op.Path.Equals(path))
                    || (op.Kind == FileOperationKind.Write && op.Target?.Path is not null && op.Target.Path.Equals(path));
                if (samePath && (tryOperation is null ? op.IsInside(loop!) : InTryBody(op, tryOperation)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the stream's path is built from a variable declared inside the loop (its iteration variable, a local of its body).</summary>
    private static bool OpensAnotherFilePerIteration(FileOperation flush, ILoopOperation loop)
    {
        var path = flush.Target?.Root.Path;
        if (path is null || !path.IsFullyKnown)
        {
            return false;
        }

        foreach (var symbol in path.Symbols())
        {
            if (symbol is ILocalSymbol local)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (loop.Syntax.Span.Contains(reference.Span))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool InTryBody(FileOperation op, ITryOperation tryOperation)
    {
        foreach (var region in op.TryRegions)
        {
            if (region.Kind == TryRegionKind.Try && ReferenceEquals(region.Try, tryOperation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The innermost loop of <paramref name="flush"/> that contains <paramref name="tryOperation"/>.</summary>
    private static ILoopOperation? EnclosingLoop(FileOperation flush, ITryOperation tryOperation)
    {
        for (var i = flush.Loops.Length - 1; i >= 0; i--)
        {
            var loop = flush.Loops[i];
            if (loop.Syntax.Span.Contains(tryOperation.Syntax.Span) && loop.Syntax != tryOperation.Syntax)
            {
                return loop;
            }
        }

        return null;
    }

    /// <summary>True when the loop writes the flushed file (a batch per iteration: the catch ignores, the loop does not retry).</summary>
    private static bool WritesInLoop(FileModel model, FileOperation flush, ILoopOperation loop)
    {
        foreach (var op in model.Operations)
        {
            if (op.Kind != FileOperationKind.Write || !op.IsInside(loop))
            {
                continue;
            }

            if ((flush.Target is not null && op.Target is not null && op.Target.SameFileAs(flush.Target))
                || (flush.Path is not null && op.Path is not null && op.Path.Equals(flush.Path)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when control can leave the catch handler to the rest of the loop body or to its next iteration.</summary>
    private static bool CanContinueLoop(ICatchClauseOperation handler)
    {
        if (handler.Handler.Syntax is not BlockSyntax block || handler.SemanticModel is not { } semanticModel)
        {
            return false;
        }

        if (block.Statements.Count == 0)
        {
            return true;
        }

        var flow = semanticModel.AnalyzeControlFlow(block.Statements[0], block.Statements[block.Statements.Count - 1]);
        if (flow is null || !flow.Succeeded)
        {
            return false;
        }

        if (flow.EndPointIsReachable)
        {
            return true;
        }

        foreach (var exit in flow.ExitPoints)
        {
            if (exit is ContinueStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What a catch handler does with the failure.</summary>
    private static Handling Classify(ICatchClauseOperation handler, ILocalSymbol? exceptionLocal, out ITypeSymbol? rethrown)
    {
        rethrown = null;
        var throws = false;
        var rethrowsSame = false;
        ITypeSymbol? thrownType = null;
        var handles = false;
        foreach (var operation in DescendantsOutsideFunctions(handler.Handler))
        {
            switch (operation)
            {
                case IThrowOperation throwOperation:
                    throws = true;
                    if (throwOperation.Exception is null
                        || (exceptionLocal is not null && throwOperation.Exception is ILocalReferenceOperation { Local: { } thrownLocal } && SymbolEqualityComparer.Default.Equals(thrownLocal, exceptionLocal)))
                    {
                        rethrowsSame = true;
                    }
                    else
                    {
                        thrownType ??= throwOperation.Exception.Type;
                    }

                    break;

                case IReturnOperation { ReturnedValue: not null }:
                    handles = true; // the failure is reported to the caller
                    break;

                case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                    handles = true; // a flag, a stored error, a poisoned state: the analysis cannot follow it
                    break;

                case IInvocationOperation invocation when !IsBenign(invocation, exceptionLocal):
                    handles = true;
                    break;

                case IObjectCreationOperation creation when creation.Parent is not IThrowOperation && !IsExceptionType(creation.Type):
                    handles = true;
                    break;
            }
        }

        if (throws)
        {
            rethrown = rethrowsSame ? null : thrownType;
            return Handling.Throws;
        }

        return handles ? Handling.Handles : Handling.Swallows;
    }

    private static bool IsExceptionType(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == "System.Exception")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Calls that leave the failure ignored: logging (any method whose name says so, Console, Debug, Trace), string
    /// formatting, waiting before the next attempt, and clean-up of streams and files. Anything else may record the failure.
    /// </summary>
    private static bool IsBenign(IInvocationOperation invocation, ILocalSymbol? exceptionLocal)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var typeName = type?.ToDisplayString() ?? string.Empty;
        var name = method.Name;
        if (name.StartsWith("Throw", StringComparison.Ordinal) || name is "FailFast" or "Exit" || HasDoesNotReturn(method))
        {
            return false;
        }

        if (typeName is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace" or "System.String" or "System.Threading.Thread"
            or "System.Threading.Tasks.Task" or "System.TimeSpan" or "System.Math" or "System.Object" or "System.IO.File" or "System.IO.Path"
            || typeName.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal))
        {
            return true;
        }

        if (name is "ToString" or "GetType" or "Dispose" or "DisposeAsync" or "Close" or "Delete" or "ConfigureAwait" or "GetAwaiter" or "GetResult" or "Format"
            || method.MethodKind == MethodKind.PropertyGet)
        {
            return true;
        }

        foreach (var prefix in s_loggingPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return !PassesExceptionToNonLogger(invocation, exceptionLocal);
            }
        }

        return false;
    }

    /// <summary>A "Report…"/"Show…" call is a log line unless it is handed the exception object itself (then it may record it).</summary>
    private static bool PassesExceptionToNonLogger(IInvocationOperation invocation, ILocalSymbol? exceptionLocal)
    {
        var name = invocation.TargetMethod.Name;
        if (exceptionLocal is null || !(name.StartsWith("Report", StringComparison.Ordinal) || name.StartsWith("Show", StringComparison.Ordinal)))
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (Strip(argument.Value) is ILocalReferenceOperation { Local: { } local } && SymbolEqualityComparer.Default.Equals(local, exceptionLocal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDoesNotReturn(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "DoesNotReturnAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation Strip(IOperation operation)
    {
        var current = operation;
        while (current is IConversionOperation conversion)
        {
            current = conversion.Operand;
        }

        return current;
    }

    private static bool References(IOperation operation, ILocalSymbol local)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<IOperation> DescendantsOutsideFunctions(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                stack.Push(child);
            }
        }
    }

    // ------------------------------------------------------------------ DUR014

    private static bool AnalyzeUnreported(BodyContext context, FileOperation flush)
    {
        if (flush.Source is not (FlushToDiskSource.FileStreamFlushTrue or FlushToDiskSource.RandomAccessFlushToDisk)
            || flush.Target is { IsReadOnly: true })
        {
            return false;
        }

        string? how = null;
        if (IsOnlyOperationOfTryWithIOCatch(context.Model, flush))
        {
            how = CatchNeverRuns;
        }
        else if (NextStatementReportsSuccess(flush))
        {
            how = SuccessReported;
        }

        if (how is null)
        {
            return false;
        }

        context.Report(Descriptors.DUR014, flush.Location, downgradeToInfo: false, additionalLocations: null, properties: null, DisplayName(flush), how);
        return true;
    }

    private static bool IsOnlyOperationOfTryWithIOCatch(FileModel model, FileOperation flush)
    {
        if (flush.TryRegions.IsEmpty)
        {
            return false;
        }

        var region = flush.TryRegions[flush.TryRegions.Length - 1];
        if (region.Kind != TryRegionKind.Try || FirstCatching(region.Try, null, durable: false) is null)
        {
            return false;
        }

        foreach (var op in model.Operations)
        {
            if (!ReferenceEquals(op.Operation, flush.Operation) && InTryBody(op, region.Try))
            {
                return false; // the try is about more than the flush
            }
        }

        return true;
    }

    private static bool NextStatementReportsSuccess(FileOperation flush)
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

        var message = new System.Text.StringBuilder();
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

    // ------------------------------------------------------------------ shared

    /// <summary>The name of what is flushed: the stream variable, the path argument, or the variable a descriptor comes from.</summary>
    private static string DisplayName(FileOperation flush)
    {
        if (flush.Target is { } target)
        {
            return target.DisplayName;
        }

        if (flush.Operation is IInvocationOperation invocation)
        {
            if (invocation.Instance is { } instance && invocation.TargetMethod.Name == "Flush")
            {
                return instance.Syntax.ToString();
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (argument.Value.Type?.SpecialType == SpecialType.System_String)
                {
                    return argument.Value.Syntax.ToString();
                }

                foreach (var descendant in argument.Value.DescendantsAndSelf())
                {
                    switch (descendant)
                    {
                        case ILocalReferenceOperation local:
                            return local.Local.Name;
                        case IParameterReferenceOperation parameter:
                            return parameter.Parameter.Name;
                        case IFieldReferenceOperation field:
                            return field.Field.Name;
                    }
                }

                return argument.Value.Syntax.ToString();
            }
        }

        return flush.Path?.Literal ?? flush.Path?.Symbol?.Name ?? "the file";
    }
}
