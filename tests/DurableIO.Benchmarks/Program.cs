using System;
using System.Linq;
using BenchmarkDotNet.Running;
using DurableIO.Benchmarks;

if (args.FirstOrDefault() == "--paired")
{
    // Interleaved rounds (see PairedRun): 4 KiB and 1 MiB, about 10 seconds each on an SSD-backed virtual disk.
    PairedRun.Run(4 * 1024, rounds: 4000);
    PairedRun.Run(1024 * 1024, rounds: 1500);
    return;
}

if (args.FirstOrDefault() == "--log-paired")
{
    // DurableLog against the hand-written append, interleaved (see PairedRun): 1, 4 and 16 appenders.
    foreach (int threads in new[] { 1, 4, 16 }) PairedRun.RunLog(threads, records: 64, rounds: 40);
    return;
}

if (args.FirstOrDefault() == "--log-fsyncs")
{
    // For `strace -c -f -e trace=fsync,pwrite64`: args[1] = "log" or "handwritten", args[2] = threads; about 1,000 records of 100 bytes.
    int threads = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var benchmarks = new DurableLogBenchmarks { Threads = threads };
    if (args[1] == "log") benchmarks.SetupLog();
    else benchmarks.SetupHandWritten();
    int invocations = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : (1000 + DurableLogBenchmarks.RecordsPerInvocation - 1) / DurableLogBenchmarks.RecordsPerInvocation;
    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (int i = 0; i < invocations; i++) benchmarks.Log();
    clock.Stop();
    benchmarks.Cleanup();
    Console.WriteLine($"{args[1]}, {threads} threads: {invocations * DurableLogBenchmarks.RecordsPerInvocation} records appended, {clock.Elapsed.TotalMilliseconds * 1000 / (invocations * DurableLogBenchmarks.RecordsPerInvocation):F1} µs per record");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
