using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>
/// Calls that leave the failure ignored when a catch makes them: logging (any method whose name says so, Console, Debug,
/// Trace), string formatting, waiting before the next attempt, and clean-up of streams and files. Anything else may record
/// the failure.
/// </summary>
internal static class BenignCatchCalls
{
    private static readonly string[] s_loggingPrefixes =
    {
        "Log", "Write", "Print", "Trace", "Debug", "Info", "Warn", "Error", "Fatal", "Critical", "Verbose", "Notice", "Report", "Display", "Show",
    };

    /// <summary>True when <paramref name="invocation"/>, in a catch of <paramref name="exceptionLocal"/>, leaves the failure ignored.</summary>
    internal static bool IsBenign(IInvocationOperation invocation, ILocalSymbol? exceptionLocal)
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

    /// <summary>A log line: Console, Debug, Trace, Microsoft.Extensions.Logging, or a method whose name says it logs.</summary>
    internal static bool IsLogging(IInvocationOperation invocation)
    {
        var typeName = invocation.TargetMethod.ContainingType?.ToDisplayString() ?? string.Empty;
        if (typeName is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace"
            || typeName.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var prefix in s_loggingPrefixes)
        {
            if (invocation.TargetMethod.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
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
}
