using System;
using System.IO;
using DurableIO;

namespace SeedExamples;

/// <summary>A transaction log: every entry is appended and synced before the caller continues.</summary>
internal sealed class TransactionLog
{
    private readonly string _path;

    public TransactionLog(string path) => _path = path;

    public static void Run(string workDir)
    {
        var log = new TransactionLog(Path.Combine(workDir, "transaction.log"));
        log.LogTransaction("UPDATE accounts SET balance=1000 WHERE id=1");
        log.LogTransaction("INSERT INTO logs VALUES ('account_update', NOW())");
    }

    public void LogTransaction(string transactionData)
    {
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.WriteLine($"Transaction: {transactionData}");

        // Flush(true) goes all the way down to the disk, like os.fsync
        writer.FlushToDisk();
        Console.WriteLine("   Transaction safely logged");
    }
}
