using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>Which catch clause of a <c>try</c> catches the failure of a flush, or the exception a catch inside threw.</summary>
internal static class CatchMatcher
{
    /// <summary>
    /// The first catch clause of <paramref name="tryOperation"/> that catches the exception: <paramref name="thrown"/>, or
    /// when it is null the flush's own failure (<paramref name="durable"/>: a DurableIO API, which throws DurabilityException).
    /// </summary>
    internal static ICatchClauseOperation? FirstCatching(ITryOperation tryOperation, ITypeSymbol? thrown, bool durable)
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
}
