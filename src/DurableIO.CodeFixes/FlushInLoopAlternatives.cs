using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers.Rules;
using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.CodeFixes;

/// <summary>One more way to fix a DUR003 diagnostic, offered by <see cref="FlushInLoopCodeFixProvider"/>.</summary>
internal sealed class LoopFixAlternative
{
    public LoopFixAlternative(string title, string equivalenceKey, Action<DocumentEditor> apply, bool usesDurableIO)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        Apply = apply;
        UsesDurableIO = usesDurableIO;
    }

    public string Title { get; }

    public string EquivalenceKey { get; }

    public Action<DocumentEditor> Apply { get; }

    public bool UsesDurableIO { get; }
}

/// <summary>
/// The DUR003 fixes beyond moving the flush after the loop (issue 13):
/// <list type="bullet">
/// <item>a write to a <c>FileOptions.WriteThrough</c> stream in a loop: open the stream without WriteThrough and flush it to
/// disk once after the loop (same equivalence key as the flush move: both make the loop flush once, at its end);</item>
/// <item>records appended to one log file in the loop with a flush to disk per record: append them through
/// <c>DurableLog</c> instead (each record still durable when <c>Append</c> returns; concurrent appenders share flushes).
/// DurableLog writes its own framed format, so this option is never the first one offered.</item>
/// </list>
/// Both are strict: no fix rather than a wrong one (see <see cref="DurableLog"/> and <see cref="WithoutWriteThrough"/>).
/// </summary>
internal static class FlushInLoopAlternatives
{
    public const string DurableLogKey = "DUR003.DurableLog";

    public const string DurableLogTitle =
        "Append through DurableLog (each record is on disk when Append returns, one flush to disk shared by concurrent appenders; "
        + "changes the file format to DurableLog's framed records, read back with DurableLog.ReadAll; DurableLog.Open cuts off existing content not in that format)";

    public const string WithoutWriteThroughTitle =
        "Open without WriteThrough and flush to disk once after the loop (the durability point moves to the end of the loop)";

    private const int FileModeAppend = 6;
    private const int FileAccessWrite = 2;
    private const int FileOptionsEncrypted = 0x4000;
    private const int FileOptionsDeleteOnClose = 0x04000000;

    /// <summary>
    /// Open without WriteThrough, flush once after the loop. Offered when the written stream is a local <c>FileStream</c>
    /// created in this body with <c>new FileStream(…, FileOptions.WriteThrough)</c> (or <c>A | FileOptions.WriteThrough</c>),
    /// the loop sits in a statement list and cannot be left by <c>return</c>/<c>goto</c>/<c>yield</c>, and every other use of
    /// the local is a write in this loop, <c>Dispose()</c>, or a flush to disk after the loop (so no write elsewhere loses the
    /// durability WriteThrough gave it). The flush is <c>x.FlushToDisk();</c>, or in async code
    /// <c>await x.FlushToDiskAsync(token)</c> with the token and <c>ConfigureAwait</c> of the write.
    /// </summary>
    public static LoopFixAlternative? WithoutWriteThrough(SemanticModel model, StatementSyntax loop, InvocationExpressionSyntax write, CancellationToken cancellationToken)
    {
        if (!FixSyntax.IsInStatementList(loop) || FlushInLoopAnalyzer.LoopBody(loop) is not { } body || CanLeaveWithoutReachingTheEnd(body)
            || Stream(model, write, cancellationToken) is not { } stream
            || stream.Value is not BaseObjectCreationExpressionSyntax creation
            || model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation construction)
        {
            return null;
        }

        var options = construction.Arguments.FirstOrDefault(a => a.Parameter?.Type.ToDisplayString() == "System.IO.FileOptions" && a.ArgumentKind == ArgumentKind.Explicit);
        if (options?.Syntax is not ArgumentSyntax { Expression: var optionsExpression }
            || WithoutWriteThroughFlag(model, optionsExpression, cancellationToken) is not { } replacement)
        {
            return null;
        }

        var flushAfter = false;
        foreach (var use in Uses(model, stream, cancellationToken))
        {
            if (use.Invocation is not { } invocation)
            {
                return null;
            }

            var name = use.Name;
            var inLoop = loop.Span.Contains(invocation.Span);
            if (name == "Dispose" && invocation.ArgumentList.Arguments.Count == 0 && !inLoop)
            {
                continue;
            }

            if (name is "Write" or "WriteAsync" or "WriteByte" && inLoop && FixSyntax.StatementOf(invocation, throughConditionalAccess: false) is not null)
            {
                continue;
            }

            if (IsFlushToDisk(invocation, name) && !inLoop && invocation.SpanStart > loop.Span.End)
            {
                flushAfter |= NextStatement(loop) is { } next && next.Span.Contains(invocation.Span);
                continue;
            }

            return null;
        }

        var position = loop.Span.End;
        if (!model.LookupSymbols(position, name: stream.Local.Name).Any(s => SymbolEqualityComparer.Default.Equals(s, stream.Local)))
        {
            return null;
        }

        var code = FlushFixSyntax.FlushToDiskCode(model, write, stream.Local.Name, loop, position, cancellationToken);

        var statement = FixSyntax.NewStatement(code, loop);
        return new LoopFixAlternative(
            WithoutWriteThroughTitle,
            FlushInLoopCodeFixProvider.MoveAfterLoopKey,
            editor =>
            {
                // Two loops writing the same stream: both fixes make the same replacement of the options.
                editor.ReplaceNode(optionsExpression, (current, _) => current.IsEquivalentTo(optionsExpression) ? replacement : current);
                if (!flushAfter)
                {
                    FixSyntax.InsertAfter(editor, loop, statement);
                }
            },
            usesDurableIO: true);
    }

    /// <summary>
    /// Append through DurableLog. Offered when the stream is a local <c>FileStream</c> declared (alone, as <c>var</c> or
    /// <c>FileStream</c>) in this body before the loop, opened in append mode — <c>new FileStream(path, FileMode.Append[,
    /// FileAccess.Write[, FileShare…[, bufferSize[, useAsync | FileOptions]]]])</c> with constant settings (no
    /// DeleteOnClose/Encrypted) or <c>File.Open(path, FileMode.Append[, FileAccess.Write[, FileShare…]])</c> — and every use
    /// of the local is: its declaration (<c>using var</c>, <c>using (…)</c>, or plain), <c>Dispose()</c> outside the loop,
    /// exactly one write statement in the loop (not in a nested loop or lambda) — <c>Write(x)</c> or <c>Write(x, 0, x.Length)</c>
    /// with <c>x</c> a <c>byte[]</c>, <c>await WriteAsync(x[, token])</c>, <c>await WriteAsync(x, 0, x.Length[, token])</c>, or
    /// <c>await WriteAsync(memory[, token])</c> when the referenced runtime has that overload — and, for a flush diagnostic,
    /// exactly one flush to disk (<c>Flush(true)</c>, <c>FlushToDisk()</c>, <c>await FlushToDiskAsync(…)</c>) directly in the
    /// loop's block, the diagnosed one; for a write-through diagnostic, none.
    /// </summary>
    public static LoopFixAlternative? DurableLog(SemanticModel model, StatementSyntax loop, InvocationExpressionSyntax diagnosed, bool flushDiagnostic, CancellationToken cancellationToken)
    {
        if (FlushInLoopAnalyzer.LoopBody(loop) is not BlockSyntax body
            || Stream(model, diagnosed, cancellationToken) is not { } stream
            || loop.Span.Contains(stream.Declarator.Span) || stream.Declarator.SpanStart > loop.SpanStart
            || AppendModePath(model, stream.Value, cancellationToken) is not { } path
            || !FixSyntax.NameIsFree(model, stream.Declarator.SpanStart, "DurableLog"))
        {
            return null;
        }

        var durableLog = model.Compilation.GetTypeByMetadataName("DurableIO.DurableLog");
        if (stream.AwaitUsing && durableLog?.AllInterfaces.Any(i => i.ToDisplayString() == "System.IAsyncDisposable") != true)
        {
            return null; // IAsyncDisposable only on the net8.0 build of the runtime
        }

        InvocationExpressionSyntax? write = null;
        ArgumentListSyntax? appendArguments = null;
        string? appendName = null;
        ExpressionStatementSyntax? flush = null;
        foreach (var use in Uses(model, stream, cancellationToken))
        {
            if (use.Invocation is not { } invocation)
            {
                return null;
            }

            var inLoop = loop.Span.Contains(invocation.Span);
            var statement = FixSyntax.StatementOf(invocation, throughConditionalAccess: false);
            if (use.Name == "Dispose" && invocation.ArgumentList.Arguments.Count == 0 && !inLoop && statement is not null)
            {
                continue;
            }

            if (!inLoop || statement is null || InNestedLoop(invocation, loop))
            {
                return null;
            }

            if (IsFlushToDisk(invocation, use.Name))
            {
                if (flush is not null || !ReferenceEquals(statement.Parent, body) || (use.Name == "FlushToDiskAsync" && !IsAwaited(invocation)))
                {
                    return null;
                }

                flush = statement;
                continue;
            }

            if (write is not null || use.Name is not ("Write" or "WriteAsync")
                || (use.Name == "WriteAsync" ? !IsAwaited(invocation) : !ReferenceEquals(statement.Expression, invocation))
                || AppendArguments(model, invocation, durableLog, cancellationToken) is not { } arguments)
            {
                return null;
            }

            write = invocation;
            appendArguments = arguments;
            appendName = use.Name == "Write" ? "Append" : "AppendAsync";
        }

        if (write is null || appendArguments is null || appendName is null
            || (flushDiagnostic ? flush is null || !flush.Span.Contains(diagnosed.Span) : flush is not null || write != diagnosed))
        {
            return null;
        }

        var declarationType = stream.Declaration.Type;
        var typeToReplace = declarationType.IsVar ? null : declarationType;
        var open = SyntaxFactory.ParseExpression("DurableLog.Open(" + path.WithoutTrivia().ToFullString() + ")").WithTriviaFrom(stream.Value);
        var appended = FlushFixSyntax.Rename(write, appendName).WithArgumentList(appendArguments);
        var flushStatement = flush;
        return new LoopFixAlternative(
            DurableLogTitle,
            DurableLogKey,
            editor =>
            {
                if (typeToReplace is not null)
                {
                    editor.ReplaceNode(typeToReplace, SyntaxFactory.IdentifierName("DurableLog").WithTriviaFrom(typeToReplace));
                }

                editor.ReplaceNode(stream.Value, open);
                editor.ReplaceNode(write, appended);
                if (flushStatement is not null)
                {
                    editor.RemoveNode(flushStatement);
                }
            },
            usesDurableIO: true);
    }

    private sealed class StreamLocal
    {
        public StreamLocal(ILocalSymbol local, VariableDeclaratorSyntax declarator, VariableDeclarationSyntax declaration, ExpressionSyntax value, SyntaxNode scope, bool awaitUsing)
        {
            Local = local;
            Declarator = declarator;
            Declaration = declaration;
            Value = value;
            Scope = scope;
            AwaitUsing = awaitUsing;
        }

        public ILocalSymbol Local { get; }

        public VariableDeclaratorSyntax Declarator { get; }

        public VariableDeclarationSyntax Declaration { get; }

        public ExpressionSyntax Value { get; }

        public SyntaxNode Scope { get; }

        public bool AwaitUsing { get; }
    }

    private readonly struct Use
    {
        public Use(InvocationExpressionSyntax? invocation, string name)
        {
            Invocation = invocation;
            Name = name;
        }

        /// <summary><c>x.Name(…)</c>, or null for any other use of the local.</summary>
        public InvocationExpressionSyntax? Invocation { get; }

        public string Name { get; }
    }

    /// <summary>The local <c>FileStream</c> the invocation is called on (<c>x.M(…)</c>), declared alone with an initializer in a statement list or a <c>using</c> statement.</summary>
    private static StreamLocal? Stream(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }
            || model.GetSymbolInfo(receiver, cancellationToken).Symbol is not ILocalSymbol local
            || !FlushFixSyntax.IsFileStream(local.Type)
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || !(declaration.Type.IsVar || FlushFixSyntax.IsFileStream(model.GetTypeInfo(declaration.Type, cancellationToken).Type)))
        {
            return null;
        }

        switch (declaration.Parent)
        {
            case LocalDeclarationStatementSyntax statement when FixSyntax.IsInStatementList(statement):
                // A local of a switch section is in scope in every section of the switch.
                var scope = statement.Parent switch
                {
                    GlobalStatementSyntax global => global.Parent!,
                    SwitchSectionSyntax section => section.Parent!,
                    _ => statement.Parent!,
                };
                return new StreamLocal(local, declarator, declaration, value, scope, statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword));
            case UsingStatementSyntax usingStatement:
                return new StreamLocal(local, declarator, declaration, value, usingStatement, usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword));
            default:
                return null;
        }
    }

    /// <summary>Every reference to the local other than its declaration: <c>x.Name(…)</c> outside lambdas and local functions, or an other use.</summary>
    private static IEnumerable<Use> Uses(SemanticModel model, StreamLocal stream, CancellationToken cancellationToken)
    {
        foreach (var identifier in stream.Scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != stream.Local.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, stream.Local))
            {
                continue;
            }

            if (identifier.Parent is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name, Parent: InvocationExpressionSyntax invocation } access
                && access.Expression == identifier && invocation.Expression == access
                && !identifier.Ancestors().TakeWhile(a => a != stream.Scope).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                yield return new Use(invocation, name.Identifier.ValueText);
            }
            else
            {
                yield return new Use(null, identifier.Identifier.ValueText);
            }
        }
    }

    private static bool IsFlushToDisk(InvocationExpressionSyntax invocation, string name) => name switch
    {
        "Flush" => invocation.ArgumentList.Arguments is { Count: 1 } arguments && arguments[0].Expression.IsKind(SyntaxKind.TrueLiteralExpression),
        "FlushToDisk" => invocation.ArgumentList.Arguments.Count == 0,
        "FlushToDiskAsync" => true,
        _ => false,
    };

    /// <summary><c>await x.M(…)</c> or <c>await x.M(…).ConfigureAwait(…)</c>.</summary>
    private static bool IsAwaited(InvocationExpressionSyntax invocation) =>
        invocation.Parent is AwaitExpressionSyntax
        || (invocation.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax { Parent: AwaitExpressionSyntax } } access
            && access.Expression == invocation);

    private static bool InNestedLoop(SyntaxNode node, StatementSyntax loop) =>
        node.Ancestors().TakeWhile(a => a != loop).Any(a => a is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax
            or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary>The path of <c>new FileStream(path, FileMode.Append, …)</c> or <c>File.Open(path, FileMode.Append, …)</c> with the settings DurableLog.Open keeps; else null.</summary>
    private static ExpressionSyntax? AppendModePath(SemanticModel model, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        IEnumerable<IArgumentOperation> arguments;
        switch (model.GetOperation(value, cancellationToken))
        {
            case IObjectCreationOperation { Constructor: { } constructor } creation when FlushFixSyntax.IsFileStream(constructor.ContainingType):
                arguments = creation.Arguments;
                break;
            case IInvocationOperation { TargetMethod: { Name: "Open", ContainingType: { } type } } invocation when type.ToDisplayString() == "System.IO.File":
                arguments = invocation.Arguments;
                break;
            default:
                return null;
        }

        ExpressionSyntax? path = null;
        var append = false;
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter || argument.Syntax is not ArgumentSyntax syntax)
            {
                return null;
            }

            var constant = argument.Value.ConstantValue;
            switch (parameter.Type.ToDisplayString())
            {
                case "string" when parameter.Name == "path":
                    path = syntax.Expression;
                    break;
                case "System.IO.FileMode" when constant is { HasValue: true, Value: FileModeAppend }:
                    append = true;
                    break;
                case "System.IO.FileAccess" when constant is { HasValue: true, Value: FileAccessWrite }:
                case "System.IO.FileShare" when constant.HasValue:
                case "int" when parameter.Name == "bufferSize" && constant.HasValue:
                case "bool" when (parameter.Name is "useAsync" or "isAsync") && constant.HasValue:
                    break;
                case "System.IO.FileOptions" when constant is { HasValue: true, Value: int options } && (options & (FileOptionsEncrypted | FileOptionsDeleteOnClose)) == 0:
                    break;
                default:
                    return null;
            }
        }

        return append ? path : null;
    }

    /// <summary>The arguments of the Append/AppendAsync call that replaces the write, or null when the write is not one record.</summary>
    private static ArgumentListSyntax? AppendArguments(SemanticModel model, InvocationExpressionSyntax write, INamedTypeSymbol? durableLog, CancellationToken cancellationToken)
    {
        var list = write.ArgumentList;
        var arguments = list.Arguments;
        if (arguments.Count == 0 || arguments.Take(arguments.Count - 1).Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
            || arguments.Last().NameColon is { Name.Identifier.ValueText: not "cancellationToken" })
        {
            return null;
        }

        var isAsync = FlushFixSyntax.MethodName(write)?.Identifier.ValueText == "WriteAsync";
        var hasToken = isAsync && model.GetTypeInfo(arguments.Last().Expression, cancellationToken).Type?.ToDisplayString() == "System.Threading.CancellationToken";
        var data = arguments.Count - (hasToken ? 1 : 0);
        var recordType = model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type;
        if (recordType is null)
        {
            return null;
        }

        var isArray = recordType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 };
        if (data == 3)
        {
            // Write(x, 0, x.Length): the whole array.
            if (!isArray || arguments[0].Expression is not IdentifierNameSyntax array
                || arguments[1].Expression is not LiteralExpressionSyntax { Token.ValueText: "0" }
                || arguments[2].Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax lengthOf }
                || lengthOf.Identifier.ValueText != array.Identifier.ValueText
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(lengthOf, cancellationToken).Symbol, model.GetSymbolInfo(array, cancellationToken).Symbol))
            {
                return null;
            }

            var kept = hasToken ? new[] { arguments[0], arguments[3] } : new[] { arguments[0] };
            return list.WithArguments(SyntaxFactory.SeparatedList(kept, hasToken ? new[] { arguments.GetSeparator(0) } : Array.Empty<SyntaxToken>()));
        }

        if (data != 1)
        {
            return null;
        }

        if (isArray)
        {
            return list;
        }

        // WriteAsync(ReadOnlyMemory<byte>[, token]) → AppendAsync(ReadOnlyMemory<byte>[, token]), where the referenced runtime has it.
        return isAsync && recordType.ToDisplayString() == "System.ReadOnlyMemory<byte>"
            && durableLog?.GetMembers("AppendAsync").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 2 && m.Parameters[0].Type.ToDisplayString() == "System.ReadOnlyMemory<byte>") == true
            ? list
            : null;
    }

    /// <summary>The options expression without the WriteThrough flag: <c>FileOptions.WriteThrough</c> → <c>FileOptions.None</c>, <c>A | FileOptions.WriteThrough</c> → <c>A</c>.</summary>
    private static ExpressionSyntax? WithoutWriteThroughFlag(SemanticModel model, ExpressionSyntax options, CancellationToken cancellationToken)
    {
        var flags = new List<ExpressionSyntax>();
        if (!Flags(options, flags))
        {
            return null;
        }

        var writeThrough = flags.Where(f => model.GetSymbolInfo(f, cancellationToken).Symbol is IFieldSymbol { Name: "WriteThrough" } field
            && field.ContainingType.ToDisplayString() == "System.IO.FileOptions").ToList();
        if (writeThrough.Count != 1)
        {
            return null;
        }

        var flag = writeThrough[0];
        if (flag == options)
        {
            return flag is MemberAccessExpressionSyntax access
                ? access.WithName(SyntaxFactory.IdentifierName("None").WithTriviaFrom(access.Name))
                : null;
        }

        var parent = (BinaryExpressionSyntax)flag.Parent!;
        var other = parent.Left == flag ? parent.Right : parent.Left;
        return options.ReplaceNode(parent, other.WithTriviaFrom(parent));

        static bool Flags(ExpressionSyntax expression, List<ExpressionSyntax> into)
        {
            switch (expression)
            {
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.BitwiseOrExpression):
                    return Flags(binary.Left, into) && Flags(binary.Right, into);
                case MemberAccessExpressionSyntax or IdentifierNameSyntax:
                    into.Add(expression);
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>A <c>return</c>, <c>goto</c> or <c>yield</c> in the loop (outside lambdas and local functions).</summary>
    private static bool CanLeaveWithoutReachingTheEnd(StatementSyntax body) =>
        body.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax);

    private static StatementSyntax? NextStatement(StatementSyntax statement)
    {
        var siblings = FixSyntax.Siblings(statement);
        for (var i = 0; i + 1 < siblings.Count; i++)
        {
            if (siblings[i] == statement)
            {
                return siblings[i + 1];
            }
        }

        return null;
    }
}
