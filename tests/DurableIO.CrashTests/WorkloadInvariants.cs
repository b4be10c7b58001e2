using System;
using System.Linq;
using DurableIO.CrashTests.Checking;
using DurableIO.CrashTests.Model;
using DurableIO.CrashWorkloads;

namespace DurableIO.CrashTests;

/// <summary>
/// The invariant each workload must keep in every crash state. "Returned" means the crash happened after the
/// operation returned to its caller: from then on only the operation's final state is allowed.
/// Every invariant also requires the bystander file, which no workload touches, to survive intact.
/// </summary>
public static class WorkloadInvariants
{
    private static readonly ContentDescriber Describer = new(
        ("old", Contents.Old),
        ("new", Contents.New),
        ("new lines", Contents.NewLinesBytes),
        ("old + appended", Contents.Old.Concat(Contents.Appended).ToArray()),
        ("bystander", Contents.Bystander));

    public static Invariant For(string workloadName)
    {
        const string target = Contents.TargetName;
        const string source = Contents.SourceName;
        const string destination = Contents.DestinationName;
        var invariant = workloadName switch
        {
            "library.WriteAllBytes" or "library.WriteAllBytesAsync" or "library.WriteAllText" or "library.Write" or "library.WriteAsync"
                or "library.FlushToDisk" => AtomicReplace(target, Contents.Old, Contents.New),
            "library.WriteAllLines" or "library.WriteAllLinesAsync" => AtomicReplace(target, Contents.Old, Contents.NewLinesBytes),
            "library.WriteAllText.NewFile" => AtomicReplace(target, null, Contents.New),
            "library.Move" or "library.DirectorySync" or "naive.File.Move" or "reference.Move.RenameNoReplace" or "reference.Move.LinkSyncUnlink"
                => Move(source, destination, Contents.New, destinationBefore: null),
            "library.Move.Overwrite" => Move(source, destination, Contents.New, destinationBefore: Contents.Old),
            "library.Move.AcrossDirectories" => Move(Contents.OtherDirectoryName + "/" + source, destination, Contents.New, destinationBefore: Contents.Old),
            "library.Replace" or "naive.File.Replace" or "reference.Replace.SyncBackupBeforeRename"
                => Replace(source, destination, Contents.BackupName, Contents.New, Contents.Old),
            "library.Replace.NoBackup" => Replace(source, destination, backup: null, Contents.New, Contents.Old),
            "library.Copy" or "naive.File.Copy" => Copy(source, destination, Contents.New, destinationBefore: null),
            "library.Copy.Overwrite" => Copy(source, destination, Contents.New, destinationBefore: Contents.Old),
            "library.Delete" or "naive.File.Delete" => Delete(target, Contents.Old),
            "library.Sync" or "naive.File.WriteAllBytes" => DurableOnceReturned(target, Contents.New),
            "library.AppendAllText" or "library.AppendAllTextAsync" or "library.AppendAllBytes" or "naive.File.AppendAllText"
                => Append(target, Contents.Old, Contents.Appended),
            "library.AppendAllLines.NewFile" => Append(target, null, Contents.NewLinesBytes),
            "library.CreateDirectory" or "naive.Directory.CreateDirectory" => CreateDirectory(Contents.NewDirectoryPath),
            "library.DurableLog" or "naive.Log.AppendAfterTornTail" => Log(LogRecords.LogName, LogRecords.Existing, SingleAppender(LogRecords.SingleCount)),
            "library.DurableLog.NewFile" => Log(LogRecords.LogName, null, SingleAppender(3)),
            "naive.Log.NoFsync" => Log(LogRecords.LogName, LogRecords.Existing, SingleAppender(LogRecords.SingleCount)),
            "library.DurableLog.Concurrent" => Log(LogRecords.LogName, LogRecords.Existing, Enumerable.Range(0, LogRecords.Threads)
                .Select(t => ("thread" + t, Enumerable.Range(0, LogRecords.PerThread).Select(i => LogRecords.OfThread(t, i)).ToArray())).ToArray()),
            "naive.NoFsyncBeforeRename" or "naive.NoDirectoryFsync" or "naive.DeleteThenMove" or "naive.TempInOtherDirectory"
                or "naive.FlushInsteadOfFlushTrue" or "naive.InPlaceOverwriteWithFsync" => AtomicReplace(target, Contents.Old, Contents.New),
            _ => throw new ArgumentException("no invariant written down for workload " + workloadName, nameof(workloadName)),
        };
        return Invariant.All(Describer, invariant, Unchanged(Contents.BystanderName, Contents.Bystander));
    }

    /// <summary>
    /// WriteAll*/Write: <paramref name="path"/> is byte-for-byte the old content (or missing, when there was
    /// none) or the new content — never empty, partial, missing or mixed; once returned, only the new content.
    /// </summary>
    public static Invariant AtomicReplace(string path, byte[]? old, byte[] @new) => Make(
        $"'{path}' is {(old is null ? "missing" : "the old content")} or the new content, only the new once returned",
        (state, returned) =>
        {
            var content = state.File(path);
            var isNew = content is not null && content.AsSpan().SequenceEqual(@new);
            var isOld = old is null ? !state.Exists(path) : content is not null && content.AsSpan().SequenceEqual(old);
            if (returned && !isNew)
            {
                return $"'{path}' is {Describe(state, path)} after the operation returned; it must be the new content";
            }

            return isNew || isOld ? null : $"'{path}' is {Describe(state, path)}; it must be {(old is null ? "missing" : "the old content")} or the new content";
        });

    /// <summary>
    /// Move: the moved content is never lost (the source or the destination holds it, byte for byte); the
    /// destination is only ever its previous state or the moved content; once returned, the destination
    /// holds the content and the source is gone.
    /// </summary>
    public static Invariant Move(string source, string destination, byte[] content, byte[]? destinationBefore) => Make(
        $"'{source}' or '{destination}' holds the moved content; '{destination}' is {(destinationBefore is null ? "missing" : "its old content")} or the moved content; once returned only '{destination}' exists, with the content",
        (state, returned) =>
        {
            var sourceHolds = Holds(state, source, content);
            var destinationHolds = Holds(state, destination, content);
            var destinationAsBefore = destinationBefore is null ? !state.Exists(destination) : Holds(state, destination, destinationBefore);
            if (returned && (!destinationHolds || state.Exists(source)))
            {
                return $"after the operation returned '{destination}' is {Describe(state, destination)} and '{source}' is {Describe(state, source)}; the destination must hold the moved content and the source must be gone";
            }

            if (!sourceHolds && !destinationHolds)
            {
                return $"the moved content is lost: '{source}' is {Describe(state, source)} and '{destination}' is {Describe(state, destination)}";
            }

            return destinationHolds || destinationAsBefore ? null : $"'{destination}' is {Describe(state, destination)}; it must be {(destinationBefore is null ? "missing" : "its old content")} or the moved content";
        });

    /// <summary>
    /// Replace: the destination always exists and is its old or the new content (never missing, empty or
    /// partial); the new content is never lost (source or destination holds it); the old content is never
    /// lost while a backup was asked for (destination or backup holds it); once returned the destination is
    /// new, the backup (if any) is old and the source is gone.
    /// </summary>
    public static Invariant Replace(string source, string destination, string? backup, byte[] @new, byte[] old) => Make(
        $"'{destination}' is old or new; the new content is in '{source}' or '{destination}'"
        + (backup is null ? "" : $"; the old content is in '{destination}' or '{backup}'")
        + $"; once returned '{destination}' is new{(backup is null ? "" : $", '{backup}' is old")} and '{source}' is gone",
        (state, returned) =>
        {
            var destinationNew = Holds(state, destination, @new);
            var destinationOld = Holds(state, destination, old);
            if (returned && (!destinationNew || state.Exists(source) || (backup is not null && !Holds(state, backup, old))))
            {
                return $"after the operation returned '{destination}' is {Describe(state, destination)}, '{source}' is {Describe(state, source)}"
                    + (backup is null ? "" : $", '{backup}' is {Describe(state, backup)}")
                    + $"; expected the new content in '{destination}'{(backup is null ? "" : $", the old one in '{backup}'")} and no '{source}'";
            }

            if (!destinationNew && !destinationOld)
            {
                return $"'{destination}' is {Describe(state, destination)}; it must be the old or the new content";
            }

            if (!destinationNew && !Holds(state, source, @new))
            {
                return $"the new content is lost: '{source}' is {Describe(state, source)} and '{destination}' is {Describe(state, destination)}";
            }

            return backup is not null && !destinationOld && !Holds(state, backup, old)
                ? $"the old content is lost: '{destination}' is {Describe(state, destination)} and the backup '{backup}' is {Describe(state, backup)}"
                : null;
        });

    /// <summary>
    /// Copy: the source is never changed; the destination is only ever its previous state or the complete
    /// copy — never empty or partial; once returned, the complete copy.
    /// </summary>
    public static Invariant Copy(string source, string destination, byte[] content, byte[]? destinationBefore) => Make(
        $"'{source}' unchanged; '{destination}' is {(destinationBefore is null ? "missing" : "its old content")} or the complete copy, only the copy once returned",
        (state, returned) =>
        {
            if (!Holds(state, source, content))
            {
                return $"the copy's source '{source}' is {Describe(state, source)}; it must stay unchanged";
            }

            var copied = Holds(state, destination, content);
            if (returned && !copied)
            {
                return $"'{destination}' is {Describe(state, destination)} after the operation returned; it must be the complete copy";
            }

            var asBefore = destinationBefore is null ? !state.Exists(destination) : Holds(state, destination, destinationBefore);
            return copied || asBefore ? null : $"'{destination}' is {Describe(state, destination)}; it must be {(destinationBefore is null ? "missing" : "its old content")} or the complete copy";
        });

    /// <summary>Delete: the file is either intact or gone — never truncated; once returned, gone.</summary>
    public static Invariant Delete(string path, byte[] content) => Make(
        $"'{path}' is intact or missing, missing once returned",
        (state, returned) =>
        {
            if (returned && state.Exists(path))
            {
                return $"'{path}' is {Describe(state, path)} after the operation returned; it must be gone";
            }

            return !state.Exists(path) || Holds(state, path, content) ? null : $"'{path}' is {Describe(state, path)}; it must be intact or missing";
        });

    /// <summary>
    /// Append: the existing content is never damaged or lost, and what follows it is a prefix of the appended
    /// bytes (a torn tail at most: an append of several blocks is not atomic on any POSIX file system, and
    /// DurableIO does not claim it is); once returned, exactly the old content followed by all the appended bytes.
    /// A file the append creates may be missing until the operation returns.
    /// </summary>
    public static Invariant Append(string path, byte[]? old, byte[] appended)
    {
        var complete = (old ?? Array.Empty<byte>()).Concat(appended).ToArray();
        return Make(
            $"'{path}' is {(old is null ? "missing or " : "")}the old content followed by a prefix of the appended bytes, all of them once returned",
            (state, returned) =>
            {
                var content = state.File(path);
                if (returned)
                {
                    return content is not null && content.AsSpan().SequenceEqual(complete)
                        ? null
                        : $"'{path}' is {Describe(state, path)} after the operation returned; it must be the old content followed by all {appended.Length} appended bytes";
                }

                if (content is null)
                {
                    return old is null && !state.Exists(path) ? null : $"'{path}' is {Describe(state, path)}; the existing content must never be lost";
                }

                var oldLength = old?.Length ?? 0;
                return content.Length >= oldLength && complete.AsSpan().StartsWith(content)
                    ? null
                    : $"'{path}' is {Describe(state, path)}; it must be the old content followed by a prefix of the appended bytes";
            });
    }

    /// <summary>
    /// CreateDirectory: no level of the path is ever anything but a directory; once returned, every level
    /// exists (a crash before may leave any prefix of the levels, which a retry completes).
    /// </summary>
    public static Invariant CreateDirectory(string path)
    {
        var levels = path.Split('/').Select((_, index) => string.Join("/", path.Split('/').Take(index + 1))).ToArray();
        return Make(
            $"every level of '{path}' is a directory when present, all present once returned",
            (state, returned) =>
            {
                foreach (var level in levels)
                {
                    if (state.Exists(level) && !state.IsDirectory(level))
                    {
                        return $"'{level}' exists but is not a directory";
                    }

                    if (returned && !state.IsDirectory(level))
                    {
                        return $"'{level}' is missing after the operation returned";
                    }
                }

                return null;
            });
    }

    /// <summary>
    /// Sync of a file written non-durably: no claim before it returns (the write itself is not atomic); once
    /// returned, the file holds the content written.
    /// </summary>
    public static Invariant DurableOnceReturned(string path, byte[] content) => Make(
        $"'{path}' is the written content once returned",
        (state, returned) => !returned || Holds(state, path, content) ? null : $"'{path}' is {Describe(state, path)} after the operation returned; it must be the content written");

    private static (string Appender, byte[][] Records)[] SingleAppender(int count) =>
        new[] { ("single", Enumerable.Range(0, count).Select(LogRecords.Single).ToArray()) };

    /// <summary>
    /// A record log (DurableLog's format, read by <see cref="LogRecords.Parse"/>, the reader's rule: stop at the first torn or
    /// corrupt frame): the records recovered are the existing ones, intact and first, then appended records only, each
    /// whole and byte for byte one that was appended, each appender's in its order with none skipped (so nothing is
    /// duplicated or reordered, and an unacknowledged record can be missing only at the end); every record acknowledged
    /// before the crash point is there; once returned, all of them. A log the operation creates may be missing until its
    /// first acknowledgement.
    /// </summary>
    public static Invariant Log(string path, byte[][]? existing, (string Appender, byte[][] Records)[] appenders)
    {
        var expected = appenders.SelectMany(a => a.Records.Select((record, index) => (Label: LogRecords.Label(a.Appender, index), Record: record)))
            .ToDictionary(e => e.Label, e => e.Record, StringComparer.Ordinal);
        var existingCount = existing?.Length ?? 0;
        return new Invariant(
            $"'{path}' recovers its {existingCount} existing records, then whole appended records, each appender's in order without gaps; "
            + $"every acknowledged record once acknowledged; all {expected.Count} once returned",
            Describer,
            (state, returned, acknowledged) =>
            {
                var content = state.File(path);
                if (content is null)
                {
                    return existing is null && !state.Exists(path) && acknowledged.Count == 0 && !returned
                        ? null
                        : $"'{path}' is {Describe(state, path)}; acknowledged so far: [{string.Join(", ", acknowledged)}]";
                }

                var records = LogRecords.Parse(content);
                var labels = records.Select(LogRecords.LabelOf).ToList();
                string Recovered() => $"recovered [{string.Join(", ", labels)}] from {content.Length} bytes; acknowledged [{string.Join(", ", acknowledged)}]";
                for (var i = 0; i < existingCount; i++)
                {
                    if (i >= records.Count || !records[i].AsSpan().SequenceEqual(existing![i]))
                    {
                        return $"existing record {i} of '{path}' is lost or damaged: {Recovered()}";
                    }
                }

                var next = appenders.ToDictionary(a => a.Appender, _ => 0, StringComparer.Ordinal);
                foreach (var record in records.Skip(existingCount))
                {
                    var label = LogRecords.LabelOf(record);
                    if (!expected.TryGetValue(label, out var appended) || !record.AsSpan().SequenceEqual(appended))
                    {
                        return $"'{path}' yields a record that was never appended or is not whole ('{label}', {record.Length} bytes): {Recovered()}";
                    }

                    var appender = label[..label.IndexOf('#')];
                    if (label != LogRecords.Label(appender, next[appender]))
                    {
                        return $"'{path}' yields '{label}' where '{LogRecords.Label(appender, next[appender])}' was due (duplicated, reordered or skipped): {Recovered()}";
                    }

                    next[appender]++;
                }

                var missing = acknowledged.Where(label => !labels.Contains(label)).ToList();
                if (missing.Count > 0)
                {
                    return $"acknowledged record{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} of '{path}' {(missing.Count > 1 ? "are" : "is")} lost: {Recovered()}";
                }

                return returned && records.Count != existingCount + expected.Count
                    ? $"'{path}' lacks records after the operation returned: {Recovered()}"
                    : null;
            });
    }

    /// <summary>A file the operation does not touch keeps its content in every crash state.</summary>
    public static Invariant Unchanged(string path, byte[] content) => Make(
        $"'{path}' unchanged",
        (state, _) => Holds(state, path, content) ? null : $"'{path}', which the operation does not touch, is {Describe(state, path)}");

    private static bool Holds(CrashState state, string path, byte[] content) =>
        state.File(path) is { } actual && actual.AsSpan().SequenceEqual(content);

    private static string Describe(CrashState state, string path) =>
        !state.Exists(path) ? "missing" : state.IsDirectory(path) ? "a directory" : Describer.Describe(state.File(path)!);

    private static Invariant Make(string statement, Func<CrashState, bool, string?> check) => new(statement, Describer, check);
}
