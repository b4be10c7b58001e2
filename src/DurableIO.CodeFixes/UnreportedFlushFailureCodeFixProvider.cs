using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR014 (Flush(true) cannot report a failed fsync on Linux and macOS): <c>stream.Flush(true)</c> →
/// <c>stream.FlushToDisk()</c>, and <c>RandomAccess.FlushToDisk(stream.SafeFileHandle)</c> → <c>stream.FlushToDisk()</c>.
/// <c>FlushToDisk()</c> flushes the stream's buffer and then the file, and throws <c>DurabilityException</c> when the
/// fsync fails, so the error handling around the call now runs. Offered only when the stream is a
/// <c>System.IO.FileStream</c> (not a subclass that may change <c>Flush</c>) and no other <c>FlushToDisk</c> is in scope
/// for it; a bare handle (<c>File.OpenHandle</c>) has no <c>FlushToDisk()</c>, so no fix there. The call stays
/// synchronous, as the original was.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnreportedFlushFailureCodeFixProvider))]
[Shared]
public sealed class UnreportedFlushFailureCodeFixProvider : DurableIOCodeFixProvider
{
    public const string EquivalenceKey = "DUR014.FlushToDisk";

    private const string FlushToDisk = "FlushToDisk";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FlushFailureUnreported);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            yield break;
        }

        var typeName = method.ContainingType?.ToDisplayString();
        if (method.Name == "Flush" && typeName == "System.IO.FileStream")
        {
            var fix = FlushTrueFix(model, invocation, cancellationToken);
            if (fix is not null)
            {
                yield return fix;
            }
        }
        else if (method.Name == FlushToDisk && typeName == "System.IO.RandomAccess")
        {
            var fix = RandomAccessFix(model, invocation, cancellationToken);
            if (fix is not null)
            {
                yield return fix;
            }
        }
    }

    /// <summary><c>x.Flush(true)</c> / <c>x?.Flush(true)</c> → <c>x.FlushToDisk()</c>: the name and the argument list change, nothing else.</summary>
    private static FixOption? FlushTrueFix(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        SimpleNameSyntax? name;
        ExpressionSyntax? receiver;
        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax memberAccess when memberAccess.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                name = memberAccess.Name;
                receiver = memberAccess.Expression;
                break;
            case MemberBindingExpressionSyntax memberBinding when invocation.Parent is ConditionalAccessExpressionSyntax conditional:
                name = memberBinding.Name;
                receiver = conditional.Expression;
                break;
            default:
                return null;
        }

        if (name is not IdentifierNameSyntax || invocation.ArgumentList.Arguments.Count != 1
            || !FlushFixSyntax.IsFileStream(model.GetTypeInfo(receiver, cancellationToken).Type)
            || !FlushToDiskIsFree(model, invocation.SpanStart, model.GetTypeInfo(receiver, cancellationToken).Type!))
        {
            return null;
        }

        return new FixOption(
            "Use FlushToDisk(), which reports a failed fsync",
            EquivalenceKey,
            editor =>
            {
                var newName = SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, FlushToDisk, name.Identifier.TrailingTrivia));
                var newArguments = FlushFixSyntax.EmptyArgumentList(invocation.ArgumentList);
                var rewritten = invocation.ReplaceNodes(
                    new SyntaxNode[] { name, invocation.ArgumentList },
                    (original, _) => original == name ? newName : newArguments);
                editor.ReplaceNode(invocation, rewritten);
            });
    }

    /// <summary><c>RandomAccess.FlushToDisk(x.SafeFileHandle)</c> → <c>x.FlushToDisk()</c> (the getter already flushed the buffer; FlushToDisk does too).</summary>
    private static FixOption? RandomAccessFix(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        if (invocation.ArgumentList.Arguments.Count != 1
            || invocation.ArgumentList.Arguments[0].Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SafeFileHandle" } handle
            || !handle.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            || model.GetSymbolInfo(handle, cancellationToken).Symbol is not IPropertySymbol { ContainingType: { } propertyType }
            || propertyType.ToDisplayString() != "System.IO.FileStream")
        {
            return null;
        }

        var stream = handle.Expression;
        var streamType = model.GetTypeInfo(stream, cancellationToken).Type;
        if (!FlushFixSyntax.IsFileStream(streamType) || !FlushToDiskIsFree(model, invocation.SpanStart, streamType!))
        {
            return null;
        }

        return new FixOption(
            "Use FlushToDisk(), which reports a failed fsync",
            EquivalenceKey,
            editor =>
            {
                var receiver = stream.WithoutTrivia();
                if (receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or ElementAccessExpressionSyntax
                    or InvocationExpressionSyntax or ParenthesizedExpressionSyntax))
                {
                    receiver = SyntaxFactory.ParenthesizedExpression(receiver);
                }

                var call = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(FlushToDisk)),
                        FlushFixSyntax.EmptyArgumentList(invocation.ArgumentList))
                    .WithTriviaFrom(invocation);
                editor.ReplaceNode(invocation, call);
            });
    }

    /// <summary>True when no <c>FlushToDisk</c> other than DurableIO's would bind on the stream at this position.</summary>
    private static bool FlushToDiskIsFree(SemanticModel model, int position, ITypeSymbol streamType) =>
        model.LookupSymbols(position, streamType, FlushToDisk, includeReducedExtensionMethods: true)
            .All(s => s.ContainingNamespace?.ToDisplayString() == DurableIOImport.Namespace && s.ContainingType?.Name == "DurableStreamExtensions");
}
