using System;
using System.Collections.Generic;
using System.IO;

namespace SeedExamples;

/// <summary>
/// The transaction log as real services write it: the file is opened once, in the constructor, and kept in fields;
/// entries are appended by one member, "committed" by another, and the file is closed in Dispose.
/// </summary>
internal sealed class LongLivedLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public LongLivedLog(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        _writer = new StreamWriter(_stream);
    }

    public static void Run(string workDir)
    {
        using var log = new LongLivedLog(Path.Combine(workDir, "ledger.log"));
        log.Append("debit 42 from account 1");
        log.Commit();
        log.AppendBatch(new[] { "credit 7 to account 2", "credit 35 to account 3" });
        log.Append("close day");
        log.Checkpoint();
        Console.WriteLine("   Ledger committed");
    }

    public void Append(string entry) => _writer.WriteLine(entry);

    // "Commit" with Flush(): the entries reach the operating system, not the disk.
    public void Commit() => _writer.Flush();

    // Every entry of a batch synced on its own: one disk round trip per entry.
    public void AppendBatch(IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            _writer.WriteLine(entry);
            _writer.Flush();
            _stream.Flush(true);
        }
    }

    // The stream is synced, but what Append left in the writer's buffer is not in it yet.
    public void Checkpoint() => _stream.Flush(true);

    public void Dispose() => _writer.Dispose();
}
