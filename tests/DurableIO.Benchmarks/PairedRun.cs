using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace DurableIO.Benchmarks;

/// <summary>
/// The benchmarks' methods run interleaved: each round runs every variant once, in rotating order, so that a slow
/// stretch of the disk (which lasts seconds on a virtual disk) slows all variants alike instead of whichever
/// benchmark BenchmarkDotNet happened to run then. Ratios come with a 95% interval from batch means.
/// </summary>
internal static class PairedRun
{
    private const int Batches = 20;

    public static void Run(int size, int rounds)
    {
        var benchmarks = new WriteAllBytesBenchmarks { Size = size };
        benchmarks.Setup();
        try
        {
            var variants = new (string Name, Action Run)[]
            {
                ("hand-written protocol (baseline)", benchmarks.HandWrittenProtocol),
                ("DurableFile.WriteAllBytes", benchmarks.DurableWriteAllBytes),
                ("File.WriteAllBytes (not durable)", benchmarks.FileWriteAllBytes),
            };
            var micros = Interleave(variants, rounds, warmups: 50, perRun: 1);

            Console.WriteLine($"Size {size.ToString(CultureInfo.InvariantCulture)} bytes, {rounds.ToString(CultureInfo.InvariantCulture)} interleaved rounds");
            Console.WriteLine();
            Console.WriteLine("| Variant | Mean µs | Median µs | Ratio (mean) | 95% interval | Ratio (median) |");
            Console.WriteLine("|---|---:|---:|---:|---|---:|");
            for (int v = 0; v < variants.Length; v++)
            {
                (double ratio, double halfWidth) = MeanRatio(micros[v], micros[0]);
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "| {0} | {1:F1} | {2:F1} | {3:F3} | {4:F3} – {5:F3} | {6:F3} |",
                    variants[v].Name,
                    micros[v].Average(),
                    Median(micros[v]),
                    ratio,
                    ratio - halfWidth,
                    ratio + halfWidth,
                    Median(micros[v]) / Median(micros[0])));
            }

            Console.WriteLine();
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    /// <summary>DurableLog against the hand-written append, interleaved: each round appends <paramref name="records"/> records with each, in alternating order.</summary>
    public static void RunLog(int threads, int records, int rounds)
    {
        var baseline = new DurableLogBenchmarks { Threads = threads, RecordsPerRun = records };
        var log = new DurableLogBenchmarks { Threads = threads, RecordsPerRun = records };
        baseline.SetupHandWritten();
        log.SetupLog();
        try
        {
            var variants = new (string Name, Action Run)[]
            {
                ("FileStream + Flush(true) per record, under a lock (baseline)", baseline.HandWritten),
                ("DurableLog.Append", log.Log),
            };
            var micros = Interleave(variants, rounds, warmups: 3, perRun: records); // per record

            Console.WriteLine($"{threads.ToString(CultureInfo.InvariantCulture)} appenders, {rounds.ToString(CultureInfo.InvariantCulture)} interleaved rounds of {records.ToString(CultureInfo.InvariantCulture)} records (100 bytes) each");
            Console.WriteLine();
            Console.WriteLine("| Variant | Mean µs per record | Median µs per record | Ratio (mean) | 95% interval | Throughput vs baseline |");
            Console.WriteLine("|---|---:|---:|---:|---|---:|");
            for (int v = 0; v < variants.Length; v++)
            {
                (double ratio, double halfWidth) = MeanRatio(micros[v], micros[0]);
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "| {0} | {1:F1} | {2:F1} | {3:F3} | {4:F3} – {5:F3} | {6:F1}× |",
                    variants[v].Name,
                    micros[v].Average(),
                    Median(micros[v]),
                    ratio,
                    ratio - halfWidth,
                    ratio + halfWidth,
                    1 / ratio));
            }

            Console.WriteLine();
        }
        finally
        {
            baseline.Cleanup();
            log.Cleanup();
        }
    }

    /// <summary>
    /// Runs every variant once per round, in an order that rotates by round, after <paramref name="warmups"/> untimed
    /// rounds; returns each variant's microseconds per round divided by <paramref name="perRun"/>.
    /// </summary>
    private static double[][] Interleave((string Name, Action Run)[] variants, int rounds, int warmups, int perRun)
    {
        var micros = variants.Select(_ => new double[rounds]).ToArray();
        for (int warmup = 0; warmup < warmups; warmup++)
        {
            foreach (var variant in variants) variant.Run();
        }

        var clock = new Stopwatch();
        for (int round = 0; round < rounds; round++)
        {
            for (int step = 0; step < variants.Length; step++)
            {
                int v = (round + step) % variants.Length;
                clock.Restart();
                variants[v].Run();
                clock.Stop();
                micros[v][round] = clock.Elapsed.TotalMilliseconds * 1000 / perRun;
            }
        }

        return micros;
    }

    /// <summary>Ratio of the means, and the half-width of its 95% interval from the spread of the ratio over consecutive batches of rounds.</summary>
    private static (double Ratio, double HalfWidth) MeanRatio(double[] variant, double[] baseline)
    {
        int batchSize = variant.Length / Batches;
        var ratios = new List<double>();
        for (int b = 0; b < Batches; b++)
        {
            ratios.Add(variant.Skip(b * batchSize).Take(batchSize).Sum() / baseline.Skip(b * batchSize).Take(batchSize).Sum());
        }

        double mean = ratios.Average();
        double sd = Math.Sqrt(ratios.Sum(r => (r - mean) * (r - mean)) / (Batches - 1));
        return (variant.Sum() / baseline.Sum(), 2.093 * sd / Math.Sqrt(Batches)); // t(0.975, 19 degrees of freedom)
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
