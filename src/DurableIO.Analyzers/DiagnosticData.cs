using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DurableIO.Analyzers;

/// <summary>
/// What a DurableIO diagnostic carries for its code fix, declared in one place: every property key, the meaning of every
/// additional location per rule, typed writers for the analyzers (<c>DiagnosticData.Dur001.Properties(…)</c>) and typed
/// readers for the fixers (<see cref="TryGetWriteKind"/>, <see cref="AdditionalLocation"/>, …). The per-rule meaning is
/// documented in <c>docs/diagnostic-data.md</c>; a rule without a nested class here (DUR008, DUR011, DUR014 apart from its
/// location) carries nothing but its location.
/// </summary>
/// <remarks>
/// Unless a rule says otherwise, the diagnostic's own location is the syntax of the model operation it is about
/// (<c>FileOperation.Location</c>), so a fixer can map it back to that operation (see the code fixes' <c>DiagnosticFacts</c>).
/// Boolean properties are written as <c>"true"</c>/<c>"false"</c>; a missing property reads as false.
/// </remarks>
public static class DiagnosticData
{
    /// <summary>Key of <see cref="WriteKind"/> (DUR001, DUR006, DUR009).</summary>
    public const string WriteKindKey = "WriteKind";

    /// <summary>Key of "write + rename may collapse into one <c>DurableFile.WriteAll*</c>" (DUR001, DUR009).</summary>
    public const string CollapsibleKey = "Collapsible";

    /// <summary>Key of "the rename is a <c>Replace</c>" (DUR002).</summary>
    public const string IsReplaceKey = "IsReplace";

    /// <summary>Key of "the temporary file may be created next to the target instead" (DUR009).</summary>
    public const string TempNextToTargetKey = "TempNextToTarget";

    /// <summary>Key of <see cref="DeleteGuard"/> (DUR010).</summary>
    public const string DeleteGuardKey = "DeleteGuard";

    /// <summary>Key of the local or parameter to flush to disk before the close (DUR006, stream writes).</summary>
    public const string FlushTargetKey = "FlushTarget";

    /// <summary>Key of the buffering wrapper's variable name (DUR004; empty for a temporary).</summary>
    public const string WrapperKey = "Wrapper";

    /// <summary>Key of "the runtime's <c>FlushToDisk()</c> on the wrapper reaches the same file" (DUR004).</summary>
    public const string WrapperFlushesToDiskKey = "WrapperFlushesToDisk";

    /// <summary>Key of "the runtime's <c>FlushToDisk()</c> on the flushed object reaches the file" (DUR005).</summary>
    public const string ReachesFileStreamKey = "ReachesFileStream";

    /// <summary>Key of <see cref="FlushInLoopKind"/> (DUR003).</summary>
    public const string FlushInLoopKindKey = "Kind";

    /// <summary>Key of "the opened directory is flushed to disk in the body" (DUR012).</summary>
    public const string FlushedKey = "Flushed";

    /// <summary>What wrote the file a diagnostic is about.</summary>
    public enum WriteKind
    {
        /// <summary>Nothing in the body writes it (DUR009 only).</summary>
        None,

        /// <summary>A whole-file call: <c>File.WriteAll*</c>/<c>AppendAll*</c> (+Async), <c>File.Copy</c>.</summary>
        WholeFile,

        /// <summary>A write into a stream, writer or handle.</summary>
        Stream,

        /// <summary>A write into a file kept in a field of the type that no member flushes to disk (DUR006; no fix).</summary>
        Member,
    }

    /// <summary>How the delete of a DUR010 is guarded.</summary>
    public enum DeleteGuard
    {
        /// <summary>A plain statement.</summary>
        None,

        /// <summary>Alone under an <c>if (….Exists(…))</c> without else.</summary>
        Exists,

        /// <summary>Under another <c>if</c>.</summary>
        Other,
    }

    /// <summary>The two shapes of DUR003.</summary>
    public enum FlushInLoopKind
    {
        /// <summary>A flush to disk in the loop; the diagnostic is on the flush invocation.</summary>
        Flush,

        /// <summary>A write to a write-through stream in the loop; the diagnostic is on the write.</summary>
        WriteThrough,
    }

    /// <summary>DUR001: the diagnostic is on the rename invocation (<c>FileOperationKind.Rename</c>).</summary>
    public static class Dur001
    {
        /// <summary>Index of the additional location of the last write of the renamed file before the rename (a <c>FileOperationKind.Write</c>).</summary>
        public const int UnflushedWrite = 0;

        /// <param name="writeKind">What made that write.</param>
        /// <param name="collapsible">The write is the only write of the file, a single non-append, non-durable whole-file call.</param>
        public static ImmutableDictionary<string, string?> Properties(WriteKind writeKind, bool collapsible) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(WriteKindKey, writeKind.ToString())
                .Add(CollapsibleKey, Bool(collapsible));
    }

    /// <summary>DUR002: the diagnostic is on the rename invocation; no additional location.</summary>
    public static class Dur002
    {
        public static ImmutableDictionary<string, string?> Properties(bool isReplace) =>
            ImmutableDictionary<string, string?>.Empty.Add(IsReplaceKey, Bool(isReplace));
    }

    /// <summary>DUR003: the diagnostic is on the flush invocation (<see cref="FlushInLoopKind.Flush"/>) or on the write.</summary>
    public static class Dur003
    {
        /// <summary>Index of the additional location of the loop statement.</summary>
        public const int Loop = 0;

        public static ImmutableDictionary<string, string?> Properties(FlushInLoopKind kind) =>
            ImmutableDictionary<string, string?>.Empty.Add(FlushInLoopKindKey, kind.ToString());
    }

    /// <summary>DUR004: the diagnostic is on the flush to disk.</summary>
    public static class Dur004
    {
        /// <summary>Index of the additional location of the last write still buffered in the wrapper.</summary>
        public const int PendingWrite = 0;

        /// <param name="wrapper">The variable that holds the outermost buffering wrapper; empty for a temporary.</param>
        /// <param name="wrapperFlushesToDisk">The runtime's <c>FlushToDisk()</c> on that wrapper reaches the same file.</param>
        public static ImmutableDictionary<string, string?> Properties(string wrapper, bool wrapperFlushesToDisk) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(WrapperKey, wrapper)
                .Add(WrapperFlushesToDiskKey, Bool(wrapperFlushesToDisk));
    }

    /// <summary>DUR005: the diagnostic is on the <c>Flush()</c>/<c>FlushAsync()</c> invocation; no additional location.</summary>
    public static class Dur005
    {
        public static ImmutableDictionary<string, string?> Properties(bool reachesFileStream) =>
            ImmutableDictionary<string, string?>.Empty.Add(ReachesFileStreamKey, Bool(reachesFileStream));
    }

    /// <summary>DUR006: the diagnostic is on the last write (the whole-file call, or the last write into the stream).</summary>
    public static class Dur006
    {
        /// <summary>Index of the additional location of the close (stream writes only): the <c>using</c> statement or declaration, or the <c>Dispose</c>/<c>Close</c>/<c>DisposeAsync</c> invocation.</summary>
        public const int Close = 0;

        public static ImmutableDictionary<string, string?> WholeFile() =>
            ImmutableDictionary<string, string?>.Empty.Add(WriteKindKey, WriteKind.WholeFile.ToString());

        /// <summary>A file kept in a field or auto-property of the type: no additional location, no fix.</summary>
        public static ImmutableDictionary<string, string?> Member() =>
            ImmutableDictionary<string, string?>.Empty.Add(WriteKindKey, WriteKind.Member.ToString());

        /// <param name="flushTarget">The local or parameter to flush at the close (the outermost writer still open there), or null.</param>
        public static ImmutableDictionary<string, string?> Stream(string? flushTarget)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(WriteKindKey, WriteKind.Stream.ToString());
            return flushTarget is null ? properties : properties.Add(FlushTargetKey, flushTarget);
        }
    }

    /// <summary>DUR007: the diagnostic is on the expression that creates the file (a <c>FileOperationKind.Open</c>).</summary>
    public static class Dur007
    {
        /// <summary>Index of the additional location of the path argument (a string, or the <c>FileInfo</c> of <c>FileInfo.Create</c>).</summary>
        public const int PathArgument = 0;

        /// <summary>Index of the additional location, when present, of the close after the last flush to disk.</summary>
        public const int Close = 1;
    }

    /// <summary>DUR009: the diagnostic is on the rename invocation.</summary>
    public static class Dur009
    {
        /// <summary>Index of the additional location, present only when collapsible, of the single whole-file write of the temporary file.</summary>
        public const int OnlyWrite = 0;

        public static ImmutableDictionary<string, string?> Properties(WriteKind writeKind, bool collapsible, bool tempNextToTarget) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(WriteKindKey, writeKind.ToString())
                .Add(CollapsibleKey, Bool(collapsible))
                .Add(TempNextToTargetKey, Bool(tempNextToTarget));
    }

    /// <summary>DUR010: the diagnostic is on the delete invocation; both calls are statements of the same statement list.</summary>
    public static class Dur010
    {
        /// <summary>Index of the additional location of the move onto the deleted target.</summary>
        public const int Rename = 0;

        public static ImmutableDictionary<string, string?> Properties(DeleteGuard guard) =>
            ImmutableDictionary<string, string?>.Empty.Add(DeleteGuardKey, guard.ToString());
    }

    /// <summary>DUR011: the diagnostic is on the <c>Flush(true)</c> invocation.</summary>
    public static class Dur011
    {
        /// <summary>Index of the additional location of the last write still in the FileStream's buffer.</summary>
        public const int PendingWrite = 0;
    }

    /// <summary>DUR012: the diagnostic is on the expression that opens the directory (a <c>FileOperationKind.Open</c>).</summary>
    public static class Dur012
    {
        /// <param name="flushed">The body flushes that stream or handle to disk (the "directory sync" the fix replaces).</param>
        public static ImmutableDictionary<string, string?> Properties(bool flushed) =>
            ImmutableDictionary<string, string?>.Empty.Add(FlushedKey, Bool(flushed));
    }

    /// <summary>DUR013: the diagnostic is on the <c>Flush(true)</c> invocation.</summary>
    public static class Dur013
    {
        /// <summary>Index of the additional location of the open of the chain's root (a <c>FileOperationKind.Open</c>).</summary>
        public const int Open = 0;
    }

    /// <summary>The value of <see cref="WriteKindKey"/>; false when absent.</summary>
    public static bool TryGetWriteKind(Diagnostic diagnostic, out WriteKind kind) => TryGetEnum(diagnostic, WriteKindKey, out kind);

    /// <summary>The value of <see cref="DeleteGuardKey"/>; false when absent.</summary>
    public static bool TryGetDeleteGuard(Diagnostic diagnostic, out DeleteGuard guard) => TryGetEnum(diagnostic, DeleteGuardKey, out guard);

    /// <summary>The value of <see cref="FlushInLoopKindKey"/>; false when absent.</summary>
    public static bool TryGetFlushInLoopKind(Diagnostic diagnostic, out FlushInLoopKind kind) => TryGetEnum(diagnostic, FlushInLoopKindKey, out kind);

    /// <summary>DUR001/DUR009: write + rename may collapse into one <c>DurableFile.WriteAll*</c>.</summary>
    public static bool IsCollapsible(Diagnostic diagnostic) => IsTrue(diagnostic, CollapsibleKey);

    /// <summary>DUR002: the rename is <c>File.Replace</c>/<c>FileInfo.Replace</c>.</summary>
    public static bool IsReplace(Diagnostic diagnostic) => IsTrue(diagnostic, IsReplaceKey);

    /// <summary>DUR009: the temporary file may be created next to the target instead.</summary>
    public static bool IsTempNextToTarget(Diagnostic diagnostic) => IsTrue(diagnostic, TempNextToTargetKey);

    /// <summary>DUR004: the runtime's <c>FlushToDisk()</c> on the wrapper reaches the same file.</summary>
    public static bool WrapperFlushesToDisk(Diagnostic diagnostic) => IsTrue(diagnostic, WrapperFlushesToDiskKey);

    /// <summary>DUR005: the runtime's <c>FlushToDisk()</c> on the flushed object reaches the file.</summary>
    public static bool ReachesFileStream(Diagnostic diagnostic) => IsTrue(diagnostic, ReachesFileStreamKey);

    /// <summary>DUR012: the opened directory is flushed to disk in the body.</summary>
    public static bool IsFlushed(Diagnostic diagnostic) => IsTrue(diagnostic, FlushedKey);

    /// <summary>DUR004: the buffering wrapper's variable name; null when absent or empty (a temporary).</summary>
    public static string? GetWrapper(Diagnostic diagnostic) => NonEmpty(diagnostic, WrapperKey);

    /// <summary>DUR006: the local or parameter to flush at the close; null when absent.</summary>
    public static string? GetFlushTarget(Diagnostic diagnostic) => NonEmpty(diagnostic, FlushTargetKey);

    /// <summary>The additional location at <paramref name="index"/> (one of the per-rule constants), or null when the diagnostic has none there.</summary>
    public static Location? AdditionalLocation(Diagnostic diagnostic, int index) =>
        index >= 0 && index < diagnostic.AdditionalLocations.Count ? diagnostic.AdditionalLocations[index] : null;

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool IsTrue(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out var value) && value == "true";

    private static string? NonEmpty(Diagnostic diagnostic, string key) =>
        diagnostic.Properties.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static bool TryGetEnum<T>(Diagnostic diagnostic, string key, out T value)
        where T : struct
    {
        value = default;
        return diagnostic.Properties.TryGetValue(key, out var text) && text is not null
            && System.Enum.TryParse(text, ignoreCase: false, out value) && System.Enum.IsDefined(typeof(T), value);
    }
}
