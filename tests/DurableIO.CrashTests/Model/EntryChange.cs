using System.Collections.Generic;

namespace DurableIO.CrashTests.Model;

/// <summary>
/// One atomic directory-entry change (create, mkdir, link, unlink, rmdir, rename): the edits it makes to
/// directories, and which directories must still be fsynced before it is certainly durable.
/// </summary>
public sealed class EntryChange
{
    public EntryChange(string description, IReadOnlyList<EntryEdit> edits)
    {
        Description = description;
        Edits = edits;
        foreach (var edit in edits)
        {
            UnsyncedDirectories.Add(edit.Directory);
        }
    }

    public string Description { get; }

    public IReadOnlyList<EntryEdit> Edits { get; }

    /// <summary>Directories changed but not fsynced since; the change is durable once this is empty.</summary>
    public HashSet<int> UnsyncedDirectories { get; } = new();

    public bool Durable => UnsyncedDirectories.Count == 0;

    public void MarkDurable() => UnsyncedDirectories.Clear();

    public void ApplyTo(Dictionary<int, Dictionary<string, int>> directories)
    {
        foreach (var edit in Edits)
        {
            var entries = directories[edit.Directory];
            if (edit.Inode is { } inode)
            {
                entries[edit.Name] = inode;
            }
            else if (entries.TryGetValue(edit.Name, out var current) && current == edit.RemovedInode)
            {
                entries.Remove(edit.Name);
            }
        }
    }
}

/// <summary>Sets <see cref="Name"/> in <see cref="Directory"/> to <see cref="Inode"/>, or (Inode null) removes it if it still names <see cref="RemovedInode"/>.</summary>
public sealed record EntryEdit(int Directory, string Name, int? Inode, int RemovedInode = -1);
