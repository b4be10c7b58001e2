using System.Linq;
using DurableIO.CrashWorkloads;
using Xunit;

namespace DurableIO.CrashTests.Unit;

public sealed class WorkloadCatalogTests
{
    [Fact]
    public void Every_workload_has_an_invariant_and_is_checked_by_a_test()
    {
        var checkedNames = LibraryCrashConsistencyTests.Cases()
            .Concat(NaiveWorkloadTests.Cases())
            .Select(row => (string)row[0])
            .ToHashSet();

        Assert.All(WorkloadCatalog.Names, name =>
        {
            Assert.NotNull(WorkloadInvariants.For(name));
            Assert.Contains(name, checkedNames);
        });
    }
}
