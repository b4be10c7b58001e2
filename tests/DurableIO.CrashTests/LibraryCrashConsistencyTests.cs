using System.Linq;
using DurableIO.CrashTests.Checking;
using DurableIO.CrashTests.Model;
using DurableIO.CrashWorkloads;
using Xunit;
using Xunit.Abstractions;

namespace DurableIO.CrashTests;

/// <summary>
/// Every durable operation of DurableIO keeps its invariant in every crash state, under both persistence models. So do
/// the hand-written reference protocols that the Move and Replace findings called for, which shows those invariants are
/// not too strong for the pessimistic model.
/// </summary>
public sealed class LibraryCrashConsistencyTests
{
    private readonly ITestOutputHelper output;

    public LibraryCrashConsistencyTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string, PersistenceModel> Cases()
    {
        var cases = new TheoryData<string, PersistenceModel>();
        foreach (var workload in LibraryWorkloads.All().Concat(ReferenceWorkloads.All()).Concat(LogWorkloads.All()))
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
        output.WriteLine("results table: " + ResultsTable.FilePath);
        ResultsTable.Add(report);

        Assert.True(report.Violations.Count == 0, report.Describe());
        Assert.False(report.Truncated, report.Describe());
        // A run that never touched the scratch directory would pass vacuously.
        Assert.True(run.Events.Count(fsEvent => fsEvent is not Tracing.ReturnedMarkerEvent) >= 2, report.Describe());
    }
}
