using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR004 (flush to disk while a writer still buffers data). The analyzer names the buffering wrapper (property
/// <see cref="DiagnosticData.GetWrapper"/>); the fix finds it in the model (<see cref="DiagnosticFacts"/>: the entity of the
/// flushed file's chain — a local, or a field or auto-property of the type that holds the file across members) and writes a
/// reference that binds to it at the flush (<c>this._writer</c> when a local or parameter hides the field, or when the flush
/// itself is written with <c>this.</c>):
/// <list type="bullet">
/// <item>flush through the wrapper: <c>fs.Flush(true)</c> or <c>RandomAccess.FlushToDisk(…)</c> → <c>writer.FlushToDisk()</c>;
/// <c>fs.FlushToDisk()</c> / <c>await fs.FlushToDiskAsync(ct)</c> → the same call on <c>writer</c> (await, token and
/// <c>ConfigureAwait</c> kept). Offered when the wrapper is a StreamWriter, BinaryWriter or BufferedStream from which the
/// runtime's flush reaches the file (property <see cref="DiagnosticData.WrapperFlushesToDisk"/>), the flush is not
/// conditional (<c>fs?.Flush(true)</c>) and the wrapper cannot be null there (a lazily opened <c>StreamWriter?</c> field
/// would make <c>writer.FlushToDisk()</c> a new nullable warning, and could throw where the flush did not);</item>
/// <item>plain System.IO: <c>writer.Flush();</c> inserted before the statement of the flush to disk — <c>writer?.Flush();</c>
/// when the wrapper may be null there or the flush is conditional —, when that statement is in a statement list or is the
/// expression body of a method, local function or accessor (which becomes a block), and the wrapper is not a CryptoStream
/// (whose Flush() keeps the last partial block: it needs <c>FlushFinalBlock()</c>, which ends the stream — a decision the fix
/// does not take).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FlushUnderBufferingWriterCodeFixProvider))]
[Shared]
public sealed class FlushUnderBufferingWriterCodeFixProvider : DurableIOCodeFixProvider
{
    public const string FlushToDiskKey = "DUR004.FlushToDisk";
    public const string FlushWrapperFirstKey = "DUR004.FlushWrapperFirst";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.FlushUnderBufferingWriter);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FlushFixSyntax.Invocation(root, diagnostic) is not { } invocation
            || DiagnosticData.GetWrapper(diagnostic) is not { } wrapperName
            || DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.FlushToDisk, cancellationToken) is not { } facts
            || Wrapper(model, invocation.SpanStart, facts, wrapperName!) is not { Symbol: { } wrapperSymbol }
            || FixSyntax.TypeOf(wrapperSymbol) is not { } wrapperType
            || FixSyntax.ReferenceTo(model, invocation.SpanStart, wrapperSymbol, qualifyWithThis: IsThisQualified(invocation)) is not { } wrapper
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            yield break;
        }

        var conditional = IsConditional(invocation);
        var mayBeNull = FixSyntax.MayBeNullAt(model, wrapper, invocation, wrapperType, cancellationToken);
        if (DiagnosticData.WrapperFlushesToDisk(diagnostic)
            && FlushFixSyntax.IsFlushable(wrapperType)
            && !mayBeNull
            && !conditional
            && ThroughWrapper(invocation, method, wrapper) is { } replacement)
        {
            yield return new FixOption(
                $"Flush '{wrapperName}' and the file with {FlushFixSyntax.MethodName(replacement)}()",
                FlushToDiskKey,
                editor => editor.ReplaceNode(invocation, replacement));
        }

        if (wrapperType.OriginalDefinition.ToDisplayString() == "System.Security.Cryptography.CryptoStream" || !HasFlush(wrapperType))
        {
            yield break;
        }

        // wrapper.Flush(); or, when the wrapper may be null there or the flush itself is conditional (x?.Flush(true): a lazily
        // opened file that may not be open yet), wrapper?.Flush();
        var flush = SyntaxFactory.ExpressionStatement(
            conditional || mayBeNull
                ? SyntaxFactory.ConditionalAccessExpression(wrapper, SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("Flush"))))
                : SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, wrapper, SyntaxFactory.IdentifierName("Flush"))));
        var title = $"Flush '{wrapperName}' first";
        if (FixSyntax.StatementOf(invocation, throughConditionalAccess: true) is { } statement && FixSyntax.IsInStatementList(statement))
        {
            yield return new FixOption(
                title,
                FlushWrapperFirstKey,
                editor => FixSyntax.InsertBefore(editor, statement, flush.WithLeadingTrivia(FixSyntax.IndentationOf(statement)).WithTrailingTrivia(FixSyntax.EndOfLine(statement))),
                usesDurableIO: false);
        }
        else if (FixSyntax.ExpressionBodyOf(invocation, throughConditionalAccess: true) is { } arrow
            && FixSyntax.WithBlockBody(model, arrow, flush, cancellationToken) is { } withBlock)
        {
            // Checkpoint() => _stream.Flush(true); becomes a block: { _writer.Flush(); _stream.Flush(true); }
            yield return new FixOption(title, FlushWrapperFirstKey, editor => editor.ReplaceNode(arrow.Parent!, withBlock), usesDurableIO: false);
        }
    }

    /// <summary>
    /// The buffering wrapper the diagnostic names, found in the model: the entity of the flushed file's chain that holds the
    /// data (a local, or a field or auto-property of the type), preferring one whose name binds to it at the flush.
    /// </summary>
    private static FileEntity? Wrapper(SemanticModel model, int position, DiagnosticFacts facts, string name)
    {
        FileEntity? found = null;
        foreach (var entity in facts.Operation.Target?.Chain() ?? Enumerable.Empty<FileEntity>())
        {
            if (entity.Kind != FileEntityKind.Wrapper || entity.Symbol is not { } symbol || symbol.Name != name)
            {
                continue;
            }

            if (model.LookupSymbols(position, name: name).Any(s => SymbolEqualityComparer.Default.Equals(s, symbol)))
            {
                return entity;
            }

            found ??= entity;
        }

        return found;
    }

    /// <summary>True when the flushed object is written <c>this.x</c>: the wrapper is written the same way.</summary>
    private static bool IsThisQualified(InvocationExpressionSyntax invocation) =>
        FlushFixSyntax.Receiver(invocation) is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
        || (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FlushToDisk" } && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression
            is MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } });

    /// <summary>True when the flush runs only when its receiver is not null: <c>x?.Flush(true)</c>, <c>a?.b.Flush(true)</c>.</summary>
    private static bool IsConditional(InvocationExpressionSyntax invocation) =>
        invocation.Ancestors().TakeWhile(n => n is ExpressionSyntax).OfType<ConditionalAccessExpressionSyntax>().Any(c => c.WhenNotNull.Span.Contains(invocation.Span));

    /// <summary>True for a Stream, TextWriter or BinaryWriter: a type with a parameterless Flush().</summary>
    private static bool HasFlush(ITypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() is "System.IO.Stream" or "System.IO.TextWriter" or "System.IO.BinaryWriter")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The flush rewritten to go through the wrapper, or null when its shape is not one the fix knows.</summary>
    private static InvocationExpressionSyntax? ThroughWrapper(InvocationExpressionSyntax invocation, IMethodSymbol method, ExpressionSyntax wrapperExpression)
    {
        var containing = method.ContainingType?.ToDisplayString();
        if (invocation.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        switch (method.Name)
        {
            case "Flush" when containing == "System.IO.FileStream" && method.Parameters.Length == 1:
            case "FlushToDisk" when containing == "System.IO.RandomAccess":
                // fs.Flush(true) / RandomAccess.FlushToDisk(handle) → wrapper.FlushToDisk()
                var call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, wrapperExpression, SyntaxFactory.IdentifierName("FlushToDisk")),
                    FlushFixSyntax.EmptyArgumentList(invocation.ArgumentList));
                return call.WithTriviaFrom(invocation);
            case "FlushToDisk" or "FlushToDiskAsync" when containing == "DurableIO.DurableStreamExtensions" && method.ReducedFrom is not null:
                // fs.FlushToDisk() / fs.FlushToDiskAsync(ct) → wrapper.FlushToDisk() / wrapper.FlushToDiskAsync(ct)
                return invocation.WithExpression(access.WithExpression(wrapperExpression.WithTriviaFrom(access.Expression)));
            default:
                return null;
        }
    }
}
