using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static DurableIO.Analyzers.Model.Building.OperationFacts;

namespace DurableIO.Analyzers.Model.Building;

/// <summary>
/// Updates the <see cref="SymbolBindings"/> where the body stores a value: declarators, assignments, <c>path += …</c>,
/// pattern declarations. A stream stored anywhere the bindings do not follow escapes.
/// </summary>
internal sealed class AssignmentBinder
{
    private readonly KnownSymbols _known;
    private readonly ModelRecorder _recorder;
    private readonly SymbolBindings _bindings;
    private readonly PathEvaluator _paths;

    public AssignmentBinder(BodyParts parts)
    {
        (_known, _recorder, _bindings, _paths) = (parts.Known, parts.Recorder, parts.Bindings, parts.Paths);
    }

    public void Bind(ISymbol symbol, IOperation value, IOperation at)
    {
        _bindings.BindEntity(symbol, value, at);
        var type = value.Type;
        if (type is null)
        {
            return;
        }

        if (type.SpecialType == SpecialType.System_String || KnownSymbols.DerivesFrom(type, _known.FileSystemInfo))
        {
            var path = KnownSymbols.DerivesFrom(type, _known.FileSystemInfo) ? _paths.FileInfoPath(value) : _paths.EvaluatePath(value);
            if (path.IsUnknown && symbol is ILocalSymbol local && type.SpecialType == SpecialType.System_String)
            {
                path = PathValue.AssignedTo(local, at); // the local names its value until assigned again, as a parameter does
            }

            _bindings.SetPath(symbol, path);
        }
        else if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } or IPointerTypeSymbol { PointedAtType.SpecialType: SpecialType.System_Byte })
        {
            // var bytes = Encoding.UTF8.GetBytes(dir + "\0"); fixed (byte* p = bytes): what a P/Invoke open of them opens.
            SetOrForgetPath(symbol, _paths.BytesPath(value) is { IsUnknown: false } bytesPath ? bytesPath : null);
        }
        else if (IsGuid(type))
        {
            // var id = Guid.NewGuid(): a random name wherever id is formatted into a path; any other Guid stays the symbol itself.
            SetOrForgetPath(symbol, _paths.RandomGuid(value));
        }
        else if (KnownSymbols.Is(type, _known.FileStreamOptions))
        {
            _bindings.SetOptions(symbol, _paths.ReadFileStreamOptions(value));
        }
    }

    private void SetOrForgetPath(ISymbol symbol, PathValue? path)
    {
        if (path is not null)
        {
            _bindings.SetPath(symbol, path);
        }
        else
        {
            _bindings.ForgetPath(symbol);
        }
    }

    public void Assign(IOperation target, IOperation value, IOperation at)
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
                when _bindings.TryGetOptions(optionsLocal.Local, out var settings):
                _bindings.SetOptions(optionsLocal.Local, settings.With(optionsProperty.Property.Name, Constant(value)));
                return;
            case IPropertyReferenceOperation { Property.Name: "AutoFlush", Instance: { } writer }
                when KnownSymbols.DerivesFrom(writer.Type, _known.StreamWriter):
                if (_bindings.ResolveEntity(writer) is { } autoFlushed && ConstantBool(value) != false)
                {
                    autoFlushed.AutoFlush = true;
                }

                return;
        }

        if (_bindings.ResolveEntity(value) is { } entity)
        {
            // Stored in another object, an array, a collection: out of sight.
            _recorder.AddEscape(entity, at);
        }
    }

    /// <summary><c>path += ".tmp"</c> on a string local or parameter (any other compound assignment of one: a value the model cannot name).</summary>
    public void AssignCompound(ICompoundAssignmentOperation compound)
    {
        ISymbol? variable = compound.Target switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (variable is null || compound.Type?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        _bindings.SetPath(variable, compound.OperatorKind == BinaryOperatorKind.Add
            ? PathValue.Concat(ImmutableArray.Create(_paths.EvaluatePath(compound.Target), _paths.EvaluatePath(compound.Value)), compound)
            : PathValue.Unknown(compound));
    }

    /// <summary><c>p is { } path</c>, <c>Path.GetDirectoryName(p) is { Length: > 0 } d</c>: the pattern's local holds the tested path.</summary>
    public void BindPattern(IIsPatternOperation isPattern)
    {
        var declared = isPattern.Pattern switch
        {
            IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
            IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
            _ => null,
        };
        // A value the model cannot name leaves the local as itself: one name for one value, like a parameter.
        if (declared is ILocalSymbol { Type.SpecialType: SpecialType.System_String } patternLocal
            && _paths.EvaluatePath(isPattern.Value) is { IsUnknown: false } tested)
        {
            _bindings.SetPath(patternLocal, tested);
        }
    }
}
