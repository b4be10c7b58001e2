using System.Collections.Generic;
using System.IO;
using System.Threading;

using static DurableIO.CrashWorkloads.LogRecords;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// DurableLog: one appender (after recovering a torn tail), a new log, concurrent appenders; and two hand-written logs,
/// each with one flaw, to show the log invariant can fail. Every append is acknowledged (<see cref="Workload.Acknowledge"/>)
/// right after it returns.
/// </summary>
public static class LogWorkloads
{
    public static IEnumerable<Workload> All()
    {
        yield return new Workload(
            "library.DurableLog",
            "DurableLog.Open of a log with two records and a torn tail (recovery cuts it), then five appends of 1.5-5 KiB, one at a time",
            scratch =>
            {
                Setups.BystanderOnly(scratch);
                scratch.CreateFile(LogName, ExistingLog(tornTail: true));
            },
            async scratch =>
            {
                using var log = DurableLog.Open(scratch.Path(LogName));
                for (int i = 0; i < SingleCount; i++)
                {
                    if (i % 2 == 0) log.Append(Single(i));
                    else await log.AppendAsync(Single(i)).ConfigureAwait(false);
                    Workload.Acknowledge(Label("single", i));
                }
            });

        yield return new Workload(
            "library.DurableLog.NewFile",
            "DurableLog.Open of a log that does not exist yet, then three appends",
            Setups.BystanderOnly,
            scratch =>
            {
                using var log = DurableLog.Open(scratch.Path(LogName));
                for (int i = 0; i < 3; i++)
                {
                    log.Append(Single(i));
                    Workload.Acknowledge(Label("single", i));
                }
            });

        yield return new Workload(
            "library.DurableLog.Concurrent",
            $"{Threads} threads append {PerThread} records each to one DurableLog (group commit), after two existing records",
            scratch =>
            {
                Setups.BystanderOnly(scratch);
                scratch.CreateFile(LogName, ExistingLog(tornTail: false));
            },
            scratch =>
            {
                using var log = DurableLog.Open(scratch.Path(LogName));
                using var start = new Barrier(Threads);
                var threads = new Thread[Threads];
                for (int t = 0; t < Threads; t++)
                {
                    int me = t;
                    threads[t] = new Thread(() =>
                    {
                        start.SignalAndWait();
                        for (int i = 0; i < PerThread; i++)
                        {
                            log.Append(OfThread(me, i));
                            Workload.Acknowledge(Label("thread" + me, i));
                        }
                    });
                    threads[t].Start();
                }

                foreach (var thread in threads) thread.Join();
            });
    }

    /// <summary>Hand-written logs in DurableLog's format, each with one flaw.</summary>
    public static IEnumerable<Workload> Naive()
    {
        yield return new Workload(
            "naive.Log.NoFsync",
            "frames appended with FileStream.Write + Flush() (no fsync), each acknowledged",
            scratch =>
            {
                Setups.BystanderOnly(scratch);
                scratch.CreateFile(LogName, ExistingLog(tornTail: false));
            },
            scratch =>
            {
                using var stream = new FileStream(scratch.Path(LogName), FileMode.Append, FileAccess.Write);
                for (int i = 0; i < SingleCount; i++)
                {
                    stream.Write(Frame(Single(i)));
                    stream.Flush();
                    Workload.Acknowledge(Label("single", i));
                }
            });

        yield return new Workload(
            "naive.Log.AppendAfterTornTail",
            "frames appended (each + Flush(true)) after a torn tail that was never cut off: a reader stops at the tear",
            scratch =>
            {
                Setups.BystanderOnly(scratch);
                scratch.CreateFile(LogName, ExistingLog(tornTail: true));
            },
            scratch =>
            {
                using var stream = new FileStream(scratch.Path(LogName), FileMode.Append, FileAccess.Write);
                for (int i = 0; i < SingleCount; i++)
                {
                    stream.Write(Frame(Single(i)));
                    stream.Flush(flushToDisk: true);
                    Workload.Acknowledge(Label("single", i));
                }
            });
    }
}
