using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace DurableIO.Tests;

/// <summary>FlushToDisk on every writer type: all buffers reach the file; without a file underneath, NotSupportedException after flushing.</summary>
public class FlushToDiskTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FileStream_BufferedBytesReachTheFile(bool async)
    {
        using var dir = new TestDirectory();
        using var stream = new FileStream(dir["f"], FileMode.Create, FileAccess.Write, FileShare.Read, 4096);
        stream.Write(new byte[] { 1, 2, 3 });

        if (async) await stream.FlushToDiskAsync();
        else stream.FlushToDisk();

        Assert.Equal(new byte[] { 1, 2, 3 }, ReadShared(dir["f"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StreamWriter_CharsInTheWriterAndBytesInTheStreamReachTheFile(bool async)
    {
        using var dir = new TestDirectory();
        using var writer = new StreamWriter(new BufferedStream(new FileStream(dir["f"], FileMode.Create, FileAccess.Write, FileShare.Read)), Encoding.UTF8);
        writer.Write("héllo");

        if (async) await writer.FlushToDiskAsync();
        else writer.FlushToDisk();

        Assert.Equal(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("héllo")), ReadShared(dir["f"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BinaryWriter_OverABufferedStream_ReachesTheFile(bool async)
    {
        using var dir = new TestDirectory();
        using var writer = new BinaryWriter(new BufferedStream(new FileStream(dir["f"], FileMode.Create, FileAccess.Write, FileShare.Read), 1 << 16));
        writer.Write(42);

        if (async) await writer.FlushToDiskAsync();
        else writer.FlushToDisk();

        Assert.Equal(BitConverter.GetBytes(42), ReadShared(dir["f"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BufferedStream_ReachesTheFile(bool async)
    {
        using var dir = new TestDirectory();
        using var stream = new BufferedStream(new FileStream(dir["f"], FileMode.Create, FileAccess.Write, FileShare.Read), 1 << 16);
        stream.Write(new byte[] { 7, 8 });

        if (async) await stream.FlushToDiskAsync();
        else stream.FlushToDisk();

        Assert.Equal(new byte[] { 7, 8 }, ReadShared(dir["f"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NotBackedByAFile_FlushesThenNotSupported(bool async)
    {
        var memory = new MemoryStream();
        using var writer = new StreamWriter(memory, new UTF8Encoding(false), 1024, leaveOpen: true);
        writer.Write("abc");

        var e = async ? await Assert.ThrowsAsync<NotSupportedException>(() => writer.FlushToDiskAsync()) : Assert.Throws<NotSupportedException>(() => writer.FlushToDisk());

        Assert.Contains("not backed by a FileStream", e.Message);
        Assert.Contains("MemoryStream", e.Message);
        Assert.Equal("abc", Encoding.UTF8.GetString(memory.ToArray())); // flushed before refusing
    }

    [Fact]
    public async Task NotBackedByAFile_BinaryWriterAndBufferedStream_FlushThenNotSupported()
    {
        var memory = new MemoryStream();
        using var binary = new BinaryWriter(new BufferedStream(memory, 4096));
        binary.Write((byte)5);
        Assert.Throws<NotSupportedException>(() => binary.FlushToDisk());
        Assert.Equal(new byte[] { 5 }, memory.ToArray());

        var memory2 = new MemoryStream();
        using var buffered = new BufferedStream(memory2, 4096);
        buffered.WriteByte(6);
        await Assert.ThrowsAsync<NotSupportedException>(() => buffered.FlushToDiskAsync());
        Assert.Equal(new byte[] { 6 }, memory2.ToArray());
    }

    [Fact]
    public void StreamCanStillBeUsedAfterFlushToDisk()
    {
        using var dir = new TestDirectory();
        using (var writer = new StreamWriter(dir["f"]))
        {
            writer.Write("a");
            writer.FlushToDisk();
            writer.Write("b");
            writer.FlushToDisk();
        }

        Assert.Equal("ab", File.ReadAllText(dir["f"]));
    }

    private static byte[] ReadShared(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
