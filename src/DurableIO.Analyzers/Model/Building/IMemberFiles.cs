using System.Threading;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>The facts of the types whose file-holding fields and auto-properties a body reads (<see cref="TypeFileFacts"/>).</summary>
internal interface IMemberFiles
{
    /// <summary>What the type of <paramref name="member"/> does with the file it holds, or null when it holds none.</summary>
    MemberFile? Of(ISymbol member, CancellationToken cancellationToken);
}
