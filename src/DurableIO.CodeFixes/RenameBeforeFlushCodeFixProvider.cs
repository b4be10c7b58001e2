using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    protected override IEnumerable<FixOption> GetFixes(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var rename = RenameCall.Find(root, model, diagnostic.Location.SourceSpan, cancellationToken);
        if (rename is null || rename.IsDurable || !RenameCall.NameIsFree(model, rename.Invocation.SpanStart, "DurableFile"))
        {
            yield break;
        }

        var collapse = TryCollapse(root, model, diagnostic, rename, cancellationToken);
        if (collapse is { } found)
        {
            yield return new FixOption(found.Title, WriteDirectlyKey, found.Apply);
        }

        if (rename.CanUseDurableFile(model, cancellationToken) && WriteIsClosedBeforeRename(root, model, diagnostic, rename, cancellationToken))
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
    /// The collapse of the write and the rename that <paramref name="diagnostic"/> (a DUR001 on <paramref name="rename"/>) allows, or null.
    /// Also used by the DUR002 fixer, so that fixing either diagnostic of the same rename first gives the same code.
    /// </summary>
    internal static (string Title, System.Action<DocumentEditor> Apply)? TryCollapse(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, RenameCall rename, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(RenameAnalyzer.CollapsibleProperty, out var collapsible) || collapsible != "true"
            || !diagnostic.Properties.TryGetValue(RenameAnalyzer.WriteKindProperty, out var kind) || kind != "WholeFile"
            || diagnostic.AdditionalLocations.Count == 0)
        {
            return null;
        }

        // Only File.Move(tmp, target, overwrite: true) can become a write of the target: without overwrite the move throws
        // when the target exists, File.Replace throws when it does not, and DurableFile.WriteAll* does neither.
        if (rename.IsFileInfo || rename.IsReplace || rename.OverwriteConstant(model) != true)
        {
            return null;
        }

        var renameStatement = RenameFixSyntax.StatementOf(rename.Invocation);
        var source = rename.SourceArgument;
        var destination = rename.DestinationArgument;
        if (renameStatement is null || source is null || destination is null
            || !RenameFixSyntax.IsStable(source.Expression, model, cancellationToken)
            || !RenameFixSyntax.IsStable(destination.Expression, model, cancellationToken))
        {
            return null;
        }

        var writeSpan = diagnostic.AdditionalLocations[0].SourceSpan;
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
        if (writeStatement is null || RenameFixSyntax.NextStatement(writeStatement) != renameStatement)
        {
            return null;
        }

        // A preprocessor directive among the statements (#if around the write only, …) would end up around the wrong code.
        if (writeStatement.ContainsDirectives || renameStatement.ContainsDirectives)
        {
            return null;
        }

        var path = writeOperation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "path")?.Syntax as ArgumentSyntax;
        if (path is null || !RenameFixSyntax.IsStable(path.Expression, model, cancellationToken))
        {
            return null;
        }

        var durableWrite = write
            .ReplaceNode(path.Expression, destination.Expression.WithTriviaFrom(path.Expression))
            .WithExpression(RenameFixSyntax.MemberAccess("DurableFile", writeOperation.TargetMethod.Name).WithTriviaFrom(write.Expression));
        // The temporary's declaration goes too when it is the statement right before the write (then no other fix of a Fix All
        // can touch the statements whose trivia this one moves) and nothing else uses it.
        var temporary = RemovableTemporary(path.Expression, source.Expression, model, cancellationToken);
        if (temporary is not null && (RenameFixSyntax.NextStatement(temporary) != writeStatement || temporary.ContainsDirectives))
        {
            temporary = null;
        }

        return (
            $"Write '{System.Text.RegularExpressions.Regex.Replace(destination.Expression.ToString(), @"\s+", " ")}' with DurableFile.{writeOperation.TargetMethod.Name} instead of a temporary file",
            editor =>
            {
                // The new statement takes the rename's place and keeps the comments of every statement it replaces.
                var leading = RenameFixSyntax.LeadingTriviaAfterRemoval(writeStatement, renameStatement.GetLeadingTrivia());
                if (temporary is not null)
                {
                    leading = RenameFixSyntax.LeadingTriviaAfterRemoval(temporary, leading);
                }

                // Comments inside the dropped code (the rename's other arguments, the temporary path) go on lines above the call.
                var dropped = RenameFixSyntax.InnerComments(renameStatement, destination.Expression.Span)
                    .Concat(RenameFixSyntax.InnerComments(path.Expression))
                    .Concat(temporary is null ? Enumerable.Empty<SyntaxTrivia>() : RenameFixSyntax.InnerComments(temporary));
                leading = RenameFixSyntax.WithCommentLines(leading, dropped, RenameFixSyntax.EndOfLine(renameStatement));
                var replaced = writeStatement.ReplaceNode(write, durableWrite)
                    .WithLeadingTrivia(leading)
                    .WithTrailingTrivia(renameStatement.GetTrailingTrivia());
                editor.ReplaceNode(renameStatement, replaced);
                editor.RemoveNode(RenameFixSyntax.ListElement(writeStatement), SyntaxRemoveOptions.KeepNoTrivia);
                if (temporary is not null)
                {
                    editor.RemoveNode(RenameFixSyntax.ListElement(temporary), SyntaxRemoveOptions.KeepNoTrivia);
                }
            });
    }

    /// <summary>
    /// Whether the data of the reported write has left the program's buffers when the rename runs, so that
    /// <c>DurableFile.Move</c>'s flush of the source file covers it. A <c>File.WriteAll*</c>/<c>AppendAll*</c> call closes the
    /// file; a stream write counts when a stream or writer it names is disposed before the rename (its <c>using</c> block or
    /// declaration scope ends, or a <c>finally</c> or a statement disposes or closes it), and that disposal is not told to leave
    /// the underlying stream open. Otherwise the rewrite would silence the warning without making the data durable.
    /// </summary>
    private static bool WriteIsClosedBeforeRename(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, RenameCall rename, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.TryGetValue(RenameAnalyzer.WriteKindProperty, out var kind) && kind == "WholeFile")
        {
            return true;
        }

        if (diagnostic.AdditionalLocations.Count == 0)
        {
            return false;
        }

        var writeSpan = diagnostic.AdditionalLocations[0].SourceSpan;
        var write = root.FindNode(writeSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == writeSpan);
        if (write is null)
        {
            return false;
        }

        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var identifier in write.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local)
            {
                locals.Add(local);
            }
        }

        bool ClosesOneOf(ISymbol? symbol) => symbol is ILocalSymbol local && locals.Contains(local) && !LeavesStreamOpen(local, model, cancellationToken);
        var renameStart = rename.Invocation.SpanStart;

        foreach (var ancestor in write.Ancestors())
        {
            if (ancestor.Span.Contains(renameStart))
            {
                break;
            }

            switch (ancestor)
            {
                case UsingStatementSyntax { Declaration: { } declaration }
                    when declaration.Variables.Any(v => ClosesOneOf(model.GetDeclaredSymbol(v, cancellationToken))):
                    return true;
                case UsingStatementSyntax { Expression: { } expression }
                    when ClosesOneOf(model.GetSymbolInfo(expression, cancellationToken).Symbol):
                    return true;
                case BlockSyntax block when block.Statements.OfType<LocalDeclarationStatementSyntax>().Any(d =>
                        d.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && d.SpanStart < write.SpanStart
                        && d.Declaration.Variables.Any(v => ClosesOneOf(model.GetDeclaredSymbol(v, cancellationToken)))):
                    return true;
                case TryStatementSyntax { Finally: { } @finally } when DisposesOneOf(@finally.Block, model, ClosesOneOf, cancellationToken):
                    return true;
            }
        }

        // A statement between the write and the rename, in a list that contains both, disposes or closes it.
        var common = write.Ancestors().FirstOrDefault(a => a.Span.Contains(renameStart));
        return common is not null && common.DescendantNodes().OfType<ExpressionStatementSyntax>().Any(statement =>
            statement.SpanStart > write.Span.End && statement.Span.End <= renameStart
            && !statement.Ancestors().TakeWhile(a => a != common).Any(a => a is IfStatementSyntax or SwitchStatementSyntax or ConditionalExpressionSyntax or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or CatchClauseSyntax)
            && IsDisposeOf(statement.Expression, model, ClosesOneOf, cancellationToken));
    }

    private static bool DisposesOneOf(BlockSyntax block, SemanticModel model, System.Func<ISymbol?, bool> closes, CancellationToken cancellationToken) =>
        block.Statements.OfType<ExpressionStatementSyntax>().Any(s => IsDisposeOf(s.Expression, model, closes, cancellationToken));

    /// <summary><c>x.Dispose()</c>, <c>x.Close()</c>, <c>x?.Dispose()</c> or <c>await x.DisposeAsync()</c> where <paramref name="closes"/> accepts x.</summary>
    private static bool IsDisposeOf(ExpressionSyntax expression, SemanticModel model, System.Func<ISymbol?, bool> closes, CancellationToken cancellationToken)
    {
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
        }

        ExpressionSyntax? receiver = expression switch
        {
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax access }
                when access.Name.Identifier.ValueText is "Dispose" or "Close" or "DisposeAsync" => access.Expression,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberBindingExpressionSyntax binding } } conditional
                when binding.Name.Identifier.ValueText is "Dispose" or "Close" or "DisposeAsync" => conditional.Expression,
            _ => null,
        };

        return receiver is not null && closes(model.GetSymbolInfo(receiver, cancellationToken).Symbol);
    }

    /// <summary>Whether the local is initialised with a wrapper told to leave its stream open (<c>leaveOpen: true</c>).</summary>
    private static bool LeavesStreamOpen(ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                && model.GetOperation(value, cancellationToken) is IObjectCreationOperation creation
                && creation.Arguments.Any(a => a.Parameter?.Name == "leaveOpen" && !(a.Value.ConstantValue.HasValue && a.Value.ConstantValue.Value is false)))
            {
                return true;
            }
        }

        return false;
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

    /// <summary>The statement of the write: <c>File.WriteAll*(…);</c>, or <c>await File.WriteAll*Async(…)[.ConfigureAwait(…)];</c>.</summary>
    private static ExpressionStatementSyntax? WriteStatement(InvocationExpressionSyntax write, bool returnsVoid)
    {
        if (returnsVoid)
        {
            return RenameFixSyntax.StatementOf(write);
        }

        ExpressionSyntax awaited = write;
        if (write.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
            && configure.Expression == write
            && configure.Parent is InvocationExpressionSyntax configureCall)
        {
            awaited = configureCall;
        }

        return awaited.Parent is AwaitExpressionSyntax await ? RenameFixSyntax.StatementOf(await) : null;
    }

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
            || !RenameFixSyntax.IsInStatementList(statement)
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
        if (RenameFixSyntax.IsStable(initializer, model, cancellationToken))
        {
            return true;
        }

        return initializer is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } invocation
            && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: "GetTempFileName" or "GetRandomFileName" } method
            && method.ContainingType?.ToDisplayString() == "System.IO.Path";
    }
}
