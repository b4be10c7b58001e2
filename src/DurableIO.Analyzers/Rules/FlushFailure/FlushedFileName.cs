using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Rules.FlushFailure;

/// <summary>What the DUR008 and DUR014 messages call the flushed file (their first message argument).</summary>
internal static class FlushedFileName
{
    /// <summary>The name of what is flushed: the stream variable, the path argument, or the variable a descriptor comes from.</summary>
    internal static string Of(FileOperation flush)
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
