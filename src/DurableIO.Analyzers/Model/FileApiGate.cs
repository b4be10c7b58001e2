using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// Decides, before any model is built, whether a body can touch a file API at all. Almost no body of a real program
/// does (169 of 19,631 in an event store), and a user pays for every body in every build and keystroke, so the test is
/// in two cheap stages:
/// <list type="number">
/// <item><b>Names</b> (<see cref="FileApiNames"/>, from the tree's text): the declaration holds a name that can name a file
/// API — a stream, writer, file or handle type, a file method such as <c>WriteAllText</c>, anything that says it flushes,
/// syncs or opens, a P/Invoke name such as <c>fsync</c>, or a field/property of the same tree declared with a stream type.
/// Most bodies stop here, with nothing bound and nothing kept.</item>
/// <item><b>Operations</b>: an operation of the block calls a file API (a <see cref="KnownSymbols"/> type's member that
/// can change a file, a P/Invoke, a configured helper, a method of the project whose name says it flushes or syncs),
/// creates a file type, or reads a variable, field or property of a stream, writer, handle or file type. Read from the
/// operation tree the driver already built: asking the semantic model for the symbol of a name binds it again.</item>
/// </list>
/// A body that fails stage 1 gets no model and leaves no state behind; one that fails stage 2 is remembered with its
/// operation tree (see <see cref="DurabilityAnalysis.GetModels(IOperation, ISymbol?, CancellationToken)"/>).
/// </summary>
internal static class FileApiGate
{
    /// <summary>Both stages: true when the body of <paramref name="block"/> may touch a file API (see the class summary).</summary>
    public static bool Admits(IOperation block, KnownSymbols known, ConfiguredMethods configured, CancellationToken cancellationToken) =>
        NamesAFileApi(block, configured) && UsesFileApi(block, known, configured, cancellationToken);

    /// <summary>
    /// Stage 1: the declaration that holds <paramref name="block"/> names something that can be a file API, or the tree
    /// configures helpers (their names can be anything). Needs no symbol.
    /// </summary>
    public static bool NamesAFileApi(IOperation block, ConfiguredMethods configured) =>
        configured.HasNames || NamesAFileApi(block.Syntax);

    /// <summary>Stage 1 for a declaration's syntax (a helper's body is judged before it is bound).</summary>
    public static bool NamesAFileApi(SyntaxNode syntax)
    {
        return AnyWithin(FileApiNames.Of(syntax.SyntaxTree), DeclarationSpan(syntax));
    }

    /// <summary>
    /// Stage 2: an operation of the block (nested lambdas and local functions included) uses a file API. Only the parts of
    /// the block that hold a candidate name are read, unless a candidate sits outside the block (a parameter declared
    /// <c>Stream s</c>: any read of <c>s</c> counts) or configured helpers can have any name.
    /// </summary>
    public static bool UsesFileApi(IOperation block, KnownSymbols known, ConfiguredMethods configured, CancellationToken cancellationToken)
    {
        var syntax = block.Syntax;
        var candidates = FileApiNames.Of(syntax.SyntaxTree);
        var declaration = DeclarationSpan(syntax);
        var (body, expressionBody) = BodySpans(block);
        var first = FirstAtOrAfter(candidates, declaration.Start);
        var everywhere = configured.HasNames;
        for (var i = first; i < candidates.Length && candidates[i] < declaration.End && !everywhere; i++)
        {
            everywhere = !body.Contains(candidates[i]) && !expressionBody.Contains(candidates[i]);
        }

        return new Stage2(known, configured, everywhere ? null : candidates, cancellationToken).Uses(block);
    }

    /// <summary>Where the code of <paramref name="block"/> is: a method's body and expression body, not its signature.</summary>
    private static (TextSpan Body, TextSpan ExpressionBody) BodySpans(IOperation block) =>
        block switch
        {
            IMethodBodyBaseOperation method => (
                method.BlockBody?.Syntax.Span ?? default,
                method.ExpressionBody?.Syntax.Span ?? default),
            _ => (block.Syntax.Span, default),
        };

    /// <summary>The whole declaration: a parameter or return type (FileInfo staged) names the file API the body then uses.</summary>
    private static TextSpan DeclarationSpan(SyntaxNode syntax)
    {
        // Not a type's: a block on a type (an attribute, a base constructor call) is judged by its own names.
        var member = syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return (member is null or BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax ? syntax : member).Span;
    }

    /// <summary>The operation walk of stage 2: no enumerator allocated, subtrees without a candidate name skipped.</summary>
    private readonly struct Stage2
    {
        private readonly KnownSymbols _known;
        private readonly ConfiguredMethods _configured;
        private readonly int[]? _candidates;
        private readonly CancellationToken _cancellationToken;

        public Stage2(KnownSymbols known, ConfiguredMethods configured, int[]? candidates, CancellationToken cancellationToken)
        {
            _known = known;
            _configured = configured;
            _candidates = candidates;
            _cancellationToken = cancellationToken;
        }

        public bool Uses(IOperation operation)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (UsesItself(operation))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (HoldsACandidate(child.Syntax.Span) && Uses(child))
                {
                    return true;
                }
            }

            return false;
        }

        private bool HoldsACandidate(TextSpan span) => _candidates is null || AnyWithin(_candidates, span);

        /// <summary><c>Stream s = Open(p);</c>: the type is named in the declaration, not in its declarators.</summary>
        private bool DeclaresAFileValue(IVariableDeclarationOperation declaration)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (IsFileApiType(declarator.Symbol.Type, _known))
                {
                    return true;
                }
            }

            return false;
        }

        private bool UsesItself(IOperation operation) =>
            operation switch
            {
                // OpenSegment(p) returns the stream its caller then writes through a variable no candidate names.
                IInvocationOperation invocation => IsFileApiCall(invocation.TargetMethod, _known, _configured) || IsFileApiType(invocation.Type, _known),
                IObjectCreationOperation creation => IsFileApiType(creation.Type, _known),
                IFieldReferenceOperation field => IsFileApiType(field.Field.Type, _known),
                IPropertyReferenceOperation property => IsFileApiType(property.Property.Type, _known),
                ILocalReferenceOperation local => IsFileApiType(local.Local.Type, _known),
                IParameterReferenceOperation parameter => IsFileApiType(parameter.Parameter.Type, _known),
                IVariableDeclarationOperation declaration => DeclaresAFileValue(declaration),
                IMethodReferenceOperation method => IsFileApiCall(method.Method, _known, _configured),
                _ => false,
            };
    }

    private static bool IsFileApiCall(IMethodSymbol method, KnownSymbols known, ConfiguredMethods configured)
    {
        var definition = method.ReducedFrom ?? method;
        if (IsFileApiType(definition.ContainingType, known))
        {
            // File.Exists(p), Path-like statics of File/FileInfo/RandomAccess: a type used only to read is no file change.
            return !definition.IsStatic || known.IsDurableType(definition.ContainingType) || known.IsStreamLike(definition.ContainingType)
                || FileApiNames.ChangesAFile(definition.Name);
        }

        return Building.PInvokeRecognizer.IsPInvoke(definition)
            || configured.IsCandidate(method.Name)
            || (FileApiNames.SaysFlushOrSync(method.Name) && !definition.DeclaringSyntaxReferences.IsEmpty); // the project's own flush helper
    }

    /// <summary>A stream, writer, reader or handle type, or a file type (File, FileInfo, RandomAccess, DurableIO's).</summary>
    private static bool IsFileApiType(ITypeSymbol? type, KnownSymbols known) =>
        type is not null
        && type.SpecialType == SpecialType.None
        && (known.IsStreamLike(type)
            || KnownSymbols.Is(type, known.File)
            || KnownSymbols.DerivesFrom(type, known.FileSystemInfo)
            || KnownSymbols.Is(type, known.RandomAccess)
            || KnownSymbols.Is(type, known.FileStreamOptions)
            || known.IsDurableType(type));

    /// <summary>True when a position of the sorted <paramref name="positions"/> lies in <paramref name="span"/>.</summary>
    private static bool AnyWithin(int[] positions, TextSpan span)
    {
        var first = FirstAtOrAfter(positions, span.Start);
        return first < positions.Length && positions[first] < span.End;
    }

    /// <summary>The index of the first position at or after <paramref name="start"/> (binary search).</summary>
    private static int FirstAtOrAfter(int[] positions, int start)
    {
        int low = 0, high = positions.Length;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (positions[middle] < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

