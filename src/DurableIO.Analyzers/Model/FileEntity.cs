using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>What kind of object a <see cref="FileEntity"/> is.</summary>
public enum FileEntityKind
{
    /// <summary>A <c>FileStream</c> (or a stream of unknown concrete type held in a Stream-typed variable).</summary>
    FileStream,
    /// <summary>A <c>SafeFileHandle</c> (<c>File.OpenHandle</c>) or a native descriptor from a P/Invoked <c>open</c>/<c>CreateFile</c>.</summary>
    Handle,
    /// <summary>A writer or stream that wraps another one: StreamWriter, BinaryWriter, BufferedStream, GZip/Deflate/Brotli/ZLib, CryptoStream.</summary>
    Wrapper,
    /// <summary>A reader over a stream (StreamReader, BinaryReader, a decompressing stream): never writes.</summary>
    Reader,
    /// <summary>A stream in memory (<c>MemoryStream</c>): not a file.</summary>
    Memory,
}

/// <summary>Where the model saw the object come from.</summary>
public enum FileEntityOrigin
{
    /// <summary>Created or opened in the analyzed body: the model sees its whole story (unless it <see cref="FileEntity.Escapes"/>).</summary>
    Created,
    /// <summary>Received as a parameter: created elsewhere.</summary>
    Parameter,
    /// <summary>Read from a field or property that this body did not assign: created elsewhere.</summary>
    Member,
    /// <summary>Returned by a method the model does not know, or otherwise unknown.</summary>
    Unknown,
}

/// <summary>
/// One stream, writer or file handle of the analyzed body. Wrappers form a chain: a <c>StreamWriter</c> over a
/// <c>BufferedStream</c> over a <c>FileStream</c> is three entities linked by <see cref="Inner"/>; all share the
/// same <see cref="Root"/>, which is the object that stands for the file itself.
/// </summary>
public sealed class FileEntity
{
    private readonly List<FileEntity> _wrappers = new();

    internal FileEntity(int id, FileEntityKind kind, FileEntityOrigin origin, ITypeSymbol? type, ISymbol? symbol, IOperation? creation)
    {
        Id = id;
        Kind = kind;
        Origin = origin;
        Type = type;
        Symbol = symbol;
        Creation = creation;
    }

    /// <summary>Unique within its <see cref="FileModel"/>.</summary>
    public int Id { get; }

    public FileEntityKind Kind { get; }

    public FileEntityOrigin Origin { get; }

    /// <summary>The CLR type of the object (FileStream, StreamWriter, SafeFileHandle, …), when known.</summary>
    public ITypeSymbol? Type { get; }

    /// <summary>The first local, parameter or field that held the object (its name is what messages show), or null for a temporary.</summary>
    public ISymbol? Symbol { get; internal set; }

    /// <summary>The expression that created the object (object creation or invocation), null when not <see cref="FileEntityOrigin.Created"/>.</summary>
    public IOperation? Creation { get; }

    /// <summary>The <see cref="FileOperationKind.Open"/> operation that created it (null when not created in the body).</summary>
    public FileOperation? OpenOperation { get; internal set; }

    /// <summary>The stream this one wraps (for a <see cref="FileEntityKind.Wrapper"/>/<see cref="FileEntityKind.Reader"/>, or a FileStream over a handle).</summary>
    public FileEntity? Inner { get; internal set; }

    /// <summary>
    /// For an object read from a field or auto-property of the body's type that holds a file across members: what the
    /// type's other members do with it (<see cref="Model.MemberFile"/>); null otherwise.
    /// </summary>
    public MemberFile? MemberFile { get; internal set; }

    /// <summary>
    /// True for an object the body's type alone controls (<see cref="MemberFile.IsControlled"/>): created by the type, private,
    /// never handed out. Rules over fields may report on it where they would on an object created in the body.
    /// </summary>
    public bool IsControlledMember => MemberFile is { IsControlled: true } && !Escapes;

    /// <summary>The <see cref="Model.MemberFile"/>s of the chain (a writer field and the stream field under it), outermost first not guaranteed.</summary>
    public IEnumerable<MemberFile> MemberFilesOfChain()
    {
        foreach (var entity in Chain())
        {
            if (entity.MemberFile is { } file)
            {
                yield return file;
            }
        }
    }

    /// <summary>True when some member of the body's type flushes this file (through any member of its chain) to disk.</summary>
    public bool IsFlushedToDiskByItsType => AnyMemberFileOfChain(static file => file.DiskFlushers.Count > 0);

    /// <summary>True when some member of the body's type writes this file (through any member of its chain).</summary>
    public bool IsWrittenByItsType => AnyMemberFileOfChain(static file => file.Writes.Count > 0);

    private bool AnyMemberFileOfChain(System.Func<MemberFile, bool> predicate)
    {
        foreach (var file in MemberFilesOfChain())
        {
            if (predicate(file))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entities that wrap this one directly.</summary>
    public IReadOnlyList<FileEntity> Wrappers => _wrappers;

    /// <summary>The innermost entity of the chain: the file itself (or the memory stream).</summary>
    public FileEntity Root
    {
        get
        {
            var e = this;
            for (var guard = 0; e.Inner is not null && guard < 64; guard++)
            {
                e = e.Inner;
            }

            return e;
        }
    }

    /// <summary>The path the file was opened on (set on the root of a chain; wrappers return their root's).</summary>
    public PathValue? Path
    {
        get => Inner is null ? _path : Root._path;
        internal set => _path = value;
    }

    private PathValue? _path;

    /// <summary>The open mode, when it is a constant (<c>System.IO.FileMode</c> value as int; null = unknown).</summary>
    public int? Mode { get; internal set; }

    /// <summary>The access, when it is a constant (<c>System.IO.FileAccess</c> value: 1 Read, 2 Write, 3 ReadWrite; null = unknown).</summary>
    public int? Access { get; internal set; }

    /// <summary>The <c>FileOptions</c> flags, when constant (null = unknown).</summary>
    public int? Options { get; internal set; }

    /// <summary>True when the (root) file was opened with <c>FileOptions.WriteThrough</c>: every write goes to the disk.</summary>
    public bool IsWriteThrough => Root.Options is int o && (o & unchecked((int)0x80000000)) != 0;

    /// <summary>True when the root was visibly opened for reading only (<c>FileAccess.Read</c>, <c>File.OpenRead</c>, …).</summary>
    public bool IsReadOnly => Root.Access == 1;

    /// <summary>True when the open mode can create the file (CreateNew, Create, OpenOrCreate, Append), when known.</summary>
    public bool? MayCreate => Root.Mode switch
    {
        null => null,
        1 or 2 or 4 or 6 => true,
        _ => false,
    };

    /// <summary>True for a wrapper that keeps its own buffer: StreamWriter, BufferedStream, the compression streams, CryptoStream (not BinaryWriter).</summary>
    public bool IsBuffering { get; internal set; }

    /// <summary>
    /// True when the body sets <c>StreamWriter.AutoFlush</c> on this writer to <c>true</c> or a non-constant value (in an object
    /// initializer or an assignment, anywhere in the body): each write may then go straight to the stream below.
    /// </summary>
    public bool AutoFlush { get; internal set; }

    /// <summary>True when a wrapper was created with <c>leaveOpen: true</c> (closing it does not close <see cref="Inner"/>).</summary>
    public bool LeavesInnerOpen { get; internal set; }

    /// <summary>True when the object is a file (its root is a FileStream or handle opened on a file), as far as the model can see.</summary>
    public bool IsFile => Root.Kind is FileEntityKind.FileStream or FileEntityKind.Handle;

    /// <summary>
    /// The first operation where the object left the model's sight (passed to an unknown method, returned, stored in
    /// another object, captured by a lambda), or null. After that, what happens to it is unknown.
    /// </summary>
    public FileOperation? Escape { get; internal set; }

    /// <summary>True when the object, or any entity of its chain, escapes.</summary>
    public bool Escapes
    {
        get
        {
            var root = Root;
            return AnyEscapes(root, 0);

            static bool AnyEscapes(FileEntity e, int depth)
            {
                if (e.Escape is not null)
                {
                    return true;
                }

                if (depth > 32)
                {
                    return true;
                }

                foreach (var w in e._wrappers)
                {
                    if (AnyEscapes(w, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    /// <summary>
    /// True when the model sees the object's whole story: created in this body and its chain never escapes.
    /// Warning-level rules should require this.
    /// </summary>
    public bool IsFullyVisible => Root.Origin == FileEntityOrigin.Created && !Escapes;

    /// <summary>Every entity of the chain: the root and all (transitive) wrappers.</summary>
    public IEnumerable<FileEntity> Chain()
    {
        var root = Root;
        var stack = new Stack<FileEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            foreach (var w in e._wrappers)
            {
                stack.Push(w);
            }
        }
    }

    /// <summary>True when <paramref name="other"/> is the same file: same <see cref="Root"/>.</summary>
    public bool SameFileAs(FileEntity? other) => other is not null && ReferenceEquals(Root, other.Root);

    /// <summary>The name for messages: the variable/field/parameter, else the path expression, else the type name.</summary>
    public string DisplayName
    {
        get
        {
            if (Symbol is not null)
            {
                return Symbol.Name;
            }

            if (Inner is not null && Inner.Symbol is not null)
            {
                return Inner.Symbol.Name;
            }

            if (Creation is not null)
            {
                return Creation.Syntax.ToString();
            }

            return Type?.Name ?? "stream";
        }
    }

    internal void AddWrapper(FileEntity wrapper) => _wrappers.Add(wrapper);

    public override string ToString() => $"#{Id} {Kind} {DisplayName}";
}
