using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Internal;
using Xunit;

namespace DurableIO.Tests;

/// <summary>DurableLog against the real file system: round trips, recovery of a torn or corrupt tail, group commit under concurrency, bad input.</summary>
public class DurableLogTests
{
    private static byte[] R(string text) => Encoding.UTF8.GetBytes(text);

    private static string[] ReadAllText(string path) => DurableLog.ReadAll(path).Select(r => Encoding.UTF8.GetString(r)).ToArray();

    /// <summary>The length a log of these records has on disk: an 8-byte header (length, CRC-32C) before each.</summary>
    private static long FramedLength(params string[] records) => records.Sum(r => 8L + Encoding.UTF8.GetByteCount(r));

    [Fact]
    public void Crc32C_CheckValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Finish(Crc32C.Update(Crc32C.Initial, R("123456789"), 0, 9)));

    [Fact]
    public void Frame_IsLengthThenCrc32COfLengthAndPayloadThenPayload()
    {
        using var dir = new TestDirectory();
        using (var log = DurableLog.Open(dir["a.log"]))
        {
            log.Append(R("abc"));
        }

        byte[] file = File.ReadAllBytes(dir["a.log"]);
        Assert.Equal(11, file.Length);
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, file[..4]);
        uint crc = Crc32C.Finish(Crc32C.Update(Crc32C.Update(Crc32C.Initial, file, 0, 4), file, 8, 3));
        Assert.Equal(crc, BitConverter.ToUInt32(file, 4));
        Assert.Equal(R("abc"), file[8..]);
    }

    [Fact]
    public async Task RoundTrip_EveryOverload_InOrder_EmptyRecordIncluded()
    {
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using (var log = DurableLog.Open(path))
        {
            log.Append(R("one"));
            log.Append(R("two").AsSpan());
            await log.AppendAsync(R("three"));
            await log.AppendAsync(R("four").AsMemory());
            log.Append(Array.Empty<byte>());
            log.Append(new byte[100_000]);
        }

        var records = DurableLog.ReadAll(path).ToList();
        Assert.Equal(new[] { "one", "two", "three", "four", "" }, records.Take(5).Select(r => Encoding.UTF8.GetString(r)));
        Assert.Equal(new byte[100_000], records[5]);
        Assert.Equal(6, records.Count);
        Assert.Equal(new[] { "a.log" }, dir.Entries());
    }

    [Fact]
    public async Task Reopen_AppendsAfterTheExistingRecords()
    {
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using (var log = DurableLog.Open(path))
        {
            log.Append(R("first"));
        }

        await using (var log = DurableLog.Open(path))
        {
            log.Append(R("second"));
            await log.AppendAsync(R("third"));
        }

        using (DurableLog.Open(path))
        {
        }

        Assert.Equal(new[] { "first", "second", "third" }, ReadAllText(path));
        Assert.Equal(FramedLength("first", "second", "third"), new FileInfo(path).Length);
    }

    [Fact]
    public void NewLog_IsAnEmptyFile_ReadAllOfItIsEmpty()
    {
        using var dir = new TestDirectory();
        using (DurableLog.Open(dir["a.log"]))
        {
        }

        Assert.Equal(0, new FileInfo(dir["a.log"]).Length);
        Assert.Empty(DurableLog.ReadAll(dir["a.log"]));
    }

    /// <summary>Ways a crash (or a bad disk) leaves the end of the file; each must be cut off by Open and skipped by ReadAll.</summary>
    public static TheoryData<string> Tails() => new() { "partial header", "partial payload", "flipped checksum byte", "flipped payload byte", "zeroes", "huge length" };

    [Theory]
    [MemberData(nameof(Tails))]
    public void TornOrCorruptTail_ReadAllSkipsItWithoutWriting_OpenCutsItOff_NewAppendsFollowTheLastGoodRecord(string tail)
    {
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using (var log = DurableLog.Open(path))
        {
            log.Append(R("alpha"));
            log.Append(R("beta"));
            log.Append(R("gamma-last"));
        }

        long good = FramedLength("alpha", "beta");
        long whole = FramedLength("alpha", "beta", "gamma-last");
        byte[] bytes = File.ReadAllBytes(path);
        switch (tail)
        {
            case "partial header": bytes = bytes[..(int)(good + 5)]; break;
            case "partial payload": bytes = bytes[..(int)(whole - 3)]; break;
            case "flipped checksum byte": bytes[good + 5] ^= 0x40; break;
            case "flipped payload byte": bytes[whole - 1] ^= 0x01; break;
            case "zeroes": bytes = bytes[..(int)good].Concat(new byte[4096]).ToArray(); break;
            case "huge length": bytes = bytes[..(int)good].Concat(new byte[] { 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5 }).ToArray(); break;
        }

        File.WriteAllBytes(path, bytes);

        Assert.Equal(new[] { "alpha", "beta" }, ReadAllText(path));
        Assert.Equal(bytes, File.ReadAllBytes(path)); // ReadAll wrote nothing

        using (var log = DurableLog.Open(path))
        {
            Assert.Equal(good, new FileInfo(path).Length); // cut at the last good record
            log.Append(R("delta"));
        }

        Assert.Equal(new[] { "alpha", "beta", "delta" }, ReadAllText(path));
        Assert.Equal(FramedLength("alpha", "beta", "delta"), new FileInfo(path).Length);
    }

    [Fact]
    public void CorruptRecordInTheMiddle_EverythingFromItOnIsDropped()
    {
        // Documented: a reader cannot tell a corrupt record from the start of a torn tail, so it stops there.
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using (var log = DurableLog.Open(path))
        {
            foreach (var r in new[] { "a", "b", "c" }) log.Append(R(r));
        }

        byte[] bytes = File.ReadAllBytes(path);
        bytes[FramedLength("a") + 8] ^= 0xff; // b's payload
        File.WriteAllBytes(path, bytes);

        Assert.Equal(new[] { "a" }, ReadAllText(path));
        using (DurableLog.Open(path))
        {
        }

        Assert.Equal(FramedLength("a"), new FileInfo(path).Length);
    }

    [Fact]
    public async Task ConcurrentAppenders_16ThreadsX150Records_EachPresentOnceWholeAndInItsThreadsOrder()
    {
        const int threads = 16, each = 150;
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using (var log = DurableLog.Open(path))
        {
            using var start = new Barrier(threads);
            var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
                async () =>
                {
                    start.SignalAndWait();
                    for (int i = 0; i < each; i++)
                    {
                        byte[] record = Record(t, i);
                        if (i % 3 == 0) await log.AppendAsync(record);
                        else log.Append(record);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap()).ToArray();
            await Task.WhenAll(tasks);
        }

        var records = DurableLog.ReadAll(path).ToList();
        Assert.Equal(threads * each, records.Count);
        for (int t = 0; t < threads; t++)
        {
            var mine = records.Where(r => r[0] == t).ToList();
            Assert.Equal(Enumerable.Range(0, each).Select(i => Record(t, i)), mine); // once each, whole, in order
        }

        // Records of different lengths (6 to 300 bytes), so a record glued to the wrong length would show.
        static byte[] Record(int thread, int index) =>
            new[] { (byte)thread, (byte)index }.Concat(Enumerable.Range(0, 4 + ((thread * 31 + index * 7) % 297)).Select(k => (byte)(k + thread + index))).ToArray();
    }

    [Fact]
    public async Task Dispose_WaitsForAppendsInFlight_EachAppendEitherDurableOrRefusedAsDisposed()
    {
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        var log = DurableLog.Open(path);
        var succeeded = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<Exception>();
        using var start = new Barrier(9);
        var appenders = Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int i = 0; ; i++)
                {
                    string record = $"t{t}-{i}";
                    try
                    {
                        log.Append(R(record));
                        succeeded.Add(record);
                    }
                    catch (Exception e)
                    {
                        refused.Add(e);
                        return;
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        start.SignalAndWait();
        SpinWait.SpinUntil(() => succeeded.Count >= 8); // appends are in flight (a progress condition, not a time)
        log.Dispose();
        await Task.WhenAll(appenders);

        // Had Dispose closed the file under a running batch, that batch would have failed (DurabilityException).
        Assert.All(refused, e => Assert.IsType<ObjectDisposedException>(e));
        Assert.Equal(8, refused.Count);
        var onDisk = ReadAllText(path);
        Assert.Equal(succeeded.OrderBy(s => s), onDisk.OrderBy(s => s));
        Assert.Throws<ObjectDisposedException>(() => log.Append(R("x")));
        log.Dispose(); // twice is fine
    }

    [Fact]
    public async Task Disposed_ObjectDisposedException_OnEveryAppend()
    {
        using var dir = new TestDirectory();
        var log = DurableLog.Open(dir["a.log"]);
        log.Append(R("kept"));
        await log.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => log.Append(R("x")));
        Assert.Throws<ObjectDisposedException>(() => log.Append(R("x").AsSpan()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(R("x")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(R("x").AsMemory()));
        Assert.Equal(new[] { "kept" }, ReadAllText(dir["a.log"]));
    }

    [Fact]
    public async Task NullOrEmptyPath_ArgumentExceptionNamingPath_NothingCreated()
    {
        using var dir = new TestDirectory();
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => DurableLog.Open(null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => DurableLog.ReadAll(null!)).ParamName); // eager, before enumeration
        foreach (string bad in new[] { "", " ", "\t\n" })
        {
            Assert.Equal("path", Assert.Throws<ArgumentException>(() => DurableLog.Open(bad)).ParamName);
            Assert.Equal("path", Assert.Throws<ArgumentException>(() => DurableLog.ReadAll(bad)).ParamName);
        }

        Assert.Empty(dir.Entries());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task NullOrOversizedRecord_ArgumentException_LogStillWorks_NothingLost()
    {
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using (var log = DurableLog.Open(path))
        {
            log.Append(R("before"));
            Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => log.Append((byte[])null!)).ParamName);
            Assert.Equal("record", (await Assert.ThrowsAsync<ArgumentNullException>(() => log.AppendAsync((byte[])null!))).ParamName);
            var tooBig = new byte[DurableLog.MaxRecordLength + 1];
            Assert.Equal("record", Assert.Throws<ArgumentException>(() => log.Append(tooBig)).ParamName);
            Assert.Equal("record", Assert.Throws<ArgumentException>(() => log.Append(tooBig.AsSpan())).ParamName);
            Assert.Equal("record", (await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(tooBig))).ParamName);
            Assert.Equal("record", (await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(tooBig.AsMemory()))).ParamName);
            log.Append(R("after"));
        }

        Assert.Equal(new[] { "before", "after" }, ReadAllText(path));
    }

    [Fact]
    public void LargestRecord_64MiB_RoundTrips()
    {
        using var dir = new TestDirectory();
        var big = new byte[DurableLog.MaxRecordLength];
        big[0] = 1;
        big[^1] = 2;
        using (var log = DurableLog.Open(dir["a.log"]))
        {
            log.Append(big);
        }

        Assert.Equal(big, Assert.Single(DurableLog.ReadAll(dir["a.log"])));
    }

    [Fact]
    public async Task CancelledBeforeQueued_OperationCanceled_NothingWritten()
    {
        using var dir = new TestDirectory();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using (var log = DurableLog.Open(dir["a.log"]))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => log.AppendAsync(R("x"), cts.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => log.AppendAsync(R("x").AsMemory(), cts.Token));
        }

        Assert.Empty(DurableLog.ReadAll(dir["a.log"]));
    }

    [Fact]
    public void PathIsADirectory_OpenAndReadAllRefuse_DirectoryUnchanged()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir["d/inner"]);

        var open = Record.Exception(() => DurableLog.Open(dir["d"]));
        Assert.True(open is UnauthorizedAccessException or IOException, $"{open}");
        Assert.Throws<UnauthorizedAccessException>(() => DurableLog.ReadAll(dir["d"]).ToList());
        Assert.Equal(new[] { "inner" }, dir.Entries("d"));
    }

    [Fact]
    public void MissingDirectory_DirectoryNotFound_NothingCreated()
    {
        using var dir = new TestDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => DurableLog.Open(dir["no/such/a.log"]));
        Assert.Throws<DirectoryNotFoundException>(() => DurableLog.ReadAll(dir["no/such/a.log"]).ToList());
        Assert.Throws<FileNotFoundException>(() => DurableLog.ReadAll(dir["missing.log"]).ToList());
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void SecondWriter_IOException_FirstKeepsWorking_ReadAllWorksMeanwhile()
    {
        using var dir = new TestDirectory();
        string path = dir["a.log"];
        using var log = DurableLog.Open(path);
        log.Append(R("one"));

        Assert.Throws<IOException>(() => DurableLog.Open(path));
        Assert.Equal(new[] { "one" }, ReadAllText(path)); // readers take no lock
        log.Append(R("two"));
        Assert.Equal(new[] { "one", "two" }, ReadAllText(path));
    }

    [SecondFileSystemFact]
    public void ReadOnlyFileSystem_OpenIOException_ReadAllWorks_NothingChanged()
    {
        using var dir = new TestDirectory();
        using var disk = new SecondFileSystem(dir["mnt"]);
        string path = dir["mnt/a.log"];
        using (var log = DurableLog.Open(path))
        {
            log.Append(R("kept"));
        }

        disk.MakeReadOnly();

        var e = Record.Exception(() => DurableLog.Open(path));
        Assert.True(e is IOException && e.Message.Contains("Read-only file system"), $"{e}");
        var create = Record.Exception(() => DurableLog.Open(dir["mnt/new.log"]));
        Assert.True(create is IOException && create.Message.Contains("Read-only file system"), $"{create}");
        Assert.Equal(new[] { "kept" }, ReadAllText(path));
        Assert.Equal(new[] { "a.log" }, dir.Entries("mnt"));
    }

    [SecondFileSystemFact]
    public void FullDisk_AppendFails_LogPoisoned_AcknowledgedRecordsKept_FileCutBack_WorksAgainAfterReopen()
    {
        using var dir = new TestDirectory();
        using var disk = new SecondFileSystem(dir["mnt"], size: "1m");
        string path = dir["mnt/a.log"];
        var big = Enumerable.Range(0, 512 * 1024).Select(i => (byte)(i % 251)).ToArray();
        using (var log = DurableLog.Open(path))
        {
            log.Append(R("acknowledged"));
            File.WriteAllBytes(dir["mnt/filler"], new byte[700 * 1024]);

            var first = Record.Exception(() => log.Append(big));
            Assert.IsType<DurabilityException>(first);
            Assert.Contains("No space left on device", first!.Message);
            Assert.Equal(FramedLength("acknowledged"), new FileInfo(path).Length); // cut back: no torn tail, the space is free again

            var later = Assert.Throws<DurabilityException>(() => log.Append(R("small")));
            Assert.Contains("earlier append failed", later.Message);
        }

        Assert.Equal(new[] { "acknowledged" }, ReadAllText(path));
        File.Delete(dir["mnt/filler"]);
        using (var log = DurableLog.Open(path))
        {
            log.Append(big);
        }

        Assert.Equal(2, DurableLog.ReadAll(path).Count());
    }

    [Fact]
    public async Task HandleFlushToDisk_AfterRandomAccessWrite_DataThere_BadHandlesRefused()
    {
        using var dir = new TestDirectory();
        using (var handle = File.OpenHandle(dir["f.bin"], FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, R("hello "), 0);
            handle.FlushToDisk();
            await RandomAccess.WriteAsync(handle, R("world").AsMemory(), 6);
            await handle.FlushToDiskAsync();
        }

        Assert.Equal("hello world", File.ReadAllText(dir["f.bin"]));
        using (var readOnly = File.OpenHandle(dir["f.bin"]))
        {
            readOnly.FlushToDisk(); // read access is enough on Unix
        }

        Assert.Equal("handle", Assert.Throws<ArgumentNullException>(() => ((Microsoft.Win32.SafeHandles.SafeFileHandle)null!).FlushToDisk()).ParamName);
        Assert.Equal("handle", Assert.Throws<ArgumentNullException>(() => { _ = ((Microsoft.Win32.SafeHandles.SafeFileHandle)null!).FlushToDiskAsync(); }).ParamName);
        var closed = File.OpenHandle(dir["f.bin"]);
        closed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => closed.FlushToDisk());
        Assert.Throws<ObjectDisposedException>(() => { _ = closed.FlushToDiskAsync(); });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var open = File.OpenHandle(dir["f.bin"]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => open.FlushToDiskAsync(cts.Token));
    }
}
