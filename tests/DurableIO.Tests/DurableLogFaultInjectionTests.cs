using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace DurableIO.Tests;

/// <summary>
/// DurableLog and the handle FlushToDisk under strace, in a fresh process (as <see cref="FaultInjectionTests"/>): the system
/// calls of the success path, and injected write and fsync failures that poison the log without losing an acknowledged
/// record or leaking a descriptor.
/// </summary>
public class DurableLogFaultInjectionTests
{
    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "log-append", MemberType = typeof(Workload))]
    public void Open_SyncsFileAndDirectory_EachAloneAppendIsOneWriteAndOneFsync(string build, string operation)
    {
        using var dir = new TestDirectory();
        string log = dir["a.log"];

        var result = Workload.TracedOn(build, System.Array.Empty<string>(), operation, log, "r0", "r1", "r2");
        result.AssertOk();
        result.AssertEveryDescriptorClosed(dir.Path);

        var calls = result.Mentioning(dir.Path).Where(c => c.Name is "pwrite64" or "write" or "fsync").Select(c => c.Name + " " + (c.FdArgPath == dir.Path ? "dir" : "log")).ToArray();
        // Open: the (recovered) file, then its directory (its name may be new); then per append one write and one fsync.
        Assert.Equal(new[] { "fsync log", "fsync dir", "pwrite64 log", "fsync log", "pwrite64 log", "fsync log", "pwrite64 log", "fsync log" }, calls);
        Assert.Equal(new[] { "r0", "r1", "r2" }, DurableLog.ReadAll(log).Select(r => Encoding.UTF8.GetString(r)));
    }

    [Theory]
    [InlineData("net8.0", "fsync", "EIO", "(errno 5)")]
    [InlineData("netstandard2.0", "fsync", "EIO", "(errno 5)")]
    [InlineData("net8.0", "fsync", "ENOSPC", "(errno 28)")]
    [InlineData("net8.0", "pwrite64", "EIO", "Input/output error")]
    [InlineData("net8.0", "pwrite64", "ENOSPC", "No space left on device")]
    [InlineData("netstandard2.0", "pwrite64", "ENOSPC", "No space left on device")]
    public void AppendFails_DurabilityException_LaterAppendsRefused_AcknowledgedRecordsKept_NoRetry(string build, string call, string error, string expected)
    {
        using var dir = new TestDirectory();
        string log = dir["a.log"];
        using (var setup = DurableLog.Open(log))
        {
            setup.Append(Encoding.UTF8.GetBytes("before"));
        }

        // -P: only calls on the log count. Its fsync 1 is the open's, 2 and 3 acknowledge r0 and r1, the 4th is r2's;
        // pwrite64 1 and 2 are r0's and r1's, the 3rd is r2's. The workload checks that one more append is refused.
        int when = call == "fsync" ? 4 : 3;
        var result = Workload.TracedOn(build, new[] { "-e", $"inject={call}:error={error}:when={when}", "-P", log }, "log-append", log, "r0", "r1", "r2", "r3");
        result.AssertEveryDescriptorClosed(dir.Path);

        Assert.Equal(typeof(DurabilityException).FullName, result.ExceptionType);
        Assert.Contains(expected, result.Output);
        Assert.Equal(when, result.All.Count(c => c.Name == call)); // never retried, nothing written after the failure
        Assert.DoesNotContain(result.All, c => c.Name == "pwrite64" && c.Line.Contains("later"));
        Assert.Equal(new[] { "before", "r0", "r1" }, DurableLog.ReadAll(log).Select(r => Encoding.UTF8.GetString(r)));
        Assert.Equal(3 * 8 + "before".Length + 4, new FileInfo(log).Length); // r2's bytes cut back
    }

    [Theory]
    [InlineData("fsync", "EIO")]
    [InlineData("pwrite64", "ENOSPC")]
    public void ConcurrentAppenders_OneFails_EveryPendingAndLaterAppendThrows_EveryAcknowledgedRecordKept(string call, string error)
    {
        using var dir = new TestDirectory();
        string log = dir["a.log"];

        // 8 threads append until a thread's 20th fsync (or write) of the log fails (strace counts per thread); the workload
        // checks the rest (see Program.cs): every appender fails, then one more append is refused; every acknowledged record is there.
        var result = Workload.Traced(new[] { "-e", $"inject={call}:error={error}:when=20", "-P", log }, "log-concurrent", log, "8");
        result.AssertEveryDescriptorClosed(dir.Path);

        result.AssertOk();
        Assert.Single(result.All, c => c.Name == call && c.Failed); // no write or fsync after the failure, none retried
        Assert.True(DurableLog.ReadAll(log).Count() >= 19);
    }

    [Theory]
    [MemberData(nameof(Workload.OnEachBuild), "flush-handle,flush-handle-async", MemberType = typeof(Workload))]
    public void HandleFlushToDisk_FsyncsThatDescriptor_ReportsAnInjectedFailure(string build, string operation)
    {
        using var dir = new TestDirectory();
        string file = dir["f.txt"];

        var ok = Workload.TracedOn(build, System.Array.Empty<string>(), operation, file, "data");
        ok.AssertOk();
        ok.AssertEveryDescriptorClosed(dir.Path);
        Assert.Contains(ok.All, c => c.Name == "fsync" && c.FdArgPath == file);
        Assert.Equal("data", File.ReadAllText(file));

        var failed = Workload.TracedOn(build, new[] { "-e", "inject=fsync:error=EIO:when=1", "-P", file }, operation, file, "data");
        failed.AssertEveryDescriptorClosed(dir.Path);
        Assert.Equal(typeof(DurabilityException).FullName, failed.ExceptionType);
        Assert.Contains("(errno 5)", failed.Output);
        Assert.Equal(1, failed.All.Count(c => c.Name == "fsync")); // never retried
    }
}
