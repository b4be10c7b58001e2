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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
