using DurableIO.CrashTests.Checking;
using DurableIO.CrashTests.Model;
using DurableIO.CrashWorkloads;
using Xunit;
using Xunit.Abstractions;

namespace DurableIO.CrashTests;

/// <summary>
/// The Move and Replace invariants are not too strong for the pessimistic model: the hand-written protocols
/// that the findings for DurableFile.Move and DurableFile.Replace call for keep them under both models.
/// </summary>
public sealed class ReferenceWorkloadTests
{
    private readonly ITestOutputHelper output;

    public ReferenceWorkloadTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string, PersistenceModel> Cases()
    {
        var cases = new TheoryData<string, PersistenceModel>();
        foreach (var workload in ReferenceWorkloads.All())
        {
            cases.Add(workload.Name, PersistenceModel.Pessimistic);
            cases.Add(workload.Name, PersistenceModel.Ext4Ordered);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Survives_a_crash_at_every_step(string workloadName, PersistenceModel model)
    {
        var run = RecordedRuns.Get(workloadName);
        var report = CrashChecker.Check(run, WorkloadInvariants.For(workloadName), model);
        output.WriteLine(WorkloadCatalog.Get(workloadName).Description);
        output.WriteLine(report.Describe());
        output.WriteLine("system calls on the scratch directory (crash point after each):\n" + run.DescribeEvents());
        ResultsTable.Add(report);

        Assert.True(report.Passed, report.Describe());
    }
}
