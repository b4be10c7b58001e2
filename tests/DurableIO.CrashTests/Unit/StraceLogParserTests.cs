using System;
using DurableIO.CrashTests.Tracing;
using Xunit;

namespace DurableIO.CrashTests.Unit;

public sealed class StraceLogParserTests
{
    private static string Hex(string text) => StraceText.HexEscape(text);

    [Fact]
    public void Parses_pid_name_arguments_descriptor_annotations_and_result()
    {
        var line = $"4674  openat(AT_FDCWD<{Hex("/work")}>, \"{Hex("/tmp/s/a.txt")}\", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0644) = 23<{Hex("/tmp/s/a.txt")}>";

        var call = Assert.Single(StraceLogParser.Parse(new[] { line }));

        Assert.Equal(4674, call.Pid);
        Assert.Equal("openat", call.Name);
        Assert.Equal(4, call.Arguments.Count);
        Assert.Equal((StraceText.AtFdCwd, "/work"), StraceText.ParseDescriptor(call.Arguments[0]));
        Assert.Equal("/tmp/s/a.txt"u8.ToArray(), StraceText.DecodeString(call.Arguments[1]));
        Assert.Equal("O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC", call.Arguments[2]);
        Assert.Equal(23, call.Result);
        Assert.Equal("/tmp/s/a.txt", call.ResultAnnotation);
        Assert.True(call.Succeeded);
        Assert.Equal(1, call.LineNumber);
    }

    [Fact]
    public void Reads_a_failed_call_as_failed_with_its_errno()
    {
        var call = Assert.Single(StraceLogParser.Parse(new[] { $"7 unlink(\"{Hex("/tmp/s/b")}\") = -1 ENOENT (No such file or directory)" }));

        Assert.False(call.Succeeded);
        Assert.Equal(-1, call.Result);
        Assert.Equal("ENOENT", call.Error);
    }

    [Fact]
    public void Joins_an_interrupted_call_and_places_it_where_it_completed()
    {
        var lines = new[]
        {
            $"10 pwrite64(3<{Hex("/tmp/s/a")}>, \"{Hex("ab")}\",  <unfinished ...>",
            $"11 fsync(4<{Hex("/tmp/s/b")}>) = 0",
            "10 <... pwrite64 resumed>2, 0) = 2",
        };

        var calls = StraceLogParser.Parse(lines);

        Assert.Equal(new[] { "fsync", "pwrite64" }, new[] { calls[0].Name, calls[1].Name });
        Assert.Equal(4, calls[1].Arguments.Count);
        Assert.Equal("ab"u8.ToArray(), StraceText.DecodeString(calls[1].Arguments[1]));
        Assert.Equal(3, calls[1].LineNumber);
        Assert.Equal(1, calls[1].Index);
    }

    [Fact]
    public void Keeps_commas_and_brackets_inside_strings_and_vectors_within_one_argument()
    {
        var line = $"5 writev(3<{Hex("/tmp/s/a")}>, [{{iov_base=\"{Hex("x,y)")}\", iov_len=4}}, {{iov_base=\"{Hex("]z")}\", iov_len=2}}], 2) = 6";

        var call = Assert.Single(StraceLogParser.Parse(new[] { line }));

        Assert.Equal(3, call.Arguments.Count);
        Assert.Equal("2", call.Arguments[2]);
    }

    [Fact]
    public void Refuses_a_string_strace_truncated()
    {
        var call = Assert.Single(StraceLogParser.Parse(new[] { $"5 write(3, \"{Hex("abc")}\"..., 9000) = 9000" }));

        var error = Assert.Throws<FormatException>(() => StraceText.DecodeString(call.Arguments[1]));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Skips_exit_notices_and_treats_a_call_cut_by_exit_as_without_result()
    {
        var calls = StraceLogParser.Parse(new[] { "9 +++ exited with 0 +++", "8 exit_group(0) = ?" });

        var call = Assert.Single(calls);
        Assert.Null(call.Result);
        Assert.False(call.Succeeded);
    }

    [Fact]
    public void Shows_calls_readably_with_data_shortened_and_paths_whole()
    {
        var longPath = "/tmp/a-directory-with-a-rather-long-name-for-the-test/file.txt";
        var call = Assert.Single(StraceLogParser.Parse(new[] { $"5 pwrite64(3<{Hex(longPath)}>, \"{Hex(new string('x', 100) + "\n")}\", 101, 0) = 101" }));

        Assert.Equal($"pwrite64(3<{longPath}>, \"{new string('x', 40)}…(101 bytes)\", 101, 0) = 101", call.Readable);
    }
}
