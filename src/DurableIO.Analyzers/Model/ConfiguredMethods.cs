using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableIO.Analyzers.Model;

/// <summary>
/// The user's own flush/sync helpers from <c>.editorconfig</c>/<c>.globalconfig</c>:
/// <c>durableio.flush_to_disk_methods</c> and <c>durableio.directory_sync_methods</c>, comma-separated
/// documentation-comment IDs (<c>M:MyCo.Io.Fs.Sync(System.IO.FileStream)</c>).
/// </summary>
internal sealed class ConfiguredMethods
{
    public const string FlushToDiskKey = "durableio.flush_to_disk_methods";
    public const string DirectorySyncKey = "durableio.directory_sync_methods";
    public const string FlushHelpersByNameKey = "durableio.flush_helpers_by_name";

    public static readonly ConfiguredMethods None = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), flushHelpersByName: true);

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private ConfiguredMethods(HashSet<string> flushToDisk, HashSet<string> directorySync, bool flushHelpersByName)
    {
        FlushHelpersByName = flushHelpersByName;
        FlushToDisk = flushToDisk;
        DirectorySync = directorySync;
        foreach (var id in flushToDisk)
        {
            _names.Add(NameOf(id));
        }

        foreach (var id in directorySync)
        {
            _names.Add(NameOf(id));
        }
    }

    public HashSet<string> FlushToDisk { get; }

    public HashSet<string> DirectorySync { get; }

    /// <summary>
    /// Whether a method whose name says it flushes to disk (<c>Fsync</c>, <c>FlushToDisk</c>, …) counts as one where its body
    /// cannot be seen through; <c>durableio.flush_helpers_by_name = false</c> turns that off.
    /// </summary>
    public bool FlushHelpersByName { get; }

    /// <summary>True when some method is configured.</summary>
    public bool HasNames => _names.Count > 0;

    /// <summary>True when <paramref name="options"/> configure any helper (no parsing).</summary>
    public static bool AnyIn(AnalyzerConfigOptions options) =>
        options.TryGetValue(FlushToDiskKey, out _) || options.TryGetValue(DirectorySyncKey, out _) || options.TryGetValue(FlushHelpersByNameKey, out _);

    /// <summary>Cheap pre-filter by method name before computing a documentation ID.</summary>
    public bool IsCandidate(string methodName) => _names.Count > 0 && _names.Contains(methodName);

    public static ConfiguredMethods From(AnalyzerConfigOptions options)
    {
        var flush = Parse(options, FlushToDiskKey);
        var sync = Parse(options, DirectorySyncKey);
        var byName = !(options.TryGetValue(FlushHelpersByNameKey, out var value) && string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase));
        return flush.Count == 0 && sync.Count == 0 && byName ? None : new ConfiguredMethods(flush, sync, byName);
    }

    private static HashSet<string> Parse(AnalyzerConfigOptions options, string key)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            foreach (var item in value.Split(','))
            {
                var id = item.Trim();
                if (id.Length > 2)
                {
                    set.Add(id.StartsWith("M:", StringComparison.Ordinal) ? id : "M:" + id);
                }
            }
        }

        return set;
    }

    /// <summary>"M:N.T.Sync``1(System.IO.Stream)" → "Sync"; "M:N.T.#ctor" → "#ctor".</summary>
    internal static string NameOf(string id)
    {
        var end = id.IndexOf('(');
        if (end < 0)
        {
            end = id.Length;
        }

        var generic = id.IndexOf("``", StringComparison.Ordinal);
        if (generic >= 0 && generic < end)
        {
            end = generic;
        }

        var start = end > 0 ? id.LastIndexOf('.', end - 1) + 1 : 0;
        if (start < 2 && id.StartsWith("M:", StringComparison.Ordinal))
        {
            start = 2;
        }

        return end > start ? id.Substring(start, end - start) : string.Empty;
    }
}
