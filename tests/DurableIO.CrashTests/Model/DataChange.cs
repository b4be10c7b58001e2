using System;

namespace DurableIO.CrashTests.Model;

/// <summary>One unit of a file's data that a crash keeps or loses as a whole: a write within one block, or a truncation.</summary>
public abstract record DataChange
{
    public abstract byte[] ApplyTo(byte[] content);

    public abstract string Describe();
}

public sealed record WriteChange(long Offset, byte[] Data) : DataChange
{
    public override byte[] ApplyTo(byte[] content)
    {
        var end = Offset + Data.Length;
        var result = new byte[Math.Max(content.Length, end)];
        content.CopyTo(result, 0); // bytes between the old end and Offset stay zero: a hole
        Data.CopyTo(result, Offset);
        return result;
    }

    public override string Describe() => $"write of bytes {Offset}..{Offset + Data.Length}";
}

public sealed record TruncateChange(long Length) : DataChange
{
    public override byte[] ApplyTo(byte[] content)
    {
        var result = new byte[Length];
        Array.Copy(content, result, Math.Min(content.Length, Length));
        return result;
    }

    public override string Describe() => $"truncation to {Length} bytes";
}
