using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace DurableIO.CrashTests.Model;

/// <summary>
/// What the scratch directory could hold after a crash: every file (path → bytes) and directory
/// (path → null) reachable from it, and how this state arose (which pending changes it kept).
/// </summary>
public sealed class CrashState
{
    private string? fingerprint;

    public CrashState(IReadOnlyDictionary<string, byte[]?> entries, string provenance)
    {
        Entries = entries;
        Provenance = provenance;
    }

    public IReadOnlyDictionary<string, byte[]?> Entries { get; }

    /// <summary>Which pending changes this state kept and which it lost.</summary>
    public string Provenance { get; }

    public bool Exists(string path) => Entries.ContainsKey(path);

    public bool IsDirectory(string path) => Entries.TryGetValue(path, out var content) && content is null;

    /// <summary>The file's bytes; null when the path is missing or a directory.</summary>
    public byte[]? File(string path) => Entries.TryGetValue(path, out var content) ? content : null;

    /// <summary>Identifies equal states, so each distinct state is checked once per crash point.</summary>
    public string Fingerprint => fingerprint ??= string.Join(
        "|",
        Entries.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry =>
            entry.Key + (entry.Value is null ? "/" : ":" + Convert.ToHexString(SHA256.HashData(entry.Value)))));

    /// <summary>Every entry, with <paramref name="describe"/> naming each file's content.</summary>
    public string Listing(Func<byte[], string> describe)
    {
        var builder = new StringBuilder();
        foreach (var (path, content) in Entries.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            builder.Append(builder.Length == 0 ? "" : "; ").Append(path).Append(content is null ? "/ (directory)" : " = " + describe(content));
        }

        return builder.Length == 0 ? "(scratch directory empty)" : builder.ToString();
    }
}
