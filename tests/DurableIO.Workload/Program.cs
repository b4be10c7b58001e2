using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;
using Microsoft.Win32.SafeHandles;

// Usage: DurableIO.Workload [--throw-on-unsupported] <operation> <args...>
// Prints "OK" (exit 0) or "EXCEPTION <type>|<message>" (exit 1). Nothing else touches the file system first,
// so the first P/Invoke into libc made by the library is the one under test.
int i = 0;
if (args.Length > 0 && args[0] == "--throw-on-unsupported")
{
    AppContext.SetSwitch(DurableDirectory.ThrowOnUnsupportedSyncSwitchName, true);
    i++;
}

string op = args[i];
string Arg(int n) => args[i + n];
try
{
    switch (op)
    {
        case "write-text": DurableFile.WriteAllText(Arg(1), Arg(2)); break;
        case "write-text-async": await DurableFile.WriteAllTextAsync(Arg(1), Arg(2)); break;
        case "write-bytes": DurableFile.WriteAllBytes(Arg(1), Encoding.UTF8.GetBytes(Arg(2))); break;
        case "append-text": DurableFile.AppendAllText(Arg(1), Arg(2)); break;
        case "move": DurableFile.Move(Arg(1), Arg(2), overwrite: args.Length > i + 3 && Arg(3) == "overwrite"); break;
        case "replace": DurableFile.Replace(Arg(1), Arg(2), args.Length > i + 3 ? Arg(3) : null); break;
        case "copy": DurableFile.Copy(Arg(1), Arg(2), overwrite: true); break;
        case "delete": DurableFile.Delete(Arg(1)); break;
        case "sync-file": DurableFile.Sync(Arg(1)); break;
        case "sync-dir": DurableDirectory.Sync(Arg(1)); break;
        case "create-dir": DurableDirectory.CreateDirectory(Arg(1)); break;
        case "flush-stream":
            using (var stream = new FileStream(Arg(1), FileMode.Create, FileAccess.Write))
            {
                stream.Write(Encoding.UTF8.GetBytes(Arg(2)));
                stream.FlushToDisk();
            }

            break;
        case "flush-writer":
            using (var writer = new StreamWriter(Arg(1)))
            {
                writer.Write(Arg(2));
                writer.FlushToDisk();
            }

            break;
        case "flush-binary":
            using (var writer = new BinaryWriter(new BufferedStream(new FileStream(Arg(1), FileMode.Create, FileAccess.Write))))
            {
                writer.Write(Encoding.UTF8.GetBytes(Arg(2)));
                writer.FlushToDisk();
            }

            break;
        case "flush-handle":
            using (SafeFileHandle handle = File.OpenHandle(Arg(1), FileMode.Create, FileAccess.Write))
            {
                RandomAccess.Write(handle, Encoding.UTF8.GetBytes(Arg(2)), 0);
                handle.FlushToDisk();
            }

            break;
        case "flush-handle-async":
            using (SafeFileHandle handle = File.OpenHandle(Arg(1), FileMode.Create, FileAccess.Write))
            {
                await RandomAccess.WriteAsync(handle, Encoding.UTF8.GetBytes(Arg(2)), 0);
                await handle.FlushToDiskAsync();
            }

            break;
        case "log-append":
            // Opens the log and appends each record in turn. On the first failure, one more append must be refused
            // (the log is poisoned); then the first failure is reported.
            using (DurableLog log = DurableLog.Open(Arg(1)))
            {
                for (int r = 2; i + r < args.Length; r++)
                {
                    try
                    {
                        if (r % 2 == 0) log.Append(Encoding.UTF8.GetBytes(Arg(r)));
                        else await log.AppendAsync(Encoding.UTF8.GetBytes(Arg(r)));
                    }
                    catch (DurabilityException)
                    {
                        var later = Record(() => log.Append(Encoding.UTF8.GetBytes("later")));
                        if (later is not DurabilityException) throw new InvalidOperationException("an append after a failed one was not refused: " + later);
                        throw;
                    }
                }
            }

            break;
        case "log-concurrent":
            // Arg(2) threads append until their append fails (a fault is injected); each then tries once more, which must
            // fail too. Afterwards every acknowledged record must be in the log, each whole, each thread's in order.
            LogConcurrent(Arg(1), int.Parse(Arg(2), System.Globalization.CultureInfo.InvariantCulture));
            break;
        case "library-target":
            Console.Write(typeof(DurableFile).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
                .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName + " ");
            break;
        default: throw new ArgumentException($"unknown operation '{op}'");
    }

    Console.WriteLine("OK");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"EXCEPTION {e.GetType().FullName}|{e.Message}");
    return 1;
}

static Exception? Record(Action action)
{
    try
    {
        action();
        return null;
    }
    catch (Exception e)
    {
        return e;
    }
}

static void LogConcurrent(string path, int threads)
{
    var acknowledged = new List<string>[threads];
    var failures = new Exception?[threads];
    using (DurableLog log = DurableLog.Open(path))
    {
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int me = t;
            acknowledged[me] = new List<string>();
            workers[me] = new Thread(() =>
            {
                for (int n = 0; n < 100_000; n++)
                {
                    string record = $"thread {me} record {n}";
                    if (Record(() => log.Append(Encoding.UTF8.GetBytes(record))) is Exception e)
                    {
                        failures[me] = e;
                        if (Record(() => log.Append(Encoding.UTF8.GetBytes("later"))) is not DurabilityException)
                        {
                            failures[me] = new InvalidOperationException("an append after a failed one was not refused");
                        }

                        return;
                    }

                    acknowledged[me].Add(record);
                }
            });
            workers[me].Start();
        }

        foreach (Thread worker in workers) worker.Join();
    }

    if (failures.FirstOrDefault(f => f is not DurabilityException) is Exception wrong) throw new InvalidOperationException("an appender did not fail with DurabilityException: " + wrong);
    var read = DurableLog.ReadAll(path).Select(r => Encoding.UTF8.GetString(r)).ToList();
    for (int t = 0; t < threads; t++)
    {
        var mine = read.Where(r => r.StartsWith($"thread {t} ", StringComparison.Ordinal)).ToList();
        if (!mine.Take(acknowledged[t].Count).SequenceEqual(acknowledged[t]) || mine.Count > acknowledged[t].Count + 1)
        {
            throw new InvalidOperationException($"thread {t}: acknowledged [{string.Join(", ", acknowledged[t])}], in the log [{string.Join(", ", mine)}]");
        }
    }

    if (read.Count(r => !r.StartsWith("thread ", StringComparison.Ordinal)) > 0) throw new InvalidOperationException("unexpected log content: " + string.Join(", ", read));
}
