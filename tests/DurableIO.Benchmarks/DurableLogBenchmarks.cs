using System;
using System.IO;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace DurableIO.Benchmarks;

/// <summary>
/// 1, 4 and 16 threads append 100-byte records, each returning only once its record is on disk: DurableLog (group commit)
/// against the baseline, a FileStream append + Flush(true) per record under a lock. Every invocation appends
/// <see cref="RecordsPerInvocation"/> records in all (split evenly over the threads), so the mean is the time per record:
/// its inverse is the throughput, and with one thread it is an append's latency.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class DurableLogBenchmarks
{
    public const int RecordsPerInvocation = 256;
    private const int RecordSize = 100;

    private readonly object _gate = new();
    private readonly byte[] _record = new byte[RecordSize];
    private string _directory = "";
    private Appenders? _appenders;
    private DurableLog? _log;
    private FileStream? _stream;

    [Params(1, 4, 16)]
    public int Threads { get; set; }

    /// <summary>Records per <see cref="HandWritten"/> or <see cref="Log"/> call; the interleaved run (PairedRun) uses fewer.</summary>
    public int RecordsPerRun { get; set; } = RecordsPerInvocation;

    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten()
    {
        CreateDirectory();
        _stream = new FileStream(Path.Combine(_directory, "baseline.log"), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 4096);
        _appenders = new Appenders(Threads, RecordsPerRun, () =>
        {
            lock (_gate)
            {
                _stream.Write(_record, 0, _record.Length);
                _stream.Flush(flushToDisk: true);
            }
        });
    }

    [GlobalSetup(Target = nameof(Log))]
    public void SetupLog()
    {
        CreateDirectory();
        _log = DurableLog.Open(Path.Combine(_directory, "durable.log"));
        _appenders = new Appenders(Threads, RecordsPerRun, () => _log.Append(_record));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _appenders?.Dispose();
        _log?.Dispose();
        _stream?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvocation, Description = "FileStream + Flush(true) per record, under a lock")]
    public void HandWritten() => _appenders!.Run();

    [Benchmark(OperationsPerInvoke = RecordsPerInvocation, Description = "DurableLog.Append")]
    public void Log() => _appenders!.Run();

    private void CreateDirectory()
    {
        // Beside the repository (not /tmp, which may be a tmpfs whose fsync costs nothing).
        _directory = Path.Combine(AppContext.BaseDirectory, "bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        new Random(42).NextBytes(_record);
    }

    /// <summary>Dedicated threads (the thread pool would add its own start-up delays), released together for each invocation.</summary>
    public sealed class Appenders : IDisposable
    {
        private readonly Thread[] _threads;
        private readonly Barrier _start;
        private readonly Barrier _done;
        private volatile bool _stop;

        public Appenders(int count, int records, Action append)
        {
            _start = new Barrier(count + 1);
            _done = new Barrier(count + 1);
            _threads = new Thread[count];
            int each = records / count;
            for (int t = 0; t < count; t++)
            {
                _threads[t] = new Thread(() =>
                {
                    while (true)
                    {
                        _start.SignalAndWait();
                        if (_stop) return;
                        for (int i = 0; i < each; i++) append();
                        _done.SignalAndWait();
                    }
                })
                { IsBackground = true };
                _threads[t].Start();
            }
        }

        public void Run()
        {
            _start.SignalAndWait();
            _done.SignalAndWait();
        }

        public void Dispose()
        {
            _stop = true;
            _start.SignalAndWait();
            foreach (Thread thread in _threads) thread.Join();
            _start.Dispose();
            _done.Dispose();
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // A short job: each invocation is 256 records (tens to hundreds of ms), ratios against the baseline of the same run.
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(12).WithInvocationCount(1).WithUnrollFactor(1));
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(BenchmarkDotNet.Columns.RatioStyle.Value);
        }
    }
}
