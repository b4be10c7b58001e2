using System;
using System.Linq;
using System.Text;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// The contents the workloads write. Sizes span several 4 KiB blocks so that a partly persisted write
/// (a block-aligned prefix) differs from both the old and the new content; old and new differ in every
/// block so that a mix of the two is recognisable.
/// </summary>
public static class Contents
{
    public const string TargetName = "target.txt";
    public const string SourceName = "source.txt";
    public const string DestinationName = "destination.txt";
    public const string BackupName = "backup.txt";
    public const string OtherDirectoryName = "other";
    public const string NewDirectoryPath = "a/b/c";

    /// <summary>A file no workload touches: it must survive every crash unchanged.</summary>
    public const string BystanderName = "bystander.txt";

    public static readonly byte[] Bystander = Pattern("bystander", 1500);

    public static readonly byte[] Old = Pattern("old", 5000);

    public static readonly string NewText = Encoding.ASCII.GetString(Pattern("new", 9000));

    /// <summary>UTF-8 without a BOM, as <c>File.WriteAllText(path, text)</c> writes it.</summary>
    public static readonly byte[] New = Encoding.UTF8.GetBytes(NewText);

    public static readonly string[] NewLines = Enumerable.Range(0, 300).Select(i => $"line {i:D4} of the new content, padded to a fair length").ToArray();

    /// <summary>The bytes <c>File.WriteAllLines(path, NewLines)</c> writes: each line followed by the platform newline.</summary>
    public static readonly byte[] NewLinesBytes = Encoding.UTF8.GetBytes(string.Concat(NewLines.Select(line => line + Environment.NewLine)));

    public static readonly string AppendedText = Encoding.ASCII.GetString(Pattern("appended", 6000));

    public static readonly byte[] Appended = Encoding.UTF8.GetBytes(AppendedText);

    /// <summary>Recognisable ASCII: "tag:000000 tag:000011 …", every 11 bytes a new offset.</summary>
    private static byte[] Pattern(string tag, int length)
    {
        var text = new StringBuilder(length + 32);
        while (text.Length < length)
        {
            text.Append(tag).Append(':').Append(text.Length.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
