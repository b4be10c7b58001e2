using System.Collections.Generic;
using System.Linq;
using DurableIO.CrashTests.Checking;
using DurableIO.CrashTests.Model;
using DurableIO.CrashWorkloads;
using Xunit;
using Xunit.Abstractions;

namespace DurableIO.CrashTests;

/// <summary>
/// The checker can fail: every naive way of replacing a file breaks the atomic-replace invariant in some
/// crash state, every plain System.IO counterpart of a durable operation breaks that operation's invariant,
/// and the report names the crash point (system call index and text) and the bad state.
/// </summary>
public sealed class NaiveWorkloadTests
{
    private readonly ITestOutputHelper output;

    public NaiveWorkloadTests(ITestOutputHelper output) => this.output = output;

    /// <summary>
    /// Every naive workload under the default pessimistic model; under the ext4 model all but the temporary
    /// file in another directory, whose rename ext4's journal commits with the target directory's fsync
    /// (see <see cref="Temp_in_another_directory_is_only_caught_when_entry_changes_can_be_reordered"/>).
    /// </summary>
    public static TheoryData<string, PersistenceModel> Cases()
    {
        var cases = new TheoryData<string, PersistenceModel>();
        foreach (var workload in NaiveWorkloads.All())
        {
            cases.Add(workload.Name, PersistenceModel.Pessimistic);
            if (workload.Name != "naive.TempInOtherDirectory")
            {
                cases.Add(workload.Name, PersistenceModel.Ext4Ordered);
            }
        }

        foreach (var workload in NaiveWorkloads.SystemIO().Concat(LogWorkloads.Naive()))
        {
            cases.Add(workload.Name, PersistenceModel.Pessimistic);
            cases.Add(workload.Name, PersistenceModel.Ext4Ordered);
        }

        return cases;
    }

    /// <summary>The bad state each flaw leads to: a violation must say it.</summary>
    private static readonly Dictionary<string, string> ExpectedProblem = new()
    {
        ["naive.NoFsyncBeforeRename"] = "'target.txt' is empty (0 bytes)",
        ["naive.FlushInsteadOfFlushTrue"] = "'target.txt' is empty (0 bytes)",
        ["naive.NoDirectoryFsync"] = "'target.txt' is the old content (5000 bytes) after the operation returned",
        ["naive.DeleteThenMove"] = "'target.txt' is missing",
        ["naive.TempInOtherDirectory"] = "'target.txt' is the old content (5000 bytes) after the operation returned",
        ["naive.InPlaceOverwriteWithFsync"] = "'target.txt' is empty (0 bytes)",
        ["naive.File.Move"] = "after the operation returned",
        ["naive.File.Replace"] = "after the operation returned",
        ["naive.File.Copy"] = "'destination.txt' is empty (0 bytes)",
        ["naive.File.WriteAllBytes"] = "'target.txt' is the old content (5000 bytes) after the operation returned",
        ["naive.File.Delete"] = "'target.txt' is the old content (5000 bytes) after the operation returned",
        ["naive.File.AppendAllText"] = "'target.txt' is the old content (5000 bytes) after the operation returned",
        ["naive.Directory.CreateDirectory"] = "'a' is missing after the operation returned",
        ["naive.Log.NoFsync"] = "acknowledged record",
        ["naive.Log.AppendAfterTornTail"] = "acknowledged record",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_reported_with_the_crash_point_and_the_bad_state(string workloadName, PersistenceModel model)
    {
        var run = RecordedRuns.Get(workloadName);
        var report = CrashChecker.Check(run, WorkloadInvariants.For(workloadName), model);
        output.WriteLine(WorkloadCatalog.Get(workloadName).Description);
        output.WriteLine(report.Describe());
        output.WriteLine("system calls on the scratch directory (crash point after each):\n" + run.DescribeEvents());
        output.WriteLine("results table: " + ResultsTable.FilePath);
        ResultsTable.Add(report);

        Assert.NotEmpty(report.Violations);
        var first = report.Violations[0];
        var message = first.ToString();
        Assert.Contains($"crash point {first.CrashPoint}", message);
        Assert.NotNull(first.After);
        Assert.Contains($"system call #{first.After!.Index}", message);
        Assert.Contains(first.AfterText, message);
        Assert.Contains(first.Problem, message);
        Assert.Contains(first.State, message);
        Assert.Contains(report.Violations, violation => violation.Problem.StartsWith(ExpectedProblem[workloadName], System.StringComparison.Ordinal));
    }

    [Fact]
    public void Temp_in_another_directory_is_only_caught_when_entry_changes_can_be_reordered()
    {
        const string workloadName = "naive.TempInOtherDirectory";
        var run = RecordedRuns.Get(workloadName);
        var pessimistic = CrashChecker.Check(run, WorkloadInvariants.For(workloadName), PersistenceModel.Pessimistic);
        var ext4 = CrashChecker.Check(run, WorkloadInvariants.For(workloadName), PersistenceModel.Ext4Ordered);
        output.WriteLine(pessimistic.Describe());
        output.WriteLine(ext4.Describe());
        ResultsTable.Add(ext4);

        // Pessimistic: the rename also changed staging/, which is never fsynced, so it need not be durable on return.
        Assert.Contains(pessimistic.Violations, violation => violation.Returned && violation.Problem.Contains("after the operation returned", System.StringComparison.Ordinal));
        // ext4: the fsync of the target's directory commits the whole journal, the rename included.
        Assert.Empty(ext4.Violations);
    }
}
