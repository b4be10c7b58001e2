using System;
using System.Collections.Generic;
using System.Text;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// The records the DurableLog workloads append, and DurableLog's record format (length, CRC-32C of the length and the
/// payload, payload; see src/DurableIO/Internal/LogFormat.cs) written and read independently of the library, so that the
/// checker does not trust the code it checks. Each record starts with its label ("single#2|"), which is also what the
/// workload acknowledges.
/// </summary>
public static class LogRecords
{
    public const string LogName = "journal.log";
    public const int SingleCount = 5;
    public const int Threads = 4;
    public const int PerThread = 6;

    /// <summary>The records a log holds before the operation (written by the setup).</summary>
    public static readonly byte[][] Existing = { Record("existing", 0, 700), Record("existing", 1, 2500) };

    /// <summary>A torn frame after <see cref="Existing"/>: the first 300 bytes of a 2000-byte record's frame.</summary>
    public static readonly byte[] TornTail = Frame(Record("torn", 0, 2000)).AsSpan(0, 300).ToArray();

    /// <summary>The single appender's records: 1500 to 5100 bytes, so that frames straddle 4 KiB blocks.</summary>
    public static byte[] Single(int index) => Record("single", index, 1500 + (900 * index));

    public static byte[] OfThread(int thread, int index) => Record("thread" + thread.ToString(System.Globalization.CultureInfo.InvariantCulture), index, 1200 + (100 * thread) + (37 * index));

    public static string Label(string appender, int index) => appender + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The label a record starts with, up to '|'.</summary>
    public static string LabelOf(byte[] record)
    {
        int bar = Array.IndexOf(record, (byte)'|');
        return bar < 0 ? "(no label)" : Encoding.ASCII.GetString(record, 0, bar);
    }

    /// <summary>The existing records framed, optionally followed by the torn tail.</summary>
    public static byte[] ExistingLog(bool tornTail)
    {
        var bytes = new List<byte>();
        foreach (var record in Existing) bytes.AddRange(Frame(record));
        if (tornTail) bytes.AddRange(TornTail);
        return bytes.ToArray();
    }

    public static byte[] Frame(byte[] record)
    {
        var frame = new byte[8 + record.Length];
        BitConverter.TryWriteBytes(frame.AsSpan(0, 4), (uint)record.Length);
        record.CopyTo(frame, 8);
        BitConverter.TryWriteBytes(frame.AsSpan(4, 4), Checksum(frame.AsSpan(0, 4), record));
        return frame;
    }

    /// <summary>What a reader recovers: the whole, valid records from the start, up to the first torn or corrupt frame.</summary>
    public static List<byte[]> Parse(byte[] file)
    {
        var records = new List<byte[]>();
        for (int at = 0; file.Length - at >= 8;)
        {
            uint length = BitConverter.ToUInt32(file, at);
            if (length > 64 * 1024 * 1024 || length > file.Length - at - 8) break;
            var record = file.AsSpan(at + 8, (int)length).ToArray();
            if (Checksum(file.AsSpan(at, 4), record) != BitConverter.ToUInt32(file, at + 4)) break;
            records.Add(record);
            at += 8 + (int)length;
        }

        return records;
    }

    private static byte[] Record(string appender, int index, int length)
    {
        var text = new StringBuilder(Label(appender, index)).Append('|');
        while (text.Length < length) text.Append((char)('a' + ((text.Length + index) % 26)));
        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    /// <summary>CRC-32C (Castagnoli), bitwise: slow and obviously right.</summary>
    private static uint Checksum(ReadOnlySpan<byte> lengthField, ReadOnlySpan<byte> payload)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var part in new[] { lengthField.ToArray(), payload.ToArray() })
        {
            foreach (byte b in part)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0x82F63B78 ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFF;
    }
}
