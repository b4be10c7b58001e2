using System.IO;
using Xunit;

namespace DurableIO.Tests;

/// <summary>
/// The library's netstandard2.0 build (loaded by .NET 6/7 and .NET Framework apps) on this runtime, through the
/// second workload. The strace protocol and fault tests run on both builds too (Workload.OnEachBuild).
/// </summary>
public class NetStandardBuildTests
{
    [Theory]
    [InlineData("net8.0", ".NETCoreApp,Version=v8.0")]
    [InlineData("netstandard2.0", ".NETStandard,Version=v2.0")]
    public void EachWorkloadLoadsTheBuildItIsNamedFor(string build, string frameworkName)
    {
        var result = Workload.RunOn(build, "library-target", "-", "-");
        Assert.StartsWith(frameworkName + " OK", result.Output);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    public void NetStandardBuild_KeepsTheTargetsPermissionBits(UnixFileMode mode)
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir["f"], "old");
        File.SetUnixFileMode(dir["f"], mode);

        Workload.RunOn("netstandard2.0", "write-text", dir["f"], "new").AssertOk();

        Assert.Equal("new", File.ReadAllText(dir["f"]));
        Assert.Equal(mode, File.GetUnixFileMode(dir["f"]));
    }

    [Fact]
    public void NetStandardBuild_MoveAndAppend()
    {
        using var dir = new TestDirectory();
        Workload.RunOn("netstandard2.0", "append-text", dir["a"], "one").AssertOk();
        Workload.RunOn("netstandard2.0", "append-text", dir["a"], "two").AssertOk();
        Workload.RunOn("netstandard2.0", "move", dir["a"], dir["b"]).AssertOk();

        Assert.Equal(new[] { "b" }, dir.Entries());
        Assert.Equal("onetwo", File.ReadAllText(dir["b"]));
    }
}
