using System.IO;
using Xunit;

namespace DurableIO.Tests;

/// <summary>Permissions as an ordinary user sees them (root bypasses them, so the workload drops to nobody).</summary>
public class UnprivilegedTests
{
    [Fact]
    public void SyncFile_And_SyncDirectory_NeedOnlyReadAccess()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["f"], "data");
        File.SetUnixFileMode(dir["f"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Workload.RunUnprivileged("sync-file", dir["f"]).AssertOk();
        Workload.RunUnprivileged("sync-dir", dir.Path).AssertOk();
    }

    [Theory]
    [InlineData("write-text")]
    [InlineData("write-bytes")]
    [InlineData("copy")]
    public void ReplaceInADirectoryTheUserCannotWrite_UnauthorizedAccess_NothingChanged(string operation)
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["f"], "old");
        File.WriteAllText(dir["src"], "new");
        string[] args = operation == "copy" ? new[] { operation, dir["src"], dir["f"] } : new[] { operation, dir["f"], "new" };

        var result = Workload.RunUnprivileged(args);

        Assert.Equal(typeof(System.UnauthorizedAccessException).FullName, result.ExceptionType);
        Assert.Equal("old", File.ReadAllText(dir["f"]));
        Assert.Equal(new[] { "f", "src" }, dir.Entries());
    }
}
