using System;
using System.IO;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace DurableIO.Benchmarks;

/// <summary>
/// DurableFile.WriteAllBytes against the hand-written minimal protocol (the baseline: temp file,
/// write, Flush(true), rename, directory fsync) and against the non-durable File.WriteAllBytes,
/// all measured in the same run on the same file system.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class WriteAllBytesBenchmarks
{
    private string _directory = "";
    private string _target = "";
    private byte[] _content = Array.Empty<byte>();

    [Params(4 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Beside the repository (not /tmp, which may be a tmpfs whose fsync costs nothing).
        _directory = Path.Combine(AppContext.BaseDirectory, "bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _target = Path.Combine(_directory, "target.bin");
        _content = new byte[Size];
        new Random(42).NextBytes(_content);
        File.WriteAllBytes(_target, _content);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "hand-written protocol")]
    public void HandWrittenProtocol()
    {
        var temporary = _target + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(_content, 0, _content.Length);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _target, overwrite: true);
        SyncDirectory(_directory);
    }

    [Benchmark(Description = "DurableFile.WriteAllBytes")]
    public void DurableWriteAllBytes() => DurableFile.WriteAllBytes(_target, _content);

    [Benchmark(Description = "File.WriteAllBytes (not durable)")]
    public void FileWriteAllBytes() => File.WriteAllBytes(_target, _content);

    private static void SyncDirectory(string directory)
    {
        var descriptor = Native.open(directory, 0 /* O_RDONLY */);
        if (descriptor < 0)
        {
            throw new IOException("open(" + directory + ") failed: " + Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Native.fsync(descriptor) != 0)
            {
                throw new IOException("fsync(" + directory + ") failed: " + Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            Native.close(descriptor);
        }
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int descriptor);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int descriptor);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // fsync latency is noisy: many short iterations in one process, ratios against the baseline of the same run.
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(30).WithInvocationCount(256).WithUnrollFactor(1));
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(BenchmarkDotNet.Columns.RatioStyle.Value);
        }
    }
}
