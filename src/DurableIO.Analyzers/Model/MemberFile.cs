using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers.Model;

/// <summary>Where a type creates the file one of its members holds.</summary>
public enum MemberFileCreation
{
    /// <summary>In a constructor.</summary>
    Constructor,
    /// <summary>In the field's or property's initializer.</summary>
    Initializer,
    /// <summary>In another member, on first use (<c>_log ??= new StreamWriter(path)</c>, <c>if (_log == null) _log = …</c>).</summary>
    Lazily,
}

/// <summary>
/// A field or auto-property that holds a file (a FileStream, a writer, a wrapper or a handle) across the members of its type:
/// where the type creates it, what it wraps, and which members write it, flush it, flush it to disk, dispose it or hand it
/// out. Built once per type by <see cref="TypeFileFacts"/>; a member body's <see cref="FileEntity"/> for such a member
/// carries it (<see cref="FileEntity.MemberFile"/>).
/// </summary>
public sealed class MemberFile
{
    private readonly List<ISymbol> _writers = new();
    private readonly List<ISymbol> _flushers = new();
    private readonly List<ISymbol> _diskFlushers = new();
    private readonly List<ISymbol> _disposers = new();
    private readonly List<FileOperation> _writes = new();
    private readonly List<MemberFile> _wrappers = new();
    private readonly List<FileOperation> _writesLeftBuffered = new();

    internal MemberFile(ISymbol member) => Member = member;

    /// <summary>The field, or the auto-property.</summary>
    public ISymbol Member { get; }

    /// <summary>The member's name, as messages show it.</summary>
    public string Name => Member.Name;

    /// <summary>
    /// True when the type alone decides what the member holds: it is private, every assignment in the type stores a file
    /// the type creates there (a constructor, the initializer, a lazily-initialising member), and no member hands it to code
    /// the model cannot see. A member assigned from a parameter, exposed, assignable from outside or handed out is a file
    /// "from elsewhere": warning-level rules stay silent about it.
    /// </summary>
    public bool IsControlled { get; internal set; }

    /// <summary>Why <see cref="IsControlled"/> is false (for tests and documentation), or null.</summary>
    public string? NotControlledBecause { get; internal set; }

    /// <summary>Where the type creates it (the first creation the facts saw), or null when it never does.</summary>
    public MemberFileCreation? Creation { get; internal set; }

    /// <summary>
    /// The object at its creation, in the model of the creating member: its path, FileMode/FileAccess/FileOptions, whether it
    /// buffers, <c>AutoFlush</c>. Null when the type never creates it.
    /// </summary>
    public FileEntity? Created { get; internal set; }

    /// <summary>The member this one wraps (a StreamWriter field over a FileStream field), or null.</summary>
    public MemberFile? Inner { get; private set; }

    /// <summary>The members that wrap this one (the writer fields over a stream field).</summary>
    public IReadOnlyList<MemberFile> Wrappers => _wrappers;

    internal void Wraps(MemberFile inner)
    {
        if (Inner is null)
        {
            Inner = inner;
            inner._wrappers.Add(this);
        }
    }

    /// <summary>The members of the type that write through it (directly or through a member that wraps it).</summary>
    public IReadOnlyList<ISymbol> Writers => _writers;

    /// <summary>The members that call <c>Flush()</c>/<c>FlushAsync()</c> on it.</summary>
    public IReadOnlyList<ISymbol> Flushers => _flushers;

    /// <summary>The members that flush it (or a member over or under it: the same file) to disk.</summary>
    public IReadOnlyList<ISymbol> DiskFlushers => _diskFlushers;

    /// <summary>The members that dispose or close it.</summary>
    public IReadOnlyList<ISymbol> Disposers => _disposers;

    /// <summary>The writes through it, in every member (for a code fix or an additional location).</summary>
    public IReadOnlyList<FileOperation> Writes => _writes;

    /// <summary>
    /// The writes through it after which their member neither flushes, flushes to disk nor closes it (or a member over it):
    /// the data those writes leave in a buffer is still there when another member runs.
    /// </summary>
    public IReadOnlyList<FileOperation> WritesLeftBuffered => _writesLeftBuffered;

    /// <summary>True when some member hands it to code the model cannot see (returns it, passes it on, stores it elsewhere).</summary>
    public bool IsHandedOut { get; internal set; }

    /// <summary>The innermost member of the wrapping chain (the file itself).</summary>
    public MemberFile Root
    {
        get
        {
            var current = this;
            for (var guard = 0; current.Inner is not null && guard < 32; guard++)
            {
                current = current.Inner;
            }

            return current;
        }
    }

    internal void AddWriter(ISymbol member, FileOperation write)
    {
        AddOnce(_writers, member);
        _writes.Add(write);
    }

    internal void AddWriteLeftBuffered(FileOperation write) => _writesLeftBuffered.Add(write);

    internal void AddFlusher(ISymbol member) => AddOnce(_flushers, member);

    internal void AddDiskFlusher(ISymbol member) => AddOnce(_diskFlushers, member);

    internal void AddDisposer(ISymbol member) => AddOnce(_disposers, member);

    private static void AddOnce(List<ISymbol> list, ISymbol member)
    {
        foreach (var existing in list)
        {
            if (SymbolEqualityComparer.Default.Equals(existing, member))
            {
                return;
            }
        }

        list.Add(member);
    }

    public override string ToString() => $"{Name} ({(IsControlled ? "controlled" : NotControlledBecause)})";
}

/// <summary>The <see cref="MemberFile"/>s of one type, by member.</summary>
public sealed class TypeFileFacts
{
    internal static readonly TypeFileFacts None = new(ImmutableDictionary<ISymbol, MemberFile>.Empty.WithComparers(SymbolEqualityComparer.Default));

    internal TypeFileFacts(ImmutableDictionary<ISymbol, MemberFile> members) => Members = members;

    /// <summary>The file-holding fields and auto-properties, keyed by the field or property symbol.</summary>
    public ImmutableDictionary<ISymbol, MemberFile> Members { get; }

    /// <summary>The member file of <paramref name="member"/> (a field, an auto-property or its backing field), or null.</summary>
    public MemberFile? Of(ISymbol member)
    {
        if (Members.TryGetValue(member, out var file))
        {
            return file;
        }

        return member is IFieldSymbol { AssociatedSymbol: IPropertySymbol property } && Members.TryGetValue(property, out file) ? file : null;
    }
}
