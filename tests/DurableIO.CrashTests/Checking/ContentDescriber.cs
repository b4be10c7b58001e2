using System;
using System.Collections.Generic;
using System.Linq;

namespace DurableIO.CrashTests.Checking;

/// <summary>Names a file's bytes in terms of the contents a workload knows ("the old content", "the first 4096 of 9000 bytes of the new content").</summary>
public sealed class ContentDescriber
{
    private readonly IReadOnlyList<(string Name, byte[] Content)> known;

    public ContentDescriber(params (string Name, byte[] Content)[] known) => this.known = known;

    public string Describe(byte[] content)
    {
        if (content.Length == 0)
        {
            return "empty (0 bytes)";
        }

        foreach (var (name, bytes) in known)
        {
            if (content.AsSpan().SequenceEqual(bytes))
            {
                return $"the {name} content ({bytes.Length} bytes)";
            }
        }

        foreach (var (name, bytes) in known.OrderByDescending(entry => entry.Content.Length))
        {
            if (content.Length < bytes.Length && bytes.AsSpan().StartsWith(content))
            {
                return $"the first {content.Length} of {bytes.Length} bytes of the {name} content";
            }
        }

        var closest = known.Select(entry => (entry.Name, Common: CommonPrefixLength(content, entry.Content))).OrderByDescending(entry => entry.Common).FirstOrDefault();
        var zeros = content.Count(b => b == 0);
        return $"{content.Length} bytes matching no expected content"
            + (closest.Name is null ? "" : $" (the same as the {closest.Name} content for the first {closest.Common} bytes)")
            + (zeros > 0 ? $", {zeros} of them zero" : "");
    }

    private static int CommonPrefixLength(byte[] a, byte[] b) => a.AsSpan().CommonPrefixLength(b);
}
