using System;
using System.Collections.Generic;
using System.Linq;
using DurableIO.CrashTests.Model;
using DurableIO.CrashTests.Tracing;
using Xunit;

namespace DurableIO.CrashTests.Unit;

/// <summary>The persistence rules, one at a time, on hand-made events.</summary>
public sealed class FileSystemModelTests
{
    private static readonly byte[] Old = Enumerable.Repeat((byte)'o', 100).ToArray();
    private static readonly byte[] ThreeBlocks = Enumerable.Range(0, 3 * 4096).Select(i => (byte)('a' + (i / 4096))).ToArray();

    private static Syscall Call(string text) => new(0, 0, 1, text, Array.Empty<string>(), 0, null, null, text + "()");

    private static FileSystemModel Model(PersistenceModel persistence, params (string Path, byte[]? Content)[] initial) =>
        new(new ScratchSnapshot(initial.ToDictionary(entry => entry.Path, entry => entry.Content)), persistence);

    private static List<CrashState> States(FileSystemModel model, int bound = 4096)
    {
        var states = model.CrashStates(bound, out var truncated);
        Assert.False(truncated);
        return states.ToList();
    }

    private static void Apply(FileSystemModel model, params FsEvent[] events)
    {
        foreach (var fsEvent in events)
        {
            model.Apply(fsEvent);
        }
    }

    private static FsEvent Create(int handle, string path) => new OpenEvent(Call("open"), handle, path, Create: true, Exclusive: true, Truncate: false, Append: false);

    private static FsEvent OpenDirectory(int handle, string path) => new OpenEvent(Call("open"), handle, path, Create: false, Exclusive: false, Truncate: false, Append: false);

    private static FsEvent Write(int handle, byte[] data, long offset = 0) => new WriteEvent(Call("pwrite64"), handle, offset, data);

    private static FsEvent Fsync(int handle) => new FsyncEvent(Call("fsync"), handle, DataOnly: false);

    private static FsEvent Rename(string from, string to) => new RenameEvent(Call("rename"), from, to);

    [Fact]
    public void Unsynced_data_is_lost_tail_first_at_block_boundaries()
    {
        var model = Model(PersistenceModel.Pessimistic, ("f", Array.Empty<byte>()));
        Apply(model, OpenDirectory(1, "f"), Write(1, ThreeBlocks));

        var lengths = States(model).Select(state => state.File("f")!.Length).ToList();

        Assert.Equal(new[] { 0, 4096, 8192, 12288 }, lengths);
        Assert.All(States(model), state => Assert.True(ThreeBlocks.AsSpan().StartsWith(state.File("f"))));
    }

    [Fact]
    public void Fsync_makes_the_file_data_durable()
    {
        var model = Model(PersistenceModel.Pessimistic, ("f", Old));
        Apply(model, OpenDirectory(1, "f"), Write(1, ThreeBlocks), Fsync(1));

        var state = Assert.Single(States(model));

        Assert.Equal(ThreeBlocks, state.File("f"));
    }

    [Fact]
    public void A_rename_is_durable_only_after_its_directory_is_fsynced()
    {
        var model = Model(PersistenceModel.Pessimistic, ("t", Old), ("n", ThreeBlocks));
        Apply(model, Rename("n", "t"));

        Assert.Equal(new[] { "Old", "New" }, States(model).Select(state => state.File("t")!.SequenceEqual(Old) ? "Old" : "New").OrderByDescending(name => name));

        Apply(model, OpenDirectory(2, ""), Fsync(2));

        var state = Assert.Single(States(model));
        Assert.Equal(ThreeBlocks, state.File("t"));
        Assert.False(state.Exists("n"));
    }

    [Fact]
    public void A_rename_between_directories_needs_both_directories_fsynced_in_the_pessimistic_model()
    {
        var model = Model(PersistenceModel.Pessimistic, ("a", null), ("b", null), ("a/f", Old));
        Apply(model, Rename("a/f", "b/f"), OpenDirectory(1, "b"), Fsync(1));

        Assert.Equal(2, States(model).Count);

        Apply(model, OpenDirectory(2, "a"), Fsync(2));

        var state = Assert.Single(States(model));
        Assert.True(state.Exists("b/f"));
        Assert.False(state.Exists("a/f"));
    }

    [Fact]
    public void The_pessimistic_model_lets_a_later_entry_change_persist_without_an_earlier_one_and_ext4_does_not()
    {
        static HashSet<string> Shapes(PersistenceModel persistence)
        {
            var model = Model(persistence, ("s", Old));
            Apply(model, new LinkEvent(Call("link"), "s", "d"), new UnlinkEvent(Call("unlink"), "s"));
            return States(model).Select(state => (state.Exists("s") ? "s" : "") + (state.Exists("d") ? "d" : "")).ToHashSet();
        }

        Assert.Equal(new HashSet<string> { "s", "sd", "d", "" }, Shapes(PersistenceModel.Pessimistic));
        Assert.Equal(new HashSet<string> { "s", "sd", "d" }, Shapes(PersistenceModel.Ext4Ordered));
    }

    [Fact]
    public void In_the_ext4_model_a_file_fsync_commits_the_entry_changes_before_it_and_in_the_pessimistic_model_it_does_not()
    {
        foreach (var (persistence, expectedStates) in new[] { (PersistenceModel.Pessimistic, 2), (PersistenceModel.Ext4Ordered, 1) })
        {
            var model = Model(persistence);
            Apply(model, Create(1, "new"), Write(1, Old), Fsync(1));

            var states = States(model);

            Assert.Equal(expectedStates, states.Count);
            Assert.All(states, state => Assert.True(!state.Exists("new") || state.File("new")!.SequenceEqual(Old)));
        }
    }

    [Fact]
    public void A_new_file_whose_entry_persisted_before_its_data_is_seen_empty_or_partial()
    {
        var model = Model(PersistenceModel.Pessimistic);
        Apply(model, Create(1, "f"), Write(1, ThreeBlocks), OpenDirectory(2, ""), Fsync(2));

        Assert.Equal(new[] { 0, 4096, 8192, 12288 }, States(model).Select(state => state.File("f")!.Length));
    }

    [Fact]
    public void The_enumeration_stops_at_the_bound_and_says_so()
    {
        var model = Model(PersistenceModel.Pessimistic);
        Apply(model, Enumerable.Range(0, 12).Select(i => new MkdirEvent(Call("mkdir"), "d" + i)).ToArray());

        var states = model.CrashStates(bound: 100, out var truncated);

        Assert.True(truncated);
        Assert.Equal(100, states.Count);
        Assert.Equal(1 << 12, model.CrashStates(bound: 1 << 12, out var complete).Count);
        Assert.False(complete);
    }

    [Fact]
    public void An_open_of_a_name_the_model_does_not_hold_is_reported_as_divergence()
    {
        var model = Model(PersistenceModel.Pessimistic);

        var error = Assert.Throws<InvalidOperationException>(() => model.Apply(OpenDirectory(1, "missing")));

        Assert.Contains("diverged", error.Message);
    }
}
