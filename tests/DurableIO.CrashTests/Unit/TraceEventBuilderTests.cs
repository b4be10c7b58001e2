using System;
using System.Collections.Generic;
using System.Linq;
using DurableIO.CrashTests.Tracing;
using Xunit;

namespace DurableIO.CrashTests.Unit;

public sealed class TraceEventBuilderTests
{
    private const string Scratch = "/tmp/scratch";
    private const string Marker = "@@RETURNED@@";

    private static string Hex(string text) => StraceText.HexEscape(text);

    private static IReadOnlyList<FsEvent> Build(params string[] lines) =>
        TraceEventBuilder.Build(StraceLogParser.Parse(lines), Scratch, "/work", Marker);

    [Fact]
    public void Keeps_only_scratch_events_with_relative_paths_resolved_against_the_annotated_directory()
    {
        var events = Build(
            $"1 openat(AT_FDCWD<{Hex("/usr/lib")}>, \"{Hex("libc.so")}\", O_RDONLY) = 3<{Hex("/usr/lib/libc.so")}>",
            $"1 read(3<{Hex("/usr/lib/libc.so")}>, \"{Hex("ELF")}\", 832) = 3",
            "1 close(3) = 0",
            $"1 openat(AT_FDCWD<{Hex(Scratch)}>, \"{Hex("sub/a.txt")}\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3<{Hex(Scratch + "/sub/a.txt")}>",
            $"1 write(3<{Hex(Scratch + "/sub/a.txt")}>, \"{Hex("hello")}\", 5) = 5",
            $"1 fsync(3<{Hex(Scratch + "/sub/a.txt")}>) = 0",
            $"1 close(3<{Hex(Scratch + "/sub/a.txt")}>) = 0",
            $"1 unlink(\"{Hex(Scratch + "/gone")}\") = -1 ENOENT (No such file or directory)",
            $"1 write(1<pipe:[7]>, \"{Hex(Marker + "\n")}\", 13) = 13");

        Assert.Collection(
            events,
            e =>
            {
                var open = Assert.IsType<OpenEvent>(e);
                Assert.Equal(("sub/a.txt", true, false, true), (open.Path, open.Create, open.Exclusive, open.Truncate));
            },
            e => Assert.Equal("hello"u8.ToArray(), Assert.IsType<WriteEvent>(e).Data),
            e => Assert.False(Assert.IsType<FsyncEvent>(e).DataOnly),
            e => Assert.IsType<CloseEvent>(e),
            e => Assert.IsType<ReturnedMarkerEvent>(e));
    }

    [Fact]
    public void Follows_a_duplicated_descriptor_to_the_same_open_file()
    {
        var events = Build(
            $"1 openat(AT_FDCWD, \"{Hex(Scratch + "/a")}\", O_RDWR|O_CREAT, 0644) = 3<{Hex(Scratch + "/a")}>",
            $"1 dup(3<{Hex(Scratch + "/a")}>) = 4<{Hex(Scratch + "/a")}>",
            $"1 pwrite64(4<{Hex(Scratch + "/a")}>, \"{Hex("xy")}\", 2, 7) = 2");

        var open = Assert.IsType<OpenEvent>(events[0]);
        var write = Assert.IsType<WriteEvent>(events[1]);
        Assert.Equal(open.Handle, write.Handle);
        Assert.Equal(7, write.Offset);
    }

    [Fact]
    public void Reads_unlinkat_with_AT_REMOVEDIR_as_rmdir_and_keeps_only_the_bytes_a_short_write_wrote()
    {
        var events = Build(
            $"1 unlinkat(AT_FDCWD, \"{Hex(Scratch + "/d")}\", AT_REMOVEDIR) = 0",
            $"1 openat(AT_FDCWD, \"{Hex(Scratch + "/a")}\", O_WRONLY|O_CREAT, 0644) = 3<{Hex(Scratch + "/a")}>",
            $"1 write(3<{Hex(Scratch + "/a")}>, \"{Hex("abcdef")}\", 6) = 2");

        Assert.Equal("d", Assert.IsType<RmdirEvent>(events[0]).Path);
        Assert.Equal("ab"u8.ToArray(), Assert.IsType<WriteEvent>(events[2]).Data);
    }

    [Fact]
    public void Refuses_a_system_call_on_the_scratch_directory_that_the_model_does_not_cover()
    {
        var error = Assert.Throws<NotSupportedException>(() => Build($"1 symlink(\"{Hex("target")}\", \"{Hex(Scratch + "/link")}\") = 0"));

        Assert.Contains("symlink", error.Message);
    }

    [Fact]
    public void Refuses_a_rename_across_the_scratch_boundary()
    {
        Assert.Throws<NotSupportedException>(() => Build($"1 rename(\"{Hex("/elsewhere/a")}\", \"{Hex(Scratch + "/a")}\") = 0"));
    }

    [Fact]
    public void Refuses_a_scratch_descriptor_whose_open_is_not_in_the_trace()
    {
        var error = Assert.Throws<NotSupportedException>(() => Build($"1 fsync(5<{Hex(Scratch + "/a")}>) = 0"));

        Assert.Contains("its open was not in the trace", error.Message);
    }

    [Fact]
    public void Ignores_a_call_whose_only_link_to_the_scratch_directory_is_the_working_directory_annotation()
    {
        var events = Build($"1 mknodat(AT_FDCWD<{Hex(Scratch)}>, \"{Hex("/tmp/clr-debug-pipe-1-in")}\", S_IFIFO|0600) = 0");

        Assert.Empty(events);
    }

    [Fact]
    public void Reads_copy_file_range_with_null_offsets_as_a_copy_at_the_current_positions()
    {
        var events = Build(
            $"1 openat(AT_FDCWD, \"{Hex(Scratch + "/src")}\", O_RDONLY) = 3<{Hex(Scratch + "/src")}>",
            $"1 openat(AT_FDCWD, \"{Hex(Scratch + "/dst")}\", O_WRONLY|O_CREAT|O_EXCL, 0644) = 4<{Hex(Scratch + "/dst")}>",
            $"1 copy_file_range(3<{Hex(Scratch + "/src")}>, NULL, 4<{Hex(Scratch + "/dst")}>, NULL, 9000, 0) = 9000");

        var copy = Assert.IsType<CopyRangeEvent>(events.Last());
        Assert.Equal((null, null, 9000L), (copy.SourceOffset, copy.DestinationOffset, copy.Count));
    }
}
