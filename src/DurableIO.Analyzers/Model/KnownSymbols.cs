using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// The well-known types the rules care about, resolved once per compilation by metadata name.
/// Any of them may be <see langword="null"/> (older frameworks lack <c>RandomAccess</c>, <c>BrotliStream</c>,
/// <c>FileStreamOptions</c>; the DurableIO runtime is usually not referenced): compare with
/// <see cref="Is(ITypeSymbol?, INamedTypeSymbol?)"/>, which is false for a missing type.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol fileStream)
    {
        FileStream = fileStream;
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        MemoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
        File = compilation.GetTypeByMetadataName("System.IO.File");
        FileInfo = compilation.GetTypeByMetadataName("System.IO.FileInfo");
        FileSystemInfo = compilation.GetTypeByMetadataName("System.IO.FileSystemInfo");
        Directory = compilation.GetTypeByMetadataName("System.IO.Directory");
        DirectoryInfo = compilation.GetTypeByMetadataName("System.IO.DirectoryInfo");
        Path = compilation.GetTypeByMetadataName("System.IO.Path");
        FileMode = compilation.GetTypeByMetadataName("System.IO.FileMode");
        FileAccess = compilation.GetTypeByMetadataName("System.IO.FileAccess");
        FileOptions = compilation.GetTypeByMetadataName("System.IO.FileOptions");
        FileStreamOptions = compilation.GetTypeByMetadataName("System.IO.FileStreamOptions");
        RandomAccess = compilation.GetTypeByMetadataName("System.IO.RandomAccess");
        SafeFileHandle = compilation.GetTypeByMetadataName("Microsoft.Win32.SafeHandles.SafeFileHandle");
        SafeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
        TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        TextReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
        StreamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
        StreamReader = compilation.GetTypeByMetadataName("System.IO.StreamReader");
        BinaryWriter = compilation.GetTypeByMetadataName("System.IO.BinaryWriter");
        BinaryReader = compilation.GetTypeByMetadataName("System.IO.BinaryReader");
        BufferedStream = compilation.GetTypeByMetadataName("System.IO.BufferedStream");
        GZipStream = compilation.GetTypeByMetadataName("System.IO.Compression.GZipStream");
        DeflateStream = compilation.GetTypeByMetadataName("System.IO.Compression.DeflateStream");
        BrotliStream = compilation.GetTypeByMetadataName("System.IO.Compression.BrotliStream");
        ZLibStream = compilation.GetTypeByMetadataName("System.IO.Compression.ZLibStream");
        CryptoStream = compilation.GetTypeByMetadataName("System.Security.Cryptography.CryptoStream");
        Encoding = compilation.GetTypeByMetadataName("System.Text.Encoding");
        String = compilation.GetSpecialType(SpecialType.System_String);
        DurableFile = compilation.GetTypeByMetadataName("DurableIO.DurableFile");
        DurableDirectory = compilation.GetTypeByMetadataName("DurableIO.DurableDirectory");
        DurableStreamExtensions = compilation.GetTypeByMetadataName("DurableIO.DurableStreamExtensions");
    }

    /// <summary>Resolves the symbols, or returns <see langword="null"/> when <c>System.IO.FileStream</c> does not exist (nothing to analyze).</summary>
    public static KnownSymbols? TryCreate(Compilation compilation)
    {
        var fileStream = compilation.GetTypeByMetadataName("System.IO.FileStream");
        return fileStream is null ? null : new KnownSymbols(compilation, fileStream);
    }

    public INamedTypeSymbol FileStream { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? MemoryStream { get; }
    public INamedTypeSymbol? Encoding { get; }
    public INamedTypeSymbol? File { get; }
    public INamedTypeSymbol? FileInfo { get; }
    public INamedTypeSymbol? FileSystemInfo { get; }
    public INamedTypeSymbol? Directory { get; }
    public INamedTypeSymbol? DirectoryInfo { get; }
    public INamedTypeSymbol? Path { get; }
    public INamedTypeSymbol? FileMode { get; }
    public INamedTypeSymbol? FileAccess { get; }
    public INamedTypeSymbol? FileOptions { get; }
    public INamedTypeSymbol? FileStreamOptions { get; }
    public INamedTypeSymbol? RandomAccess { get; }
    public INamedTypeSymbol? SafeFileHandle { get; }
    public INamedTypeSymbol? SafeHandle { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? TextReader { get; }
    public INamedTypeSymbol? StreamWriter { get; }
    public INamedTypeSymbol? StreamReader { get; }
    public INamedTypeSymbol? BinaryWriter { get; }
    public INamedTypeSymbol? BinaryReader { get; }
    public INamedTypeSymbol? BufferedStream { get; }
    public INamedTypeSymbol? GZipStream { get; }
    public INamedTypeSymbol? DeflateStream { get; }
    public INamedTypeSymbol? BrotliStream { get; }
    public INamedTypeSymbol? ZLibStream { get; }
    public INamedTypeSymbol? CryptoStream { get; }
    public INamedTypeSymbol String { get; }

    /// <summary><c>DurableIO.DurableFile</c> of the runtime library, matched by metadata name (the analyzer never references the runtime).</summary>
    public INamedTypeSymbol? DurableFile { get; }
    public INamedTypeSymbol? DurableDirectory { get; }
    public INamedTypeSymbol? DurableStreamExtensions { get; }

    /// <summary>True when <paramref name="type"/> is <paramref name="known"/> (false when either is missing).</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>True when <paramref name="type"/> is <paramref name="known"/> or derives from it.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        if (known is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, known))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type whose instances the model tracks as file-like objects: streams, readers/writers, file handles.</summary>
    public bool IsStreamLike(ITypeSymbol? type)
    {
        // Asked for every variable a candidate body reads: one walk up the bases, and none for structs, strings, …
        if (type is not { TypeKind: TypeKind.Class, SpecialType: SpecialType.None })
        {
            return false;
        }

        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            var definition = t.OriginalDefinition;
            if (Same(definition, Stream) || Same(definition, TextWriter) || Same(definition, TextReader)
                || Same(definition, BinaryWriter) || Same(definition, BinaryReader) || Same(definition, SafeHandle))
            {
                return true;
            }
        }

        return false;

        static bool Same(ITypeSymbol definition, INamedTypeSymbol? known) => known is not null && SymbolEqualityComparer.Default.Equals(definition, known);
    }

    /// <summary>A type whose instances take writes: a stream, a TextWriter, a BinaryWriter.</summary>
    public bool IsWritable(ITypeSymbol? type) =>
        DerivesFrom(type, Stream) || DerivesFrom(type, TextWriter) || DerivesFrom(type, BinaryWriter);

    /// <summary>The DurableIO runtime types, matched by metadata name.</summary>
    public bool IsDurableType(ITypeSymbol? type) =>
        Is(type, DurableFile) || Is(type, DurableDirectory) || Is(type, DurableStreamExtensions);
}
