using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Walks one body's IOperation tree in execution order and records its <see cref="FileOperation"/>s.
/// Internal: rules read <see cref="FileModel"/>s from <see cref="DurabilityAnalysis.GetModels"/>.
/// </summary>
internal sealed partial class FileModelBuilder
{
    private const int MaxDepth = 400;

    private readonly DurabilityAnalysis _analysis;
    private readonly KnownSymbols _known;
    private readonly ConfiguredMethods _configured;
    private readonly bool _useSummaries;
    private readonly CancellationToken _cancellationToken;

    private readonly List<FileOperation> _operations = new();
    private readonly List<FileEntity> _entities = new();
    private readonly Dictionary<ISymbol, FileEntity> _entityOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, PathValue> _pathOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, int> _receiverVersion = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, OpenSettings> _optionsOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, FileEntity> _produced = new();
    private readonly HashSet<ISymbol> _captured = new(SymbolEqualityComparer.Default);
    private readonly List<(IOperation Body, ISymbol? Symbol)> _nested = new();
    private static readonly Dictionary<SyntaxNode, CallArgument> NoCallArguments = new();
    private Dictionary<SyntaxNode, CallArgument>? _privateCallArguments; // created at the first call to a private method
    private readonly Stack<List<(IUsingDeclarationOperation Declaration, ILocalSymbol Local)>> _usingScopes = new();

    private ImmutableArray<ILoopOperation> _loops = ImmutableArray<ILoopOperation>.Empty;
    private ImmutableArray<TryRegion> _tryRegions = ImmutableArray<TryRegion>.Empty;
    private int _depth;

    private FileModelBuilder(DurabilityAnalysis analysis, ConfiguredMethods configured, bool useSummaries, CancellationToken cancellationToken)
    {
        _analysis = analysis;
        _known = analysis.Symbols;
        _configured = configured;
        _useSummaries = useSummaries;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Builds the model of <paramref name="body"/> and, when <paramref name="includeNested"/>, of every lambda/local function inside it.</summary>
    public static ImmutableArray<FileModel> Build(
        DurabilityAnalysis analysis, IOperation body, ISymbol? owningSymbol, bool useSummaries, bool includeNested, CancellationToken cancellationToken)
    {
        var configured = analysis.GetConfiguredMethods(body.Syntax.SyntaxTree);
        var result = ImmutableArray.CreateBuilder<FileModel>();
        var queue = new Queue<(IOperation Body, ISymbol? Symbol, bool Nested)>();
        queue.Enqueue((body, owningSymbol, false));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (current, symbol, nested) = queue.Dequeue();
            var builder = new FileModelBuilder(analysis, configured, useSummaries, cancellationToken);
            var model = builder.BuildOne(current, symbol, nested);
            if (builder.HasFileOperations())
            {
                result.Add(model);
            }

            if (includeNested)
            {
                foreach (var (nestedBody, nestedSymbol) in builder._nested)
                {
                    queue.Enqueue((nestedBody, nestedSymbol, true));
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>False when the body only handed strings to unknown code: nothing about files to analyze.</summary>
    private bool HasFileOperations()
    {
        foreach (var op in _operations)
        {
            if (op.Kind != FileOperationKind.Escape || op.Target is not null)
            {
                return true;
            }
        }

        return false;
    }

    private FileModel BuildOne(IOperation body, ISymbol? symbol, bool nested)
    {
        CollectCaptures(body);
        Visit(body);
        return new FileModel(body, symbol, nested, _operations.ToImmutableArray(), _entities.ToImmutableArray(), _privateCallArguments ?? NoCallArguments);
    }

    // ---------------------------------------------------------------- the walk

    private void Visit(IOperation? operation)
    {
        if (operation is null || _depth > MaxDepth)
        {
            return;
        }

        _depth++;
        try
        {
            VisitCore(operation);
        }
        finally
        {
            _depth--;
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
                    Bind(declarator.Symbol, initialValue, declarator);
                }

                return;

            case ISimpleAssignmentOperation assignment:
                Visit(assignment.Value);
                VisitAssignmentTargetChildren(assignment.Target);
                Changed(assignment.Target);
                Assign(assignment.Target, assignment.Value, assignment);
                return;

            case ICoalesceAssignmentOperation coalesceAssignment:
                VisitChildren(coalesceAssignment);
                Changed(coalesceAssignment.Target);
                return;

            case ICompoundAssignmentOperation compound:
                Visit(compound.Value);
                Changed(compound.Target);
                if (compound.Target is ILocalReferenceOperation { Local: { } local } && compound.OperatorKind == BinaryOperatorKind.Add
                    && compound.Type?.SpecialType == SpecialType.System_String)
                {
                    _pathOf[local] = PathValue.Concat(ImmutableArray.Create(EvaluatePath(compound.Target), EvaluatePath(compound.Value)), compound);
                }

                return;

            case IInvocationOperation invocation:
                Visit(invocation.Instance);
                foreach (var argument in invocation.Arguments)
                {
                    Visit(argument.Value);
                }

                ClassifyInvocation(invocation);
                ChangedBy(invocation.Instance, invocation.Arguments);
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
                ClassifyCreation(creation);
                ChangedBy(null, creation.Arguments);
                MarkAutoFlush(creation);
                return;

            case IIsPatternOperation { Pattern: IDeclarationPatternOperation or IRecursivePatternOperation } isPattern:
                VisitChildren(isPattern);
                // p is { } path, Path.GetDirectoryName(p) is { Length: > 0 } d: the pattern's local holds the tested path.
                var declared = isPattern.Pattern switch
                {
                    IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                    IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                    _ => null,
                };
                // A value the model cannot name leaves the local as itself: one name for one value, like a parameter.
                if (declared is ILocalSymbol { Type.SpecialType: SpecialType.System_String } patternLocal
                    && EvaluatePath(isPattern.Value) is { IsUnknown: false } tested)
                {
                    _pathOf[patternLocal] = tested;
                }

                return;

            case IReturnOperation returnOperation:
                Visit(returnOperation.ReturnedValue);
                if (ResolveEntity(returnOperation.ReturnedValue) is { } returned)
                {
                    AddEscape(returned, returnOperation);
                }

                return;

            default:
                VisitChildren(operation);
                return;
        }
    }

    /// <summary>A call may change the variable it is called on and the variables handed to it (a string cannot change).</summary>
    private void ChangedBy(IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
    {
        if (ReceiverOf(instance) is not null)
        {
            Changed(instance);
        }

        foreach (var argument in arguments)
        {
            if (argument.Value.Type?.SpecialType != SpecialType.System_String && ReceiverOf(argument.Value) is not null)
            {
                Changed(argument.Value);
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
            if (_entityOf.TryGetValue(local, out var entity))
            {
                AddClose(entity, declaration, isImplicit: true, isAsync: declaration.IsAsynchronous, method: null);
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
                    if (_entityOf.TryGetValue(declarator.Symbol, out var entity))
                    {
                        closed.Add(entity);
                    }
                }
            }
        }
        else if (ResolveEntity(usingOperation.Resources) is { } resource)
        {
            closed.Add(resource);
        }

        for (var i = closed.Count - 1; i >= 0; i--)
        {
            AddClose(closed[i], usingOperation, isImplicit: true, isAsync: usingOperation.IsAsynchronous, method: null);
        }
    }

    private void VisitLoop(ILoopOperation loop)
    {
        var saved = _loops;
        switch (loop)
        {
            case IForLoopOperation forLoop:
                foreach (var before in forLoop.Before)
                {
                    Visit(before);
                }

                _loops = saved.Add(loop);
                Visit(forLoop.Condition);
                Visit(forLoop.Body);
                foreach (var bottom in forLoop.AtLoopBottom)
                {
                    Visit(bottom);
                }

                break;

            case IForEachLoopOperation forEach:
                Visit(forEach.Collection);
                _loops = saved.Add(loop);
                Visit(forEach.Body);
                break;

            case IWhileLoopOperation whileLoop:
                _loops = saved.Add(loop);
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
                _loops = saved.Add(loop);
                VisitChildren(loop);
                break;
        }

        _loops = saved;
    }

    private void VisitTry(ITryOperation tryOperation)
    {
        var saved = _tryRegions;
        _tryRegions = saved.Add(new TryRegion(tryOperation, TryRegionKind.Try, null));
        Visit(tryOperation.Body);
        foreach (var catchClause in tryOperation.Catches)
        {
            _tryRegions = saved.Add(new TryRegion(tryOperation, TryRegionKind.Catch, catchClause));
            Visit(catchClause.Filter);
            Visit(catchClause.Handler);
        }

        _tryRegions = saved.Add(new TryRegion(tryOperation, TryRegionKind.Finally, null));
        Visit(tryOperation.Finally);
        _tryRegions = saved;
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

    /// <summary>Locals and parameters used inside nested lambdas/local functions: an object they hold is visible to code run out of order.</summary>
    private void CollectCaptures(IOperation body)
    {
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                continue;
            }

            foreach (var inner in descendant.Descendants())
            {
                switch (inner)
                {
                    case ILocalReferenceOperation local:
                        _captured.Add(local.Local);
                        break;
                    case IParameterReferenceOperation parameter:
                        _captured.Add(parameter.Parameter);
                        break;
                }
            }
        }
    }

    // ---------------------------------------------------------------- bindings

    private void Bind(ISymbol symbol, IOperation value, IOperation at)
    {
        var type = value.Type;
        var entity = ResolveEntity(value);
        if (entity is not null)
        {
            _entityOf[symbol] = entity;
            entity.Symbol ??= symbol;
            if (_captured.Contains(symbol))
            {
                AddEscape(entity, at);
            }
        }
        else
        {
            _entityOf.Remove(symbol);
        }

        if (type is null)
        {
            return;
        }

        if (type.SpecialType == SpecialType.System_String || KnownSymbols.DerivesFrom(type, _known.FileSystemInfo))
        {
            var path = KnownSymbols.DerivesFrom(type, _known.FileSystemInfo) ? FileInfoPath(value) : EvaluatePath(value);
            if (path.IsUnknown && symbol is ILocalSymbol local && type.SpecialType == SpecialType.System_String)
            {
                path = PathValue.AssignedTo(local, at); // the local names its value until assigned again, as a parameter does
            }

            _pathOf[symbol] = path;
        }
        else if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } or IPointerTypeSymbol { PointedAtType.SpecialType: SpecialType.System_Byte })
        {
            // var bytes = Encoding.UTF8.GetBytes(dir + "\0"); fixed (byte* p = bytes): what a P/Invoke open of them opens.
            if (BytesPath(value) is { IsUnknown: false } bytesPath)
            {
                _pathOf[symbol] = bytesPath;
            }
            else
            {
                _pathOf.Remove(symbol);
            }
        }
        else if (IsGuid(type))
        {
            // var id = Guid.NewGuid(): a random name wherever id is formatted into a path; any other Guid stays the symbol itself.
            if (RandomGuid(value) is { } random)
            {
                _pathOf[symbol] = random;
            }
            else
            {
                _pathOf.Remove(symbol);
            }
        }
        else if (KnownSymbols.Is(type, _known.FileStreamOptions))
        {
            _optionsOf[symbol] = ReadFileStreamOptions(value);
        }
    }

    private void Assign(IOperation target, IOperation value, IOperation at)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                Bind(local.Local, value, at);
                return;
            case IParameterReferenceOperation parameter:
                Bind(parameter.Parameter, value, at);
                return;
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                Bind(field.Field, value, at);
                return;
            case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 } property
                when !KnownSymbols.Is(property.Property.ContainingType, _known.FileStreamOptions):
                Bind(property.Property, value, at);
                return;
            case IPropertyReferenceOperation { Instance: ILocalReferenceOperation optionsLocal } optionsProperty
                when _optionsOf.TryGetValue(optionsLocal.Local, out var settings):
                _optionsOf[optionsLocal.Local] = settings.With(optionsProperty.Property.Name, Constant(value));
                return;
            case IPropertyReferenceOperation { Property.Name: "AutoFlush", Instance: { } writer }
                when KnownSymbols.DerivesFrom(writer.Type, _known.StreamWriter):
                if (ResolveEntity(writer) is { } autoFlushed && ConstantBool(value) != false)
                {
                    autoFlushed.AutoFlush = true;
                }

                return;
        }

        if (ResolveEntity(value) is { } entity)
        {
            // Stored in another object, an array, a collection: out of sight.
            AddEscape(entity, at);
        }
    }

    /// <summary><c>new StreamWriter(…) { AutoFlush = true }</c>: the writer flushes itself after each write.</summary>
    private void MarkAutoFlush(IObjectCreationOperation creation)
    {
        if (creation.Initializer is null || !_produced.TryGetValue(creation, out var writer) || !KnownSymbols.DerivesFrom(creation.Type, _known.StreamWriter))
        {
            return;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "AutoFlush" } } assignment
                && ConstantBool(assignment.Value) != false)
            {
                writer.AutoFlush = true;
            }
        }
    }

    // ---------------------------------------------------------------- recording

    private FileOperation Add(FileOperationKind kind, IOperation operation)
    {
        var op = new FileOperation(_operations.Count, kind, operation, _loops, _tryRegions);
        _operations.Add(op);
        return op;
    }

    private FileEntity NewEntity(FileEntityKind kind, FileEntityOrigin origin, ITypeSymbol? type, ISymbol? symbol, IOperation? creation)
    {
        var entity = new FileEntity(_entities.Count, kind, origin, type, symbol, creation);
        _entities.Add(entity);
        return entity;
    }

    /// <summary>The paths a call to a private method passes, for the callee's rules (<see cref="DurabilityAnalysis.IsTemporaryInEveryCaller"/>).</summary>
    private void RecordPathArguments(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Value.Type?.SpecialType == SpecialType.System_String)
            {
                (_privateCallArguments ??= new())[argument.Syntax] = new CallArgument(EvaluatePath(argument.Value), _operations.Count - 1);
            }
        }
    }

    private void AddEscape(FileEntity entity, IOperation at)
    {
        var op = Add(FileOperationKind.Escape, at);
        op.Target = entity;
        entity.Escape ??= op;
    }

    private void AddPathEscape(PathValue path, IOperation at, IOperation argument)
    {
        var op = Add(FileOperationKind.Escape, at);
        op.Path = path;
        op.PathArgument = argument;
    }

    private void AddClose(FileEntity entity, IOperation at, bool isImplicit, bool isAsync, IMethodSymbol? method)
    {
        var op = Add(FileOperationKind.Close, at);
        op.Target = entity;
        op.IsImplicit = isImplicit;
        op.IsAsync = isAsync;
        op.Method = method;

        // Closing a wrapper closes what it wraps, unless it was told to leave it open.
        var current = entity;
        for (var guard = 0; current.Inner is not null && !current.LeavesInnerOpen && guard < 32; guard++)
        {
            current = current.Inner;
            var inner = Add(FileOperationKind.Close, at);
            inner.Target = current;
            inner.IsImplicit = true;
            inner.IsAsync = isAsync;
            inner.Method = method;
        }
    }

    private FileOperation AddFlushToDisk(IOperation at, FileEntity? target, PathValue? path, FlushToDiskSource source, IMethodSymbol? method)
    {
        var op = Add(FileOperationKind.FlushToDisk, at);
        op.Target = target;
        op.Path = path;
        op.Source = source;
        op.Method = method;
        return op;
    }

    private FileOperation AddDirectorySync(IOperation at, PathValue? directory, FlushToDiskSource source, IMethodSymbol? method)
    {
        var op = Add(FileOperationKind.DirectorySync, at);
        op.Path = directory;
        op.Source = source;
        op.Method = method;
        return op;
    }

    private static object? Constant(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue.Value;
        }

        return operation is IConversionOperation conversion ? Constant(conversion.Operand) : null;
    }

    private static int? ConstantInt(IOperation? operation)
    {
        var value = Constant(operation);
        if (value is null)
        {
            return null;
        }

        try
        {
            return value switch
            {
                int i => i,
                uint u => unchecked((int)u),
                long l => unchecked((int)l),
                short s => s,
                byte b => b,
                _ => null,
            };
        }
        catch (InvalidCastException)
        {
            return null;
        }
    }

    private static bool? ConstantBool(IOperation? operation) => Constant(operation) is bool b ? b : null;

    private static IOperation? Argument(IInvocationOperation invocation, string parameterName) => Argument(invocation.Arguments, parameterName);

    private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static IOperation? ArgumentAt(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static IOperation Strip(IOperation operation)
    {
        var current = operation;
        for (var guard = 0; guard < 32; guard++)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
                case IArgumentOperation argument:
                    current = argument.Value;
                    continue;
            }

            break;
        }

        return current;
    }

    private static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
