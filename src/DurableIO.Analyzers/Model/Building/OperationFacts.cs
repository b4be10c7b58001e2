using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>Constants, arguments and kinds of method read off operations; no state.</summary>
internal static class OperationFacts
{
    public static object? Constant(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue.Value;
        }

        return operation is IConversionOperation conversion ? Constant(conversion.Operand) : null;
    }

    public static int? ConstantInt(IOperation? operation)
    {
        var value = Constant(operation);
        if (value is null)
        {
            return null;
        }

        try
        {
            return value switch
            {
                int i => i,
                uint u => unchecked((int)u),
                long l => unchecked((int)l),
                short s => s,
                byte b => b,
                _ => null,
            };
        }
        catch (InvalidCastException)
        {
            return null;
        }
    }

    public static bool? ConstantBool(IOperation? operation) => Constant(operation) is bool b ? b : null;

    public static IOperation? Argument(IInvocationOperation invocation, string parameterName) => Argument(invocation.Arguments, parameterName);

    public static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static IOperation? ArgumentAt(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The operation under conversions, parentheses and argument wrappers.</summary>
    public static IOperation Strip(IOperation operation)
    {
        var current = operation;
        for (var guard = 0; guard < 32; guard++)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
                case IArgumentOperation argument:
                    current = argument.Value;
                    continue;
            }

            break;
        }

        return current;
    }

    /// <summary>A method of .NET itself (System.*, Microsoft.*, from metadata), which never syncs what it is given.</summary>
    public static bool IsBcl(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            return false; // Action<Stream>.Invoke lives in System, but runs the caller's code
        }

        var ns = method.ContainingNamespace;
        while (ns is not null && !ns.IsGlobalNamespace && !ns.ContainingNamespace.IsGlobalNamespace)
        {
            ns = ns.ContainingNamespace;
        }

        return ns is not null && ns.Name is "System" or "Microsoft" && method.ContainingAssembly is not null && method.Locations.Length > 0 && method.Locations[0].IsInMetadata;
    }

    public static bool IsGuid(ITypeSymbol? type) =>
        type is { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
