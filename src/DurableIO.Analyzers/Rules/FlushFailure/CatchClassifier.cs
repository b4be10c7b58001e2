using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>What a catch handler does with the failure.</summary>
internal enum CatchHandling
{
    /// <summary>
    /// Nothing that reports or records it: no throw, no returned value, no assignment, no object created (but exceptions),
    /// only benign calls (<see cref="BenignCatchCalls"/>).
    /// </summary>
    Swallows,

    /// <summary>Throws, whatever else it does: rethrows the failure, or throws another exception (which an enclosing <c>try</c> may catch).</summary>
    Throws,

    /// <summary>Reports or records it (a returned value, an assignment, an object created, a call that is not benign): the analysis cannot follow it.</summary>
    Handles,
}

/// <summary>What a catch clause does with the exception it caught: see <see cref="CatchHandling"/>, and whether its filter reads it.</summary>
internal static class CatchClassifier
{
    /// <summary>True when the catch has a filter that reads the caught exception (<c>catch (IOException e) when (e.HResult == …)</c>).</summary>
    internal static bool FiltersOnException(ICatchClauseOperation handler)
    {
        var exceptionLocal = ExceptionLocal(handler);
        return handler.Filter is not null && exceptionLocal is not null && References(handler.Filter, exceptionLocal);
    }

    /// <summary>
    /// What the handler of <paramref name="handler"/> does with the failure (code in lambdas and local functions does not
    /// count: it may never run). For <see cref="CatchHandling.Throws"/>, <paramref name="rethrown"/> is the type of the
    /// other exception it throws, or null when it rethrows the caught one.
    /// </summary>
    internal static CatchHandling Classify(ICatchClauseOperation handler, out ITypeSymbol? rethrown)
    {
        var exceptionLocal = ExceptionLocal(handler);
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

                case IInvocationOperation invocation when !BenignCatchCalls.IsBenign(invocation, exceptionLocal):
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
            return CatchHandling.Throws;
        }

        return handles ? CatchHandling.Handles : CatchHandling.Swallows;
    }

    /// <summary>
    /// True for <c>catch</c>, <c>catch (Exception)</c> or <c>catch (object)</c> without a filter whose handler swallows the
    /// failure and logs it (at least one logging call: <see cref="BenignCatchCalls.IsLogging"/>).
    /// </summary>
    internal static bool IsCatchAllThatOnlyLogs(ICatchClauseOperation handler)
    {
        if (handler.Filter is not null
            || !(handler.ExceptionType is null || handler.ExceptionType.SpecialType == SpecialType.System_Object || handler.ExceptionType.ToDisplayString() == "System.Exception")
            || Classify(handler, out _) != CatchHandling.Swallows)
        {
            return false;
        }

        foreach (var operation in DescendantsOutsideFunctions(handler.Handler))
        {
            if (operation is IInvocationOperation invocation && BenignCatchCalls.IsLogging(invocation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The variable of <c>catch (IOException e)</c>; null for a catch that does not name the exception.</summary>
    private static ILocalSymbol? ExceptionLocal(ICatchClauseOperation handler) => handler.Locals.IsEmpty ? null : handler.Locals[0];

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
}
