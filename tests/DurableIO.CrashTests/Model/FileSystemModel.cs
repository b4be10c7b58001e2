using System;
using System.Collections.Generic;
using System.Linq;
using DurableIO.CrashTests.Tracing;

namespace DurableIO.CrashTests.Model;

/// <summary>
/// An in-memory file system that replays the traced events and, at any point, enumerates the states a crash
/// could leave under a <see cref="PersistenceModel"/>. It keeps, per file, the durable prefix and the unsynced
/// tail of its data changes, and the log of directory-entry changes with the directories each still needs
/// fsynced; a crash state is the initial snapshot plus every durable change plus a choice of pending ones.
/// </summary>
public sealed class FileSystemModel
{
    public const int DefaultBlockSize = 4096;
    private const int RootInode = 0;

    private readonly PersistenceModel persistence;
    private readonly int blockSize;
    private readonly Dictionary<int, FileInode> files = new();
    private readonly Dictionary<int, Dictionary<string, int>> initialDirectories = new();
    private readonly Dictionary<int, Dictionary<string, int>> currentDirectories = new();
    private readonly List<EntryChange> entryChanges = new();
    private readonly Dictionary<int, OpenFile> openFiles = new();
    private int nextInode = RootInode + 1;

    public FileSystemModel(ScratchSnapshot initial, PersistenceModel persistence, int blockSize = DefaultBlockSize)
    {
        this.persistence = persistence;
        this.blockSize = blockSize;
        initialDirectories[RootInode] = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, content) in initial.Entries.OrderBy(entry => entry.Key.Count(c => c == '/')))
        {
            var (parent, name) = SplitPath(path);
            var inode = nextInode++;
            initialDirectories[InodeAt(parent, initialDirectories)][name] = inode;
            if (content is null)
            {
                initialDirectories[inode] = new Dictionary<string, int>(StringComparer.Ordinal);
            }
            else
            {
                files[inode] = new FileInode(content);
            }
        }

        foreach (var (inode, entries) in initialDirectories)
        {
            currentDirectories[inode] = new Dictionary<string, int>(entries, StringComparer.Ordinal);
        }
    }

    public void Apply(FsEvent fsEvent)
    {
        switch (fsEvent)
        {
            case OpenEvent open:
                Open(open);
                break;
            case WriteEvent write:
                Write(write);
                break;
            case ReadEvent read:
                openFiles[read.Handle].Position += read.Count;
                break;
            case SeekEvent seek:
                openFiles[seek.Handle].Position = seek.Position;
                break;
            case TruncateEvent truncate:
                FileOf(truncate.Handle is { } handle ? openFiles[handle].Inode : CurrentInode(truncate.Path!), fsEvent)
                    .Add(new TruncateChange(truncate.Length));
                break;
            case FsyncEvent fsync:
                Fsync(openFiles[fsync.Handle].Inode, fsync.DataOnly);
                break;
            case SyncAllEvent:
                SyncAll();
                break;
            case CloseEvent close:
                openFiles.Remove(close.Handle);
                break;
            case RenameEvent rename:
                Rename(rename);
                break;
            case LinkEvent link:
                var linked = CurrentInode(link.Existing);
                AddEntryChange(fsEvent, link.NewName, linked, $"link '{link.Existing}' as '{link.NewName}'");
                break;
            case UnlinkEvent unlink:
                RemoveEntry(fsEvent, unlink.Path, $"unlink '{unlink.Path}'");
                break;
            case RmdirEvent rmdir:
                RemoveEntry(fsEvent, rmdir.Path, $"rmdir '{rmdir.Path}'");
                break;
            case MkdirEvent mkdir:
                var directory = nextInode++;
                initialDirectories[directory] = new Dictionary<string, int>(StringComparer.Ordinal);
                currentDirectories[directory] = new Dictionary<string, int>(StringComparer.Ordinal);
                AddEntryChange(fsEvent, mkdir.Path, directory, $"mkdir '{mkdir.Path}'");
                break;
            case CopyRangeEvent copy:
                CopyRange(copy);
                break;
            case CloneEvent clone:
                var source = FileOf(openFiles[clone.SourceHandle].Inode, fsEvent).Current;
                var destination = FileOf(openFiles[clone.DestinationHandle].Inode, fsEvent);
                destination.Add(new TruncateChange(0));
                AddWrite(destination, 0, source);
                break;
            case ReturnedMarkerEvent:
            case AcknowledgedMarkerEvent:
                break;
            default:
                throw new NotSupportedException("unknown event: " + fsEvent);
        }
    }

    /// <summary>
    /// Every state a crash right now could leave, at most <paramref name="bound"/> of them (entry-change subsets
    /// in binary order, then data prefixes); <paramref name="truncated"/> tells whether the bound cut the list.
    /// </summary>
    public IReadOnlyList<CrashState> CrashStates(int bound, out bool truncated)
    {
        var pending = entryChanges.Where(change => !change.Durable).ToList();
        if (pending.Count > 30)
        {
            throw new NotSupportedException($"{pending.Count} pending directory-entry changes: too many to enumerate subsets of");
        }

        var states = new List<CrashState>();
        truncated = false;
        foreach (var kept in KeptSubsets(pending))
        {
            var directories = initialDirectories.ToDictionary(pair => pair.Key, pair => new Dictionary<string, int>(pair.Value, StringComparer.Ordinal));
            foreach (var change in entryChanges.Where(change => change.Durable || kept.Contains(change)))
            {
                change.ApplyTo(directories);
            }

            var reachable = Reachable(directories);
            var filesWithChoices = reachable.Where(entry => files.ContainsKey(entry.Inode)).Select(entry => entry.Inode).Distinct().ToList();
            var entryProvenance = DescribeEntryChoice(pending, kept);
            foreach (var dataChoice in DataChoices(filesWithChoices))
            {
                if (states.Count == bound)
                {
                    truncated = true;
                    return states;
                }

                states.Add(BuildState(reachable, dataChoice, entryProvenance, directories));
            }
        }

        return states;
    }

    /// <summary>The state with every change applied: what the real scratch directory must hold now.</summary>
    public CrashState CurrentState()
    {
        var entries = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var (path, inode) in Reachable(currentDirectories))
        {
            entries[path] = files.TryGetValue(inode, out var file) ? file.Current : null;
        }

        return new CrashState(entries, "no crash: every change applied");
    }

    /// <summary>The sets of pending entry changes a crash may have kept: any subset, or (ordered journal) any prefix.</summary>
    private IEnumerable<HashSet<EntryChange>> KeptSubsets(List<EntryChange> pending)
    {
        if (persistence == PersistenceModel.Ext4Ordered)
        {
            for (var length = 0; length <= pending.Count; length++)
            {
                yield return pending.Take(length).ToHashSet();
            }

            yield break;
        }

        for (var subset = 0L; subset < 1L << pending.Count; subset++)
        {
            yield return pending.Where((_, index) => (subset & (1L << index)) != 0).ToHashSet();
        }
    }

    private void Open(OpenEvent open)
    {
        if (open.Path.Length == 0)
        {
            openFiles[open.Handle] = new OpenFile(RootInode, append: false);
            return;
        }

        var (parent, name) = SplitPath(open.Path);
        var parentInode = CurrentInode(parent);
        int inode;
        if (currentDirectories[parentInode].TryGetValue(name, out var existing))
        {
            if (open.Create && open.Exclusive)
            {
                throw Diverged(open, $"O_EXCL open of '{open.Path}' succeeded but the model holds that name");
            }

            inode = existing;
            if (open.Truncate)
            {
                FileOf(inode, open).Add(new TruncateChange(0));
            }
        }
        else
        {
            if (!open.Create)
            {
                throw Diverged(open, $"'{open.Path}' was opened but the model does not hold it");
            }

            inode = nextInode++;
            files[inode] = new FileInode(Array.Empty<byte>());
            AddEntryChange(open, open.Path, inode, $"create '{open.Path}'");
        }

        openFiles[open.Handle] = new OpenFile(inode, open.Append);
    }

    private void Write(WriteEvent write)
    {
        var openFile = openFiles[write.Handle];
        var file = FileOf(openFile.Inode, write);
        var offset = openFile.Append ? file.Current.Length : write.Offset ?? openFile.Position;
        AddWrite(file, offset, write.Data);
        if (write.Offset is null)
        {
            openFile.Position = offset + write.Data.Length;
        }
    }

    private void CopyRange(CopyRangeEvent copy)
    {
        var source = openFiles[copy.SourceHandle];
        var destination = openFiles[copy.DestinationHandle];
        var sourceOffset = copy.SourceOffset ?? source.Position;
        var sourceContent = FileOf(source.Inode, copy).Current;
        var data = sourceContent.AsSpan((int)sourceOffset, (int)Math.Min(copy.Count, sourceContent.Length - sourceOffset)).ToArray();
        var destinationFile = FileOf(destination.Inode, copy);
        var destinationOffset = destination.Append ? destinationFile.Current.Length : copy.DestinationOffset ?? destination.Position;
        AddWrite(destinationFile, destinationOffset, data);
        if (copy.SourceOffset is null)
        {
            source.Position += data.Length;
        }

        if (copy.DestinationOffset is null)
        {
            destination.Position = destinationOffset + data.Length;
        }
    }

    /// <summary>Splits a write at block boundaries: a crash keeps or loses each block-sized piece as a whole.</summary>
    private void AddWrite(FileInode file, long offset, byte[] data)
    {
        var position = 0;
        while (position < data.Length)
        {
            var absolute = offset + position;
            var room = (int)(blockSize - (absolute % blockSize));
            var length = Math.Min(room, data.Length - position);
            file.Add(new WriteChange(absolute, data.AsSpan(position, length).ToArray()));
            position += length;
        }
    }

    private void Fsync(int inode, bool dataOnly)
    {
        if (files.TryGetValue(inode, out var file))
        {
            file.MarkAllDurable();
        }
        else
        {
            foreach (var change in entryChanges)
            {
                change.UnsyncedDirectories.Remove(inode);
            }
        }

        if (persistence == PersistenceModel.Ext4Ordered && !dataOnly)
        {
            // The fsync commits the running journal transaction, which holds every entry change made so far.
            foreach (var change in entryChanges)
            {
                change.MarkDurable();
            }
        }
    }

    private void SyncAll()
    {
        foreach (var file in files.Values)
        {
            file.MarkAllDurable();
        }

        foreach (var change in entryChanges)
        {
            change.MarkDurable();
        }
    }

    private void Rename(RenameEvent rename)
    {
        var (fromParent, fromName) = SplitPath(rename.From);
        var (toParent, toName) = SplitPath(rename.To);
        var fromDirectory = CurrentInode(fromParent);
        var toDirectory = CurrentInode(toParent);
        var moved = currentDirectories[fromDirectory].TryGetValue(fromName, out var inode)
            ? inode
            : throw Diverged(rename, $"renamed '{rename.From}' but the model does not hold it");
        if (currentDirectories[toDirectory].TryGetValue(toName, out var replaced) && replaced == moved)
        {
            return; // renaming a name onto a link to the same file does nothing
        }

        var change = new EntryChange(
            $"rename '{rename.From}' to '{rename.To}'" + (currentDirectories[toDirectory].ContainsKey(toName) ? " (replacing it)" : ""),
            new[] { new EntryEdit(fromDirectory, fromName, null, moved), new EntryEdit(toDirectory, toName, moved) });
        Record(change);
    }

    private void AddEntryChange(FsEvent fsEvent, string path, int inode, string description)
    {
        var (parent, name) = SplitPath(path);
        var directory = CurrentInode(parent);
        if (currentDirectories[directory].ContainsKey(name))
        {
            throw Diverged(fsEvent, $"'{path}' was created but the model already holds that name");
        }

        Record(new EntryChange(description, new[] { new EntryEdit(directory, name, inode) }));
    }

    private void RemoveEntry(FsEvent fsEvent, string path, string description)
    {
        var (parent, name) = SplitPath(path);
        var directory = CurrentInode(parent);
        if (!currentDirectories[directory].TryGetValue(name, out var inode))
        {
            throw Diverged(fsEvent, $"'{path}' was removed but the model does not hold it");
        }

        Record(new EntryChange(description, new[] { new EntryEdit(directory, name, null, inode) }));
    }

    private void Record(EntryChange change)
    {
        entryChanges.Add(change);
        change.ApplyTo(currentDirectories);
    }

    private int CurrentInode(string path) => InodeAt(path, currentDirectories);

    private static int InodeAt(string path, Dictionary<int, Dictionary<string, int>> directories)
    {
        var inode = RootInode;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!directories.TryGetValue(inode, out var entries) || !entries.TryGetValue(name, out inode))
            {
                throw new InvalidOperationException($"the model does not hold '{path}'");
            }
        }

        return inode;
    }

    private FileInode FileOf(int inode, FsEvent fsEvent) =>
        files.TryGetValue(inode, out var file) ? file : throw Diverged(fsEvent, "file data written to a directory");

    private static (string Parent, string Name) SplitPath(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? ("", path) : (path[..slash], path[(slash + 1)..]);
    }

    private static InvalidOperationException Diverged(FsEvent fsEvent, string what) =>
        new($"the model diverged from the real file system at {fsEvent.Call}: {what}");

    private static List<(string Path, int Inode)> Reachable(Dictionary<int, Dictionary<string, int>> directories)
    {
        var result = new List<(string Path, int Inode)>();
        var visited = new HashSet<int> { RootInode };
        var pending = new Stack<(string Path, int Inode)>();
        pending.Push(("", RootInode));
        while (pending.Count > 0)
        {
            var (path, inode) = pending.Pop();
            foreach (var (name, child) in directories[inode])
            {
                var childPath = path.Length == 0 ? name : path + "/" + name;
                result.Add((childPath, child));
                if (directories.ContainsKey(child) && visited.Add(child))
                {
                    pending.Push((childPath, child));
                }
            }
        }

        return result;
    }

    /// <summary>For each file, how many of its data changes survive: from its durable count up to all of them.</summary>
    private IEnumerable<Dictionary<int, int>> DataChoices(List<int> inodes)
    {
        IEnumerable<Dictionary<int, int>> choices = new[] { new Dictionary<int, int>() };
        foreach (var inode in inodes)
        {
            var file = files[inode];
            var options = Enumerable.Range(file.DurableCount, file.Changes.Count - file.DurableCount + 1).ToList();
            choices = choices.SelectMany(choice => options.Select(kept => new Dictionary<int, int>(choice) { [inode] = kept }));
        }

        return choices;
    }

    private CrashState BuildState(List<(string Path, int Inode)> reachable, Dictionary<int, int> dataChoice, string entryProvenance, Dictionary<int, Dictionary<string, int>> directories)
    {
        var entries = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var dataProvenance = new List<string>();
        foreach (var (path, inode) in reachable)
        {
            if (directories.ContainsKey(inode))
            {
                entries[path] = null;
                continue;
            }

            var file = files[inode];
            var kept = dataChoice[inode];
            entries[path] = file.ContentAfter(kept);
            if (file.Changes.Count > file.DurableCount)
            {
                var unsynced = file.Changes.Count - file.DurableCount;
                dataProvenance.Add(kept == file.Changes.Count
                    ? $"'{path}' kept all {unsynced} unsynced data changes"
                    : $"'{path}' lost {file.Changes.Count - kept} of {unsynced} unsynced data changes (from the {file.Changes[kept].Describe()} on)");
            }
        }

        var provenance = entryProvenance + (dataProvenance.Count == 0 ? "; no unsynced data in reach" : "; " + string.Join("; ", dataProvenance));
        return new CrashState(entries, provenance);
    }

    private static string DescribeEntryChoice(List<EntryChange> pending, HashSet<EntryChange> kept)
    {
        if (pending.Count == 0)
        {
            return "every directory-entry change was durable";
        }

        var persisted = pending.Where(kept.Contains).Select(change => change.Description).ToList();
        var lost = pending.Where(change => !kept.Contains(change)).Select(change => change.Description).ToList();
        return $"unsynced entry changes persisted: [{string.Join(", ", persisted)}], lost: [{string.Join(", ", lost)}]";
    }

    private sealed class FileInode
    {
        private readonly byte[] initial;

        public FileInode(byte[] initial)
        {
            this.initial = initial;
            Current = initial;
        }

        public List<DataChange> Changes { get; } = new();

        /// <summary>Changes[..DurableCount] survive every crash.</summary>
        public int DurableCount { get; private set; }

        public byte[] Current { get; private set; }

        public void Add(DataChange change)
        {
            Changes.Add(change);
            Current = change.ApplyTo(Current);
        }

        public void MarkAllDurable() => DurableCount = Changes.Count;

        public byte[] ContentAfter(int changeCount) => Changes.Take(changeCount).Aggregate(initial, (content, change) => change.ApplyTo(content));
    }

    private sealed class OpenFile
    {
        public OpenFile(int inode, bool append)
        {
            Inode = inode;
            Append = append;
        }

        public int Inode { get; }

        public bool Append { get; }

        public long Position { get; set; }
    }
}
