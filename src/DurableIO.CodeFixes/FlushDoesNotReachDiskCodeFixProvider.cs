using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR005 (Flush()/FlushAsync() do not reach the disk):
/// <list type="bullet">
/// <item><c>x.Flush()</c> → <c>x.FlushToDisk()</c>, <c>x.FlushAsync(…)</c> → <c>x.FlushToDiskAsync(…)</c> (same arguments —
/// the token keeps its name <c>cancellationToken</c> —, same <c>await</c> and <c>ConfigureAwait</c> around it), offered when
/// <c>x</c> is a FileStream, StreamWriter, BinaryWriter or BufferedStream (the types the runtime extends) and the analyzer
/// saw that the runtime's flush reaches the file from there (only BufferedStreams between it and the FileStream);</item>
/// <item>for a FileStream, <c>fs.Flush()</c> → <c>fs.Flush(true)</c> (plain System.IO).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FlushDoesNotReachDiskCodeFixProvider))]
[Shared]
public sealed class FlushDoesNotReachDiskCodeFixProvider : DurableIOCodeFixProvider
{
    public const string FlushToDiskKey = "DUR005.FlushToDisk";
    public const string FlushTrueKey = "DUR005.FlushTrue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FlushDoesNotReachDisk);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FlushFixSyntax.Invocation(root, diagnostic) is not { } invocation
            || FlushFixSyntax.MethodName(invocation) is not { } name
            || FlushFixSyntax.Receiver(invocation) is not { } receiver
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            yield break;
        }

        var receiverType = model.GetTypeInfo(receiver, cancellationToken).Type;
        var isAsync = method.Name == "FlushAsync";
        var argumentsFit = isAsync
            ? method.Parameters.Length == 0 || (method.Parameters.Length == 1 && method.Parameters[0].Type.ToDisplayString() == "System.Threading.CancellationToken" && method.Parameters[0].Name == "cancellationToken")
            : method.Name == "Flush" && method.Parameters.Length == 0;
        if (!argumentsFit)
        {
            yield break;
        }

        if (FlushFixSyntax.IsFlushable(receiverType)
            && DiagnosticData.ReachesFileStream(diagnostic))
        {
            var newName = isAsync ? "FlushToDiskAsync" : "FlushToDisk";
            yield return new FixOption(
                $"Flush to disk with {newName}()",
                FlushToDiskKey,
                editor => editor.ReplaceNode(invocation, FlushFixSyntax.Rename(invocation, newName)));
        }

        if (!isAsync && FlushFixSyntax.IsFileStream(receiverType) && name.Identifier.ValueText == "Flush")
        {
            yield return new FixOption(
                "Flush to disk with Flush(true)",
                FlushTrueKey,
                editor => editor.ReplaceNode(
                    invocation,
                    invocation.WithArgumentList(invocation.ArgumentList.WithArguments(
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)))))),
                usesDurableIO: false);
        }
    }
}
