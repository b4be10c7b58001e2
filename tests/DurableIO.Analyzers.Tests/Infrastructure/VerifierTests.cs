using DurableIO.Analyzers.Rules;
using Xunit;

namespace DurableIO.Analyzers.Tests.Infrastructure;

/// <summary>The test helper itself: which sources are re-run at C# 7.3, and markup removal.</summary>
public class VerifierTests
{
    [Fact]
    public void Classic_source_is_rerun_at_CSharp_7_3()
    {
        Assert.True(Verify<RenameAnalyzer>.ParsesAt73("class C { void M() { {|#0:System.IO.File.Delete(\"a\")|}; } }", new VerifyOptions()));
    }

    [Theory]
    [InlineData("class C { void M() { using var s = System.IO.File.OpenRead(\"a\"); } }")]
    [InlineData("System.IO.File.Delete(\"a\");")]
    [InlineData("namespace N; class C { }")]
    [InlineData("class C { string? M() => null; }")]
    public void Newer_syntax_is_not_rerun_at_CSharp_7_3(string source)
    {
        Assert.False(Verify<RenameAnalyzer>.ParsesAt73(source, new VerifyOptions().AsConsoleApplication()));
    }

    [Fact]
    public void Markup_is_removed_before_the_CSharp_7_3_check()
    {
        Assert.Equal("a(b) [c]", Verify<RenameAnalyzer>.StripMarkup("{|#0:a(b)|} [{|DUR001:c|}]"));
        Assert.Equal("x", Verify<RenameAnalyzer>.StripMarkup("[|x|]"));
    }
}
