using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DurableIO;

namespace TransactionLog;

/// <summary>
/// A tiny ledger: each transfer is one commit record ("id;from;to;amount") appended to a DurableLog. A commit is durable
/// once <see cref="Ledger.CommitAsync"/> returns; balances are never stored, only rebuilt by replaying the log, so a crash
/// at any moment leaves exactly the acknowledged transfers (and perhaps the last unacknowledged ones).
/// Usage: TransactionLog [log file] (default: a new file in the temporary folder).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        string path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "transactions-" + Guid.NewGuid().ToString("N") + ".log");

        await using (var ledger = Ledger.Open(path))
        {
            Console.WriteLine($"Replayed {ledger.Count} commits from {path}");
            await ledger.CommitAsync("alice", "bob", 25);
            await ledger.CommitAsync("bob", "carol", 10);
            // Eight transfers committed at once: they share fsyncs (group commit); each await returns once its record is on disk.
            await Task.WhenAll(Enumerable.Range(1, 8).Select(i => ledger.CommitAsync("carol", "alice", i)));
            Console.WriteLine($"Committed 10 transfers; {ledger.Count} in the log");
        }

        // Reopen (what a restart after a crash does): recovery keeps every whole record and cuts a torn tail.
        await using (var ledger = Ledger.Open(path))
        {
            foreach (var (account, balance) in ledger.Balances().OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"{account,-6} {balance,5}");
            }
        }

        // Reading needs no writer and writes nothing.
        Console.WriteLine($"ReadAll: {DurableLog.ReadAll(path).Count()} records");
    }
}

/// <summary>Balances rebuilt from a log of transfers.</summary>
public sealed class Ledger : IAsyncDisposable
{
    private readonly DurableLog _log;
    private readonly Dictionary<string, long> _balances = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _nextId;

    private Ledger(DurableLog log) => _log = log;

    public long Count { get; private set; }

    /// <summary>Opens (or creates) the log and replays it.</summary>
    public static Ledger Open(string path)
    {
        var ledger = new Ledger(DurableLog.Open(path));
        foreach (byte[] record in DurableLog.ReadAll(path))
        {
            ledger.Apply(Encoding.UTF8.GetString(record));
        }

        return ledger;
    }

    /// <summary>Appends one transfer; returns once it is on disk, then applies it.</summary>
    public async Task CommitAsync(string from, string to, long amount)
    {
        long id;
        lock (_gate)
        {
            id = ++_nextId;
        }

        string record = string.Create(CultureInfo.InvariantCulture, $"{id};{from};{to};{amount}");
        await _log.AppendAsync(Encoding.UTF8.GetBytes(record));
        Apply(record);
    }

    public IReadOnlyDictionary<string, long> Balances()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_balances, StringComparer.Ordinal);
        }
    }

    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private void Apply(string record)
    {
        string[] parts = record.Split(';');
        long amount = long.Parse(parts[3], CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _nextId = Math.Max(_nextId, long.Parse(parts[0], CultureInfo.InvariantCulture));
            _balances[parts[1]] = _balances.GetValueOrDefault(parts[1]) - amount;
            _balances[parts[2]] = _balances.GetValueOrDefault(parts[2]) + amount;
            Count++;
        }
    }
}
