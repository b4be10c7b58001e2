using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// Walks one body's IOperation tree in execution order: arguments before the call, the value before the assignment, a
/// <c>using</c> body before its close, try, catches, finally. It keeps the recorder's loops and try regions current,
/// updates the bindings, hands each call and creation to the recognisers, and collects the nested bodies.
/// </summary>
internal sealed class OperationWalker
{
    private readonly ModelRecorder _recorder;
    private readonly SymbolBindings _bindings;
    private readonly AssignmentBinder _assignments;
    private readonly PathEvaluator _paths;
    private readonly ImmutableArray<ICallRecognizer> _calls;
    private readonly StreamCreationRecognizer _creations;
    private readonly RecursionDepth _depth;
    private readonly CancellationToken _cancellationToken;
    private readonly Stack<List<(IUsingDeclarationOperation Declaration, ILocalSymbol Local)>> _usingScopes = new();
    private readonly List<(IOperation Body, ISymbol? Symbol)> _nested = new();

    public OperationWalker(
        BodyParts parts, AssignmentBinder assignments, ImmutableArray<ICallRecognizer> calls, StreamCreationRecognizer creations, RecursionDepth depth, CancellationToken cancellationToken)
    {
        _recorder = parts.Recorder;
        _bindings = parts.Bindings;
        _paths = parts.Paths;
        _assignments = assignments;
        _calls = calls;
        _creations = creations;
        _depth = depth;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The lambdas and local functions met in the walk, each with its symbol; they are not walked here.</summary>
    public IReadOnlyList<(IOperation Body, ISymbol? Symbol)> NestedBodies => _nested;

    public void Walk(IOperation body)
    {
        _bindings.CollectCaptures(body);
        Visit(body);
    }

    private void Visit(IOperation? operation)
    {
        if (operation is null || !_depth.TryEnter())
        {
            return;
        }

        try
        {
            VisitCore(operation);
        }
        finally
        {
            _depth.Leave();
        }
    }

    private void VisitChildren(IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
        {
            Visit(child);
        }
    }

    private void VisitCore(IOperation operation)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation lambda:
                _nested.Add((lambda.Body, lambda.Symbol));
                return;

            case ILocalFunctionOperation localFunction:
                if (localFunction.Body is not null)
                {
                    _nested.Add((localFunction.Body, localFunction.Symbol));
                }

                return;

            case IBlockOperation block:
                VisitBlock(block);
                return;

            case IUsingOperation usingOperation:
                VisitUsing(usingOperation);
                return;

            case IUsingDeclarationOperation usingDeclaration:
                Visit(usingDeclaration.DeclarationGroup);
                if (_usingScopes.Count > 0)
                {
                    foreach (var declaration in usingDeclaration.DeclarationGroup.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            _usingScopes.Peek().Add((usingDeclaration, declarator.Symbol));
                        }
                    }
                }

                return;

            case ILoopOperation loop:
                VisitLoop(loop);
                return;

            case ITryOperation tryOperation:
                VisitTry(tryOperation);
                return;

            case IVariableDeclaratorOperation declarator:
                Visit(declarator.Initializer?.Value);
                if (declarator.Initializer?.Value is { } initialValue)
                {
                    _assignments.Bind(declarator.Symbol, initialValue, declarator);
                }

                return;

            case ISimpleAssignmentOperation assignment:
                Visit(assignment.Value);
                VisitAssignmentTargetChildren(assignment.Target);
                _bindings.Changed(assignment.Target);
                _assignments.Assign(assignment.Target, assignment.Value, assignment);
                return;

            case ICoalesceAssignmentOperation coalesceAssignment:
                VisitChildren(coalesceAssignment);
                _bindings.Changed(coalesceAssignment.Target);
                return;

            case ICompoundAssignmentOperation compound:
                Visit(compound.Value);
                _bindings.Changed(compound.Target);
                _assignments.AssignCompound(compound);
                return;

            case IInvocationOperation invocation:
                Visit(invocation.Instance);
                foreach (var argument in invocation.Arguments)
                {
                    Visit(argument.Value);
                }

                foreach (var recognizer in _calls)
                {
                    if (recognizer.TryRecord(invocation))
                    {
                        break;
                    }
                }

                _bindings.ChangedBy(invocation.Instance, invocation.Arguments);
                if (invocation.TargetMethod.DeclaredAccessibility == Accessibility.Private)
                {
                    RecordPathArguments(invocation); // after the call's own operations (the escape of its arguments)
                }

                return;

            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    Visit(argument.Value);
                }

                Visit(creation.Initializer);
                _creations.Record(creation);
                _bindings.ChangedBy(null, creation.Arguments);
                return;

            case IIsPatternOperation { Pattern: IDeclarationPatternOperation or IRecursivePatternOperation } isPattern:
                VisitChildren(isPattern);
                _assignments.BindPattern(isPattern);
                return;

            case IReturnOperation returnOperation:
                Visit(returnOperation.ReturnedValue);
                var returned = _bindings.ResolveEntity(returnOperation.ReturnedValue);
                if (returned is not null)
                {
                    _recorder.AddEscape(returned, returnOperation);
                }

                if (_recorder.Returns is not null && returnOperation.Kind == OperationKind.Return)
                {
                    // A helper's summary: what the caller gets, the path read against the bindings at this return; a stream
                    // a member also holds is shared with the type, not the caller's alone.
                    var value = returnOperation.ReturnedValue;
                    _recorder.AddReturn(
                        value?.Type?.SpecialType == SpecialType.System_String ? _paths.EvaluatePath(value) : null,
                        returned is not null && !_bindings.IsHeldByAMember(returned) ? returned : null);
                }

                return;

            default:
                VisitChildren(operation);
                return;
        }
    }

    /// <summary>The paths a call to a private method passes, for the callee's rules (<c>IsTemporaryInEveryCaller</c>: <see cref="FileModel.TryGetPrivateCallArgument"/>).</summary>
    private void RecordPathArguments(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                _recorder.AddCallArgument(argument.Syntax, _paths.EvaluatePath(argument.Value));
            }
        }
    }

    private void VisitBlock(IBlockOperation block)
    {
        _usingScopes.Push(new List<(IUsingDeclarationOperation, ILocalSymbol)>());
        foreach (var statement in block.Operations)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            Visit(statement);
        }

        var scope = _usingScopes.Pop();
        for (var i = scope.Count - 1; i >= 0; i--)
        {
            var (declaration, local) = scope[i];
            if (_bindings.TryGetEntity(local, out var entity))
            {
                _recorder.AddClose(entity, declaration, isImplicit: true, isAsync: declaration.IsAsynchronous, method: null);
            }
        }
    }

    private void VisitUsing(IUsingOperation usingOperation)
    {
        Visit(usingOperation.Resources);
        Visit(usingOperation.Body);

        var closed = new List<FileEntity>();
        if (usingOperation.Resources is IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    if (_bindings.TryGetEntity(declarator.Symbol, out var entity))
                    {
                        closed.Add(entity);
                    }
                }
            }
        }
        else if (_bindings.ResolveEntity(usingOperation.Resources) is { } resource)
        {
            closed.Add(resource);
        }

        for (var i = closed.Count - 1; i >= 0; i--)
        {
            _recorder.AddClose(closed[i], usingOperation, isImplicit: true, isAsync: usingOperation.IsAsynchronous, method: null);
        }
    }

    private void VisitLoop(ILoopOperation loop)
    {
        var saved = _recorder.Loops;
        switch (loop)
        {
            case IForLoopOperation forLoop:
                foreach (var before in forLoop.Before)
                {
                    Visit(before);
                }

                _recorder.Loops = saved.Add(loop);
                Visit(forLoop.Condition);
                Visit(forLoop.Body);
                foreach (var bottom in forLoop.AtLoopBottom)
                {
                    Visit(bottom);
                }

                break;

            case IForEachLoopOperation forEach:
                Visit(forEach.Collection);
                _recorder.Loops = saved.Add(loop);
                Visit(forEach.Body);
                break;

            case IWhileLoopOperation whileLoop:
                _recorder.Loops = saved.Add(loop);
                if (whileLoop.ConditionIsTop)
                {
                    Visit(whileLoop.Condition);
                    Visit(whileLoop.Body);
                }
                else
                {
                    Visit(whileLoop.Body);
                    Visit(whileLoop.Condition);
                }

                break;

            default:
                _recorder.Loops = saved.Add(loop);
                VisitChildren(loop);
                break;
        }

        _recorder.Loops = saved;
    }

    private void VisitTry(ITryOperation tryOperation)
    {
        var saved = _recorder.TryRegions;
        _recorder.TryRegions = saved.Add(new TryRegion(tryOperation, TryRegionKind.Try, null));
        Visit(tryOperation.Body);
        foreach (var catchClause in tryOperation.Catches)
        {
            _recorder.TryRegions = saved.Add(new TryRegion(tryOperation, TryRegionKind.Catch, catchClause));
            Visit(catchClause.Filter);
            Visit(catchClause.Handler);
        }

        _recorder.TryRegions = saved.Add(new TryRegion(tryOperation, TryRegionKind.Finally, null));
        Visit(tryOperation.Finally);
        _recorder.TryRegions = saved;
    }

    private void VisitAssignmentTargetChildren(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
                return;
            case IFieldReferenceOperation field:
                Visit(field.Instance);
                return;
            case IPropertyReferenceOperation property:
                Visit(property.Instance);
                foreach (var argument in property.Arguments)
                {
                    Visit(argument.Value);
                }

                return;
            default:
                VisitChildren(target);
                return;
        }
    }
}
