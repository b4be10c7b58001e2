using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Model;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.CodeFixes;

/// <summary>
/// DUR001 (a file renamed over a target before its data reached the disk). Two fixes:
/// <list type="bullet">
/// <item>when the only write is <c>File.WriteAll*(tmp, …)</c> right before <c>File.Move(tmp, target, overwrite: true)</c>: one
/// <c>DurableFile.WriteAll*(target, …)</c> in their place (the temporary variable goes too when nothing else uses it);</item>
/// <item>otherwise, and as the second choice: the rename becomes <c>DurableFile.Move</c>/<c>DurableFile.Replace</c>, which flush the
/// source to disk first (for <c>FileInfo.MoveTo</c> only when the FileInfo is not used afterwards, as MoveTo changes its path).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameBeforeFlushCodeFixProvider))]
[Shared]
public sealed class RenameBeforeFlushCodeFixProvider : DurableIOCodeFixProvider
{
    public const string WriteDirectlyKey = "DUR001.WriteDirectly";
    public const string DurableRenameKey = "DUR001.DurableRename";

    /// <summary>The <c>File.WriteAll*</c> methods and the parameter types DurableFile offers for each (same names, same bytes).</summary>
    private static readonly ImmutableHashSet<string> KnownDurableWrites = ImmutableHashSet.Create(
        "WriteAllBytes(string, byte[])",
        "WriteAllBytes(string, System.ReadOnlySpan<byte>)",
        "WriteAllText(string, string)",
        "WriteAllText(string, string, System.Text.Encoding)",
        "WriteAllText(string, System.ReadOnlySpan<char>)",
        "WriteAllText(string, System.ReadOnlySpan<char>, System.Text.Encoding)",
        "WriteAllLines(string, string[])",
        "WriteAllLines(string, string[], System.Text.Encoding)",
        "WriteAllLines(string, System.Collections.Generic.IEnumerable<string>)",
        "WriteAllLines(string, System.Collections.Generic.IEnumerable<string>, System.Text.Encoding)",
        "WriteAllBytesAsync(string, byte[], System.Threading.CancellationToken)",
        "WriteAllBytesAsync(string, System.ReadOnlyMemory<byte>, System.Threading.CancellationToken)",
        "WriteAllTextAsync(string, string, System.Threading.CancellationToken)",
        "WriteAllTextAsync(string, string, System.Text.Encoding, System.Threading.CancellationToken)",
        "WriteAllLinesAsync(string, System.Collections.Generic.IEnumerable<string>, System.Threading.CancellationToken)",
        "WriteAllLinesAsync(string, System.Collections.Generic.IEnumerable<string>, System.Text.Encoding, System.Threading.CancellationToken)");

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RenameBeforeFlush);

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, AnalyzerOptions options, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var facts = DiagnosticFacts.Find(model, options, diagnostic, FileOperationKind.Rename, cancellationToken);
        var rename = RenameCall.Find(model, facts, cancellationToken);
        if (facts is null || rename is null || rename.IsDurable || !FixSyntax.NameIsFree(model, rename.Invocation.SpanStart, "DurableFile"))
        {
            yield break;
        }

        var collapse = TryCollapse(root, model, rename, CollapsibleWrite(diagnostic), cancellationToken);
        if (collapse is { } found)
        {
            yield return new FixOption(found.Title, WriteDirectlyKey, found.Apply);
        }

        if (rename.CanUseDurableFile(model, cancellationToken) && WriteIsClosedBeforeRename(facts, diagnostic))
        {
            var replacement = rename.ToDurableFile();
            yield return new FixOption(
                $"Use DurableFile.{rename.DurableMethodName} (flushes the file to disk before the rename)",
                DurableRenameKey,
                editor => editor.ReplaceNode(rename.Invocation, replacement),
                fixAllFallbackFor: new[] { WriteDirectlyKey });
        }
    }

    /// <summary>
    /// The location of the write that a DUR001 or DUR009 <paramref name="diagnostic"/> says may collapse with the rename (its
    /// only write, a single whole-file call: <see cref="DiagnosticData.IsCollapsible"/>), or null.
    /// </summary>
    internal static Location? CollapsibleWrite(Diagnostic diagnostic) =>
        DiagnosticData.IsCollapsible(diagnostic) && DiagnosticData.TryGetWriteKind(diagnostic, out var kind) && kind == DiagnosticData.WriteKind.WholeFile
            ? DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur001.UnflushedWrite) // DiagnosticData.Dur009.OnlyWrite is the same index
            : null;

    /// <summary>
    /// The collapse of <paramref name="writeLocation"/> (the write the model says may collapse) and <paramref name="rename"/> into one
    /// <c>DurableFile.WriteAll*(destination, …)</c>, when the syntax allows it exactly; else null. Used by the DUR001, DUR002 and
    /// DUR009 fixers, so that fixing any diagnostic of the same rename first gives the same code.
    /// </summary>
    internal static (string Title, System.Action<DocumentEditor> Apply)? TryCollapse(SyntaxNode root, SemanticModel model, RenameCall rename, Location? writeLocation, CancellationToken cancellationToken)
    {
        if (writeLocation is null)
        {
            return null;
        }

        // Only File.Move(tmp, target, overwrite: true) can become a write of the target: without overwrite the move throws
        // when the target exists, File.Replace throws when it does not, and DurableFile.WriteAll* does neither.
        if (rename.IsFileInfo || !rename.OverwritesByConstant)
        {
            return null;
        }

        var renameStatement = FixSyntax.ListStatementOf(rename.Invocation);
        var source = rename.SourceArgument;
        var destination = rename.DestinationArgument;
        if (renameStatement is null || source is null || destination is null
            || !FixSyntax.IsSideEffectFreeRead(source.Expression, model, cancellationToken)
            || !FixSyntax.IsSideEffectFreeRead(destination.Expression, model, cancellationToken))
        {
            return null;
        }

        var writeSpan = writeLocation.SourceSpan;
        var write = root.FindNode(writeSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == writeSpan);
        if (write is null || model.GetOperation(write, cancellationToken) is not IInvocationOperation writeOperation
            || writeOperation.TargetMethod.ContainingType?.ToDisplayString() != "System.IO.File"
            || !HasDurableCounterpart(writeOperation.TargetMethod, model.Compilation)
            || writeOperation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit))
        {
            return null;
        }

        // The write is a statement of its own (awaited, optionally with ConfigureAwait, when it returns a Task) right before the rename.
        var writeStatement = WriteStatement(write, writeOperation.TargetMethod.ReturnsVoid);
        if (writeStatement is null || FixSyntax.NextStatement(writeStatement) != renameStatement)
        {
            return null;
        }

        // A preprocessor directive among the statements (#if around the write only, …) would end up around the wrong code.
        if (writeStatement.ContainsDirectives || renameStatement.ContainsDirectives)
        {
            return null;
        }

        var path = writeOperation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "path")?.Syntax as ArgumentSyntax;
        if (path is null || !FixSyntax.IsSideEffectFreeRead(path.Expression, model, cancellationToken))
        {
            return null;
        }

        var durableWrite = write
            .ReplaceNode(path.Expression, destination.Expression.WithTriviaFrom(path.Expression))
            .WithExpression(FixSyntax.MemberAccess("DurableFile", writeOperation.TargetMethod.Name).WithTriviaFrom(write.Expression));
        // The temporary's declaration goes too when it is the statement right before the write (then no other fix of a Fix All
        // can touch the statements whose trivia this one moves) and nothing else uses it.
        var temporary = RemovableTemporary(path.Expression, source.Expression, model, cancellationToken);
        if (temporary is not null && (FixSyntax.NextStatement(temporary) != writeStatement || temporary.ContainsDirectives))
        {
            temporary = null;
        }

        return (
            $"Write '{System.Text.RegularExpressions.Regex.Replace(destination.Expression.ToString(), @"\s+", " ")}' with DurableFile.{writeOperation.TargetMethod.Name} instead of a temporary file",
            editor =>
            {
                // The new statement takes the rename's place and keeps the comments of every statement it replaces.
                var leading = FixSyntax.LeadingTriviaAfterRemoval(writeStatement, renameStatement.GetLeadingTrivia());
                if (temporary is not null)
                {
                    leading = FixSyntax.LeadingTriviaAfterRemoval(temporary, leading);
                }

                // Comments inside the dropped code (the rename's other arguments, the temporary path) go on lines above the call.
                var dropped = FixSyntax.InnerComments(renameStatement, destination.Expression.Span)
                    .Concat(FixSyntax.InnerComments(path.Expression))
                    .Concat(temporary is null ? Enumerable.Empty<SyntaxTrivia>() : FixSyntax.InnerComments(temporary));
                leading = FixSyntax.WithCommentLines(leading, dropped, FixSyntax.EndOfLine(renameStatement));
                var replaced = writeStatement.ReplaceNode(write, durableWrite)
                    .WithLeadingTrivia(leading)
                    .WithTrailingTrivia(renameStatement.GetTrailingTrivia());
                editor.ReplaceNode(renameStatement, replaced);
                editor.RemoveNode(FixSyntax.ListElement(writeStatement), SyntaxRemoveOptions.KeepNoTrivia);
                if (temporary is not null)
                {
                    editor.RemoveNode(FixSyntax.ListElement(temporary), SyntaxRemoveOptions.KeepNoTrivia);
                }
            });
    }

    /// <summary>
    /// Whether the data of the reported write has left the program's buffers when the rename runs, so that
    /// <c>DurableFile.Move</c>'s flush of the source file covers it — read from the model: a whole-file write closes the file
    /// itself; a stream write counts when the written stream or writer and every stream under it down to the file is closed
    /// (explicitly, by its <c>using</c>, or by the close of a wrapper not told to leave it open) after the write and before the
    /// rename, by code that runs whenever the rename does (not in a branch, loop, <c>catch</c> or lambda of its own).
    /// Otherwise the rewrite would silence the warning without making the data durable.
    /// </summary>
    private static bool WriteIsClosedBeforeRename(DiagnosticFacts facts, Diagnostic diagnostic)
    {
        if (DiagnosticData.TryGetWriteKind(diagnostic, out var kind) && kind == DiagnosticData.WriteKind.WholeFile)
        {
            return true;
        }

        var rename = facts.Operation;
        var write = facts.At(DiagnosticData.AdditionalLocation(diagnostic, DiagnosticData.Dur001.UnflushedWrite), FileOperationKind.Write);
        if (write?.Target is not { } written)
        {
            return false;
        }

        for (var (entity, guard) = (written, 0); entity is not null && guard < 32; (entity, guard) = (entity.Inner, guard + 1))
        {
            if (facts.Model.FindClose(entity, write.Index) is not { } close || close.Index >= rename.Index
                || !FixSyntax.RunsWheneverReaches(close.Syntax, rename.Syntax))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether DurableFile has the write method with the same parameters (looked up in the referenced runtime, else the known API).</summary>
    private static bool HasDurableCounterpart(IMethodSymbol method, Compilation compilation)
    {
        var signature = Signature(method);
        var durableFile = compilation.GetTypeByMetadataName("DurableIO.DurableFile");
        if (durableFile is null)
        {
            return KnownDurableWrites.Contains(signature);
        }

        return durableFile.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m =>
            m.IsStatic && Signature(m) == signature
            && m.Parameters.Select(p => p.Name).SequenceEqual(method.Parameters.Select(p => p.Name)));
    }

    private static string Signature(IMethodSymbol method) =>
        method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString())) + ")";

    /// <summary>The statement of the write: <c>File.WriteAll*(…);</c>, or <c>await File.WriteAll*Async(…)[.ConfigureAwait(…)];</c>, in a statement list.</summary>
    private static ExpressionStatementSyntax? WriteStatement(InvocationExpressionSyntax write, bool returnsVoid) =>
        FixSyntax.ListStatementOf(write) is { } statement && (returnsVoid || statement.Expression is AwaitExpressionSyntax) ? statement : null;

    /// <summary>
    /// The declaration of the temporary path's local (<c>var tmp = …;</c>), when the fix may remove it: a single declarator whose
    /// initializer has no effect, in a statement list, and no use of the local other than the write's and the rename's path.
    /// </summary>
    private static LocalDeclarationStatementSyntax? RemovableTemporary(ExpressionSyntax writePath, ExpressionSyntax renameSource, SemanticModel model, CancellationToken cancellationToken)
    {
        if (writePath is not IdentifierNameSyntax identifier || model.GetSymbolInfo(identifier, cancellationToken).Symbol is not ILocalSymbol local
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax statement
            || !statement.Modifiers.All(m => m.IsKind(SyntaxKind.ConstKeyword))
            || !FixSyntax.IsInStatementList(statement)
            || !IsDroppable(initializer.Value, model, cancellationToken))
        {
            return null;
        }

        var scope = statement.Parent is GlobalStatementSyntax global ? global.Parent : statement.Parent;
        if (scope is null)
        {
            return null;
        }

        foreach (var reference in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != local.Name || reference == writePath || reference == renameSource)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, local))
            {
                return null;
            }
        }

        return statement;
    }

    /// <summary>A temporary name's initializer the fix may drop: a stable expression, or a fresh temporary name (the file it creates was moved away anyway).</summary>
    private static bool IsDroppable(ExpressionSyntax initializer, SemanticModel model, CancellationToken cancellationToken)
    {
        if (FixSyntax.IsSideEffectFreeRead(initializer, model, cancellationToken))
        {
            return true;
        }

        return initializer is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } invocation
            && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: "GetTempFileName" or "GetRandomFileName" } method
            && method.ContainingType?.ToDisplayString() == "System.IO.Path";
    }
}
