using System;
using System.Collections.Generic;
using DurableIO.CrashTests.Checking;
using DurableIO.CrashTests.Model;
using DurableIO.CrashTests.Tracing;
using DurableIO.CrashWorkloads;
using Xunit;

namespace DurableIO.CrashTests.Unit;

public sealed class CrashCheckerTests
{
    private static Syscall Call(int index, string text) => new(index, index + 1, 1, text, Array.Empty<string>(), 0, null, null, text);

    [Fact]
    public void Checks_every_crash_point_and_allows_only_the_new_state_once_the_marker_passed()
    {
        var initial = new ScratchSnapshot(new Dictionary<string, byte[]?>
        {
            [Contents.TargetName] = Contents.Old,
            ["staged"] = Contents.New,
            [Contents.BystanderName] = Contents.Bystander,
        });
        var events = new FsEvent[]
        {
            new RenameEvent(Call(0, "rename(\"/s/staged\", \"/s/target.txt\") = 0"), "staged", Contents.TargetName),
            new ReturnedMarkerEvent(Call(1, "write(1, \"marker\", 7) = 7")),
        };
        var run = RecordedRun.FromEvents("synthetic", "/s", initial, events);

        var report = CrashChecker.Check(run, WorkloadInvariants.For("naive.NoDirectoryFsync"), PersistenceModel.Pessimistic);

        Assert.Equal(3, report.CrashPoints);
        Assert.Equal(1, report.ScratchSyscalls);
        var violation = Assert.Single(report.Violations);
        Assert.Equal(2, violation.CrashPoint);
        Assert.True(violation.Returned);
        Assert.Equal("write(1, \"marker\", 7) = 7", violation.AfterText);
        Assert.Contains("'target.txt' is the old content (5000 bytes) after the operation returned", violation.Problem);
        Assert.Contains("target.txt = the old content (5000 bytes)", violation.State);
        Assert.Contains("lost: [rename 'staged' to 'target.txt' (replacing it)]", violation.Provenance);
        Assert.Contains("crash point 2, crash right after system call #1 (trace line 2): write(1, \"marker\", 7) = 7", violation.ToString());
    }

    [Fact]
    public void Refuses_a_trace_whose_replay_does_not_end_in_the_state_left_on_disk()
    {
        var initial = new ScratchSnapshot(new Dictionary<string, byte[]?> { [Contents.TargetName] = Contents.Old, [Contents.BystanderName] = Contents.Bystander });
        var final = new ScratchSnapshot(new Dictionary<string, byte[]?> { [Contents.TargetName] = Contents.New, [Contents.BystanderName] = Contents.Bystander });
        var run = RecordedRun.FromEvents("escaped", "/s", initial, new FsEvent[] { new ReturnedMarkerEvent(Call(0, "write(1, \"marker\", 7) = 7")) }, final);

        var error = Assert.Throws<InvalidOperationException>(() => CrashChecker.Check(run, WorkloadInvariants.For("naive.NoDirectoryFsync"), PersistenceModel.Pessimistic));

        Assert.Contains("differences at: target.txt", error.Message);
    }

    [Fact]
    public void Names_contents_in_terms_of_the_known_ones()
    {
        var describer = new ContentDescriber(("old", Contents.Old), ("new", Contents.New));

        Assert.Equal("empty (0 bytes)", describer.Describe(Array.Empty<byte>()));
        Assert.Equal("the new content (9000 bytes)", describer.Describe(Contents.New));
        Assert.Equal("the first 4096 of 9000 bytes of the new content", describer.Describe(Contents.New.AsSpan(0, 4096).ToArray()));
        Assert.StartsWith("3 bytes matching no expected content", describer.Describe(new byte[] { 0, 0, 1 }));
    }

    [Fact]
    public void Fails_with_what_to_install_when_strace_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StraceRecorder.FindStrace(searchPath: "/nonexistent-directory"));

        Assert.Contains("apt-get install -y strace", error.Message);
    }
}
