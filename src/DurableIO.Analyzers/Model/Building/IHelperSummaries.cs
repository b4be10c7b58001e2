using System.Threading;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>The one-level summaries of the compilation's own methods, which the builder reads at a call to one.</summary>
internal interface IHelperSummaries
{
    /// <summary>The summary of <paramref name="method"/>, or null when it has no body in the compilation (metadata, extern, abstract).</summary>
    HelperSummary? Get(IMethodSymbol method, SemanticModel? callerModel, CancellationToken cancellationToken);
}
