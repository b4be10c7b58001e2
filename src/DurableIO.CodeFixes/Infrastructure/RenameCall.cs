using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DurableIO.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.CodeFixes.Infrastructure;

/// <summary>
/// A rename the DUR001/DUR002/DUR009 fixes rewrite: the model's <c>Rename</c> operation the diagnostic is on (what is renamed
/// to where, whether it overwrites or replaces, whether it is already durable — the analyzer's facts), with the syntax the
/// rewrite needs: the invocation of <c>File.Move</c>, <c>File.Replace</c>, <c>FileInfo.MoveTo</c>, <c>FileInfo.Replace</c> and the
/// rewrite to <c>DurableFile.Move</c>/<c>DurableFile.Replace</c>; also <c>DurableFile.Move</c>/<c>Replace</c> themselves
/// (<see cref="IsDurable"/>), which DUR009 still reports when the temporary file is in another directory (and which another
/// fix may have written first).
/// </summary>
internal sealed class RenameCall
{
    private RenameCall(InvocationExpressionSyntax invocation, IInvocationOperation operation, FileOperation rename, bool isFileInfo)
    {
        Invocation = invocation;
        Operation = operation;
        Rename = rename;
        IsFileInfo = isFileInfo;
    }

    public InvocationExpressionSyntax Invocation { get; }

    public IInvocationOperation Operation { get; }

    /// <summary>The model's rename operation.</summary>
    public FileOperation Rename { get; }

    /// <summary><c>FileInfo.MoveTo</c>/<c>FileInfo.Replace</c> (the source is the receiver).</summary>
    public bool IsFileInfo { get; }

    /// <summary><c>Replace</c> rather than <c>Move</c> (the model's <see cref="FileOperation.IsReplace"/>).</summary>
    public bool IsReplace => Rename.IsReplace;

    /// <summary><c>DurableFile.Move</c>/<c>DurableFile.Replace</c>: already durable, nothing to rewrite to (the model's <see cref="FileOperation.IsDurable"/>).</summary>
    public bool IsDurable => Rename.IsDurable;

    /// <summary>A move with a constant <c>overwrite: true</c> (the model's <see cref="FileOperation.Overwrites"/>; a replace always overwrites).</summary>
    public bool OverwritesByConstant => !IsReplace && Rename.Overwrites == true;

    /// <summary>The name of the DurableFile method that replaces this call.</summary>
    public string DurableMethodName => IsReplace ? "Replace" : "Move";

    /// <summary>The argument written for the destination (the model's <see cref="FileOperation.DestinationArgument"/>).</summary>
    public ArgumentSyntax? DestinationArgument => DiagnosticFacts.ArgumentOf(Rename.DestinationArgument);

    /// <summary>The argument written for the source (the model's <see cref="FileOperation.PathArgument"/>; null for FileInfo, whose source is the receiver).</summary>
    public ArgumentSyntax? SourceArgument => IsFileInfo ? null : DiagnosticFacts.ArgumentOf(Rename.PathArgument);

    /// <summary>
    /// The rename the diagnostic of <paramref name="facts"/> is on, when it is one of the six recognised methods with every
    /// argument written out (not a helper's rename, not defaulted or <c>params</c> arguments); else null.
    /// </summary>
    public static RenameCall? Find(SemanticModel model, DiagnosticFacts? facts, CancellationToken cancellationToken)
    {
        if (facts?.Operation is not { Kind: FileOperationKind.Rename, IsInHelper: false } rename
            || rename.Syntax is not InvocationExpressionSyntax invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        var method = operation.TargetMethod;
        var type = method.ContainingType?.ToDisplayString();
        if (operation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit || a.Syntax is not ArgumentSyntax { RefKindKeyword.RawKind: 0 }))
        {
            return null; // defaulted or params arguments: the shapes below are all explicit
        }

        if (type is "System.IO.File" or "DurableIO.DurableFile" && method.IsStatic && (method.Name == "Move" || method.Name == "Replace"))
        {
            return new RenameCall(invocation, operation, rename, isFileInfo: false);
        }

        if (type == "System.IO.FileInfo" && !method.IsStatic && (method.Name == "MoveTo" || method.Name == "Replace")
            && invocation.Expression is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression })
        {
            return new RenameCall(invocation, operation, rename, isFileInfo: true);
        }

        return null;
    }

    /// <summary>
    /// Whether replacing the call by <c>DurableFile.Move</c>/<c>Replace</c> leaves the program's observable state as it was
    /// (apart from durability). <c>FileInfo.MoveTo</c> also updates the FileInfo's path: exact only when that FileInfo is
    /// never seen again (a <c>new FileInfo(…)</c> receiver, or a local initialised so and not used after the move).
    /// <c>FileInfo.Replace</c> returns a new FileInfo: exact when that result is discarded.
    /// </summary>
    public bool CanUseDurableFile(SemanticModel model, CancellationToken cancellationToken)
    {
        if (!IsFileInfo)
        {
            return true;
        }

        if (Invocation.Parent is not ExpressionStatementSyntax)
        {
            return false; // FileInfo.Replace's result is used (MoveTo is void: always a statement)
        }

        if (IsReplace)
        {
            return true;
        }

        var receiver = ((MemberAccessExpressionSyntax)Invocation.Expression).Expression;
        return receiver is BaseObjectCreationExpressionSyntax
            || (receiver is IdentifierNameSyntax identifier && FileInfoLocalIsNotSeenAfter(identifier, model, cancellationToken));
    }

    private bool FileInfoLocalIsNotSeenAfter(IdentifierNameSyntax receiver, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(receiver, cancellationToken).Symbol is not ILocalSymbol local || local.IsRef)
        {
            return false;
        }

        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration)
        {
            return false; // a FileInfo from elsewhere may be seen by other code
        }

        SyntaxNode? body = declaration.Parent switch
        {
            GlobalStatementSyntax global => global.Parent, // top-level statements: the compilation unit
            SwitchSectionSyntax section => section.Parent, // a switch section's locals are in scope in the whole switch
            var parent => parent,
        };
        if (body is null)
        {
            return false;
        }

        // The move must run once per declaration: no loop or label between the declaration and the move.
        for (var node = Invocation.Parent; node is not null && node != body; node = node.Parent)
        {
            if (node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax
                or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }
        }

        if (body.DescendantNodes().OfType<LabeledStatementSyntax>().Any())
        {
            return false;
        }

        foreach (var reference in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference == receiver || reference.Identifier.ValueText != local.Name)
            {
                continue;
            }

            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, local))
            {
                continue;
            }

            // Every other use reads a member before the move, outside any lambda or local function.
            if (reference.SpanStart >= Invocation.SpanStart
                || reference.Parent is not MemberAccessExpressionSyntax access || access.Expression != reference
                || reference.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>DurableFile.Move(…)</c>/<c>DurableFile.Replace(…)</c> with the same arguments, names and trivia; for FileInfo the
    /// receiver's <c>FullName</c> becomes the first argument.
    /// </summary>
    public InvocationExpressionSyntax ToDurableFile()
    {
        var callee = FixSyntax.MemberAccess("DurableFile", DurableMethodName).WithTriviaFrom(Invocation.Expression);
        var arguments = Invocation.ArgumentList;
        if (IsFileInfo)
        {
            var receiver = ((MemberAccessExpressionSyntax)Invocation.Expression).Expression;
            // Tokens with explicit (not elastic) trivia: the code action's cleanup would reformat around elastic trivia.
            var fullName = SyntaxFactory.Argument(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    receiver.WithoutTrivia(),
                    SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.DotToken, SyntaxTriviaList.Empty),
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(SyntaxTriviaList.Empty, "FullName", SyntaxTriviaList.Empty))));
            callee = callee.WithLeadingTrivia(receiver.GetLeadingTrivia());
            var separator = SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            var list = new List<SyntaxNodeOrToken> { fullName };
            foreach (var item in arguments.Arguments.GetWithSeparators())
            {
                if (list.Count == 1)
                {
                    list.Add(separator);
                }

                list.Add(item);
            }

            arguments = arguments.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(list));
        }

        return Invocation.WithExpression(callee).WithArgumentList(arguments);
    }
}
