using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using static DurableIO.Tests.BadInputTests;

namespace DurableIO.Tests;

/// <summary>
/// A real full disk and a real read-only file system (a small tmpfs mounted by the test; remounted read-only): every
/// operation fails with a clear exception, and nothing is lost or left behind. The strace-injected ENOSPC of
/// <see cref="FaultInjectionTests"/> fails one chosen call; here the kernel refuses on its own.
/// </summary>
public class FileSystemLimitTests
{
    private const int OldSize = 64 * 1024;
    private const int NewSize = 512 * 1024;

    public static TheoryData<string> ReplacingWrites() => new() { "WriteAllBytes", "WriteAllText", "WriteAllLines", "WriteAllBytesAsync", "WriteAllTextAsync", "Write", "WriteAsync", "Copy" };

    public static TheoryData<string> Appends() => new() { "AppendAllBytes", "AppendAllText", "AppendAllLines", "AppendAllBytesAsync", "AppendAllTextAsync", "AppendAllLinesAsync" };

    [SecondFileSystemTheory]
    [MemberData(nameof(ReplacingWrites))]
    public async Task FullDisk_ReplacingWrite_IOException_OldFileIntact_NoTemp_ThenWorksOnceThereIsRoom(string method)
    {
        using var dir = new TestDirectory();
        using var disk = FullDisk(dir, out var target, out var old);
        var source = dir["source.bin"]; // on the big file system: only the copy's destination needs room
        File.WriteAllBytes(source, NewContent());

        var e = await Record.ExceptionAsync(() => Replace(method, target, source));

        Assert.IsType<IOException>(e);
        Assert.Contains("No space left on device", e!.Message);
        Assert.Equal(old, File.ReadAllBytes(target));
        Assert.Equal(new[] { "filler", "target.bin" }, dir.Entries("mnt"));

        File.Delete(dir["mnt/filler"]);
        await Replace(method, target, source);
        Assert.Equal(NewSize, new FileInfo(target).Length);
        Assert.Equal(new[] { "target.bin" }, dir.Entries("mnt"));
    }

    [SecondFileSystemTheory]
    [MemberData(nameof(Appends))]
    public async Task FullDisk_Append_IOException_FileAsItWas(string method)
    {
        using var dir = new TestDirectory();
        using var disk = FullDisk(dir, out var target, out var old);
        var created = dir["mnt/created.log"];

        var toExisting = await Record.ExceptionAsync(() => Append(method, target));
        var toNew = await Record.ExceptionAsync(() => Append(method, created));

        Assert.IsType<IOException>(toExisting);
        Assert.IsType<IOException>(toNew);
        Assert.Equal(old, File.ReadAllBytes(target)); // cut back: no torn tail for the next append to follow
        Assert.Equal(new[] { "filler", "target.bin" }, dir.Entries("mnt")); // the file this append created is gone

        File.Delete(dir["mnt/filler"]);
        await Append(method, target);
        Assert.Equal(old, File.ReadAllBytes(target).Take(OldSize));
        Assert.True(new FileInfo(target).Length > OldSize + NewSize / 2);
    }

    [SecondFileSystemFact]
    public async Task ReadOnlyFileSystem_EveryChange_IOException_NothingChanged()
    {
        using var dir = new TestDirectory();
        using var disk = new SecondFileSystem(dir["mnt"]);
        File.WriteAllText(dir["mnt/target.txt"], "old");
        File.WriteAllText(dir["mnt/source.txt"], "source");
        disk.MakeReadOnly();
        Assert.Throws<IOException>(() => File.WriteAllText(dir["mnt/probe"], "x")); // the file system really is read-only

        var changes = new (string Name, Func<Task> Call)[]
        {
            ("WriteAllText", () => Sync(() => DurableFile.WriteAllText(dir["mnt/target.txt"], "new"))),
            ("WriteAllBytesAsync", () => DurableFile.WriteAllBytesAsync(dir["mnt/target.txt"], new byte[] { 1 })),
            ("Write", () => Sync(() => DurableFile.Write(dir["mnt/target.txt"], s => s.WriteByte(1)))),
            ("AppendAllText", () => Sync(() => DurableFile.AppendAllText(dir["mnt/target.txt"], "more"))),
            ("AppendAllText to a new file", () => Sync(() => DurableFile.AppendAllText(dir["mnt/new.txt"], "more"))),
            ("Move", () => Sync(() => DurableFile.Move(dir["mnt/source.txt"], dir["mnt/target.txt"], overwrite: true))),
            ("Replace", () => Sync(() => DurableFile.Replace(dir["mnt/source.txt"], dir["mnt/target.txt"], null))),
            ("Copy", () => Sync(() => DurableFile.Copy(dir["mnt/source.txt"], dir["mnt/copy.txt"]))),
            ("Delete", () => Sync(() => DurableFile.Delete(dir["mnt/target.txt"]))),
            ("CreateDirectory", () => Sync(() => DurableDirectory.CreateDirectory(dir["mnt/sub/dir"]))),
        };
        foreach (var (name, call) in changes)
        {
            var e = await Record.ExceptionAsync(call);
            Assert.True(e is IOException && e.Message.Contains("Read-only file system"), $"{name}: {e?.GetType().Name}: {e?.Message}");
        }

        Assert.Equal("old", File.ReadAllText(dir["mnt/target.txt"]));
        Assert.Equal("source", File.ReadAllText(dir["mnt/source.txt"]));
        Assert.Equal(new[] { "source.txt", "target.txt" }, dir.Entries("mnt"));
    }

    [SecondFileSystemFact]
    public void ReadOnlyFileSystem_SyncOfWhatIsThere_Works()
    {
        using var dir = new TestDirectory();
        using var disk = new SecondFileSystem(dir["mnt"]);
        File.WriteAllText(dir["mnt/target.txt"], "old");
        disk.MakeReadOnly();

        DurableFile.Sync(dir["mnt/target.txt"]); // read access is enough to flush a file (nothing is dirty here)
        DurableDirectory.Sync(dir["mnt"]);
        DurableDirectory.CreateDirectory(dir["mnt"]); // exists already: nothing to create, nothing to refuse

        Assert.Equal("old", File.ReadAllText(dir["mnt/target.txt"]));
    }

    /// <summary>A 1 MiB tmpfs holding the target (64 KiB) and a filler that leaves less room than the 512 KiB new content needs.</summary>
    private static SecondFileSystem FullDisk(TestDirectory dir, out string target, out byte[] old)
    {
        var disk = new SecondFileSystem(dir["mnt"], size: "1m");
        target = dir["mnt/target.bin"];
        old = Enumerable.Range(0, OldSize).Select(i => (byte)(i % 251)).ToArray();
        File.WriteAllBytes(target, old);
        File.WriteAllBytes(dir["mnt/filler"], new byte[700 * 1024]);
        return disk;
    }

    private static byte[] NewContent() => Enumerable.Range(0, NewSize).Select(i => (byte)(i % 241)).ToArray();

    private static Task Replace(string method, string target, string source)
    {
        var bytes = NewContent();
        var text = Encoding.ASCII.GetString(bytes.Select(b => (byte)('a' + b % 26)).ToArray());
        return method switch
        {
            "WriteAllBytes" => Sync(() => DurableFile.WriteAllBytes(target, bytes)),
            "WriteAllText" => Sync(() => DurableFile.WriteAllText(target, text)),
            "WriteAllLines" => Sync(() => DurableFile.WriteAllLines(target, new[] { text.Substring(0, NewSize - 1) })),
            "WriteAllBytesAsync" => DurableFile.WriteAllBytesAsync(target, bytes),
            "WriteAllTextAsync" => DurableFile.WriteAllTextAsync(target, text),
            "Write" => Sync(() => DurableFile.Write(target, s => s.Write(bytes, 0, bytes.Length))),
            "WriteAsync" => DurableFile.WriteAsync(target, (s, ct) => s.WriteAsync(bytes, 0, bytes.Length, ct)),
            "Copy" => Sync(() => DurableFile.Copy(source, target, overwrite: true)),
            _ => throw new ArgumentException(method),
        };
    }

    private static Task Append(string method, string path)
    {
        var bytes = NewContent();
        var text = new string('x', NewSize);
        var lines = new[] { text.Substring(NewSize / 2), text.Substring(NewSize / 2) };
        return method switch
        {
            "AppendAllBytes" => Sync(() => DurableFile.AppendAllBytes(path, bytes)),
            "AppendAllText" => Sync(() => DurableFile.AppendAllText(path, text)),
            "AppendAllLines" => Sync(() => DurableFile.AppendAllLines(path, lines)),
            "AppendAllBytesAsync" => DurableFile.AppendAllBytesAsync(path, bytes),
            "AppendAllTextAsync" => DurableFile.AppendAllTextAsync(path, text),
            "AppendAllLinesAsync" => DurableFile.AppendAllLinesAsync(path, lines),
            _ => throw new ArgumentException(method),
        };
    }
}
