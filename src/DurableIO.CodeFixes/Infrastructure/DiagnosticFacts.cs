using System.Linq;
using System.Threading;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// The model facts a diagnostic is about, for a fixer: the <see cref="FileModel"/> of the body the diagnostic is in (built by
/// the same <see cref="DurabilityAnalysis"/> the analyzers use, with the project's analyzer options), the
/// <see cref="FileOperation"/> at the diagnostic's location, and the operations at its additional locations
/// (<see cref="At"/>; what each index means is declared in <c>DiagnosticData</c>). A fixer builds its edit from these facts
/// and uses syntax only to write the edit.
/// </summary>
/// <remarks>
/// The analyzers report <c>FileOperation.Location</c>, the syntax of the operation, so the mapping back is by span (and kind):
/// the fixer's semantic model may hand out other <c>IOperation</c> instances than the analyzer driver's, but the same syntax.
/// The model of a body is found from the operation tree around the diagnostic (the member's whole operation block), then the
/// body of that block — the member itself, or a lambda or local function inside it — that holds the operation.
/// </remarks>
internal sealed class DiagnosticFacts
{
    private DiagnosticFacts(DurabilityAnalysis analysis, FileModel model, FileOperation operation)
    {
        Analysis = analysis;
        Model = model;
        Operation = operation;
    }

    /// <summary>The per-compilation analysis (for the questions that need it: <c>IsDirectorySyncedAfter</c>, <c>IsTemporary</c>, …).</summary>
    public DurabilityAnalysis Analysis { get; }

    /// <summary>The model of the body that holds <see cref="Operation"/>.</summary>
    public FileModel Model { get; }

    /// <summary>The operation the diagnostic is reported on.</summary>
    public FileOperation Operation { get; }

    /// <summary>
    /// The facts of <paramref name="diagnostic"/>: the operation of kind <paramref name="kind"/> whose syntax is the diagnostic's
    /// location, in the model of its body; null when the model has no such operation (then the fixer offers nothing).
    /// </summary>
    public static DiagnosticFacts? Find(SemanticModel semanticModel, AnalyzerOptions options, Diagnostic diagnostic, FileOperationKind kind, CancellationToken cancellationToken)
    {
        var location = diagnostic.Location;
        if (!location.IsInSource || location.SourceTree != semanticModel.SyntaxTree
            || DurabilityAnalysis.GetOrCreate(semanticModel.Compilation, options) is not { } analysis)
        {
            return null;
        }

        var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
        var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        if (OperationBlock(semanticModel, node, cancellationToken) is not { } block)
        {
            return null;
        }

        var owner = semanticModel.GetDeclaredSymbol(block.Syntax, cancellationToken) ?? semanticModel.GetEnclosingSymbol(block.Syntax.SpanStart, cancellationToken);
        foreach (var body in analysis.GetModels(block, owner, cancellationToken).Bodies)
        {
            if (Find(body, location, kind) is { } operation)
            {
                return new DiagnosticFacts(analysis, body, operation);
            }
        }

        return null;
    }

    /// <summary>The operation of kind <paramref name="kind"/> at <paramref name="location"/> (an additional location) in <see cref="Model"/>, or null.</summary>
    public FileOperation? At(Location? location, FileOperationKind kind) => location is null ? null : Find(Model, location, kind);

    /// <summary>
    /// The argument a model value (<see cref="FileOperation.PathArgument"/>, <see cref="FileOperation.DestinationArgument"/>) was
    /// written as, or null when it is not an argument (a receiver): the value's syntax can be inside it, as <c>p</c> in <c>p!</c>.
    /// </summary>
    public static ArgumentSyntax? ArgumentOf(IOperation? value)
    {
        for (var node = value?.Syntax; node is ExpressionSyntax or ArgumentSyntax; node = node.Parent)
        {
            if (node is ArgumentSyntax argument)
            {
                return argument;
            }

            if (node.Parent is not (ArgumentSyntax or ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression }))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The expression a model value was written as: its argument's whole expression (<c>p!</c>, not <c>p</c>), else its own syntax.</summary>
    public static ExpressionSyntax? ExpressionOf(IOperation? value) =>
        ArgumentOf(value)?.Expression ?? value?.Syntax as ExpressionSyntax;

    private static FileOperation? Find(FileModel model, Location location, FileOperationKind kind) =>
        model.Operations.FirstOrDefault(op => op.Kind == kind && op.Syntax.SyntaxTree == location.SourceTree && op.Syntax.Span == location.SourceSpan);

    /// <summary>The root of the operation tree around <paramref name="node"/>: the operation block the analyzers analyze.</summary>
    private static IOperation? OperationBlock(SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
    {
        IOperation? operation = null;
        for (var current = node; current is not null && operation is null; current = current.Parent)
        {
            operation = semanticModel.GetOperation(current, cancellationToken);
        }

        while (operation?.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }
}
