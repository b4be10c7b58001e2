using System.Collections.Immutable;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Infrastructure;

/// <summary>
/// Paths that come from callers the analysis cannot see: parameters of code reached through an abstraction (an interface
/// implementation, an override, a virtual method; for DUR007 also a lambda or a local function). Those callers may finish
/// the protocol (sync the directory, rename the file) out of sight, so DUR002 and DUR007 report there at Info and say why.
/// </summary>
internal static class UnseenCallers
{
    /// <summary>
    /// True when a parameter of an interface implementation, an override or a virtual method is among the path's symbols:
    /// a member of a contract whose other members (a <c>SyncDirectory</c>) the callers may use to finish the job. Not a
    /// lambda's or a local function's: a local function's calls are in the method around it, and a lambda is as often
    /// invoked by code whose behaviour is known (<c>list.ForEach(target =&gt; …)</c>).
    /// </summary>
    public static bool FromUnseenContractCaller(PathValue? path)
    {
        if (path is null)
        {
            return false;
        }

        foreach (var symbol in path.Symbols())
        {
            if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: not (MethodKind.LocalFunction or MethodKind.AnonymousFunction) } } parameter
                && IsReachedThroughAnAbstraction(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True for a parameter of a lambda, a local function, an interface implementation, an override or a virtual method:
    /// code called through an abstraction (an I/O service interface, a callback) whose callers may well rename the file
    /// it creates (a temporary one) or sync its directory, out of the analysis' sight.
    /// </summary>
    public static bool IsReachedThroughAnAbstraction(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction or MethodKind.ExplicitInterfaceImplementation
            || method.IsOverride || method.IsVirtual || method.IsAbstract)
        {
            return true;
        }

        foreach (var contract in method.ContainingType?.AllInterfaces ?? ImmutableArray<INamedTypeSymbol>.Empty)
        {
            foreach (var member in contract.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType!.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
