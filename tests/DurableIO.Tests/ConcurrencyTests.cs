using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DurableIO.Tests;

public class ConcurrencyTests
{
    private const int Writers = 8;
    private const int ReplacesEach = 200;

    [Fact]
    public async Task EightThreadsReplaceTheSameFile200TimesEach_EveryReadIsOneWholeVersion_NoTempLeft()
    {
        using var dir = new TestDirectory();
        string path = dir["shared.txt"];
        DurableFile.WriteAllText(path, Version(-1, 0));
        int writersLeft = Writers;
        int reads = 0;

        // A reader parses the file until every writer is done (ends on completion, not on time).
        var reader = Task.Run(() =>
        {
            do
            {
                AssertWholeVersion(File.ReadAllBytes(path));
                reads++;
            }
            while (Volatile.Read(ref writersLeft) > 0);
        });

        using var start = new Barrier(Writers);
        var writers = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < ReplacesEach; i++)
            {
                if (i % 2 == 0) DurableFile.WriteAllText(path, Version(w, i));
                else DurableFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Version(w, i)));
                AssertWholeVersion(File.ReadAllBytes(path));
            }

            Interlocked.Decrement(ref writersLeft);
        })).ToList();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        await reader;

        AssertWholeVersion(File.ReadAllBytes(path));
        Assert.Equal(new[] { "shared.txt" }, dir.Entries());
        Assert.True(reads > 0);
    }

    /// <summary>"writer:index:payload:sha256(payload)": a torn or mixed file fails to parse or to match its hash.</summary>
    private static string Version(int writer, int index)
    {
        string payload = new string((char)('a' + ((writer + 1) % 26)), 1000 + (index * 37 % 5000));
        return $"{writer}:{index}:{payload}:{Hash(payload)}";
    }

    private static void AssertWholeVersion(byte[] bytes)
    {
        string text = Encoding.UTF8.GetString(bytes);
        string[] parts = text.Split(':');
        Assert.True(parts.Length == 4, $"not one whole version ({bytes.Length} bytes)");
        Assert.Equal(Hash(parts[2]), parts[3]);
        Assert.Equal(text, Version(int.Parse(parts[0]), int.Parse(parts[1])));
    }

    private static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
