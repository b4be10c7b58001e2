using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace DurableIO.Tests;

/// <summary>One system call from an strace log (`strace -y`: descriptors are annotated with their paths).</summary>
public sealed record Syscall(string Name, string Args, string Result, string Line)
{
    private static readonly Regex Parse = new(@"^(?<name>[a-z0-9_]+)\((?<args>.*)\)\s+=\s+(?<ret>.+)$", RegexOptions.Compiled);
    private static readonly Regex Fd = new(@"^(?<fd>-?\d+)(<(?<path>[^>]*)>)?", RegexOptions.Compiled);

    public static Syscall? TryParse(string line)
    {
        Match m = Parse.Match(line);
        return m.Success ? new Syscall(m.Groups["name"].Value, m.Groups["args"].Value, m.Groups["ret"].Value, line) : null;
    }

    public bool Failed => Result.StartsWith("-1", StringComparison.Ordinal);

    /// <summary>The descriptor this call returned (open) or took as first argument (fsync, close, write).</summary>
    public int ReturnedFd => int.Parse(Fd.Match(Result).Groups["fd"].Value);

    public int FdArg => int.Parse(Fd.Match(Args).Groups["fd"].Value);

    /// <summary>The path strace shows for the descriptor an open returned.</summary>
    public string ReturnedFdPath => Fd.Match(Result).Groups["path"].Value;

    public string FdArgPath => Fd.Match(Args).Groups["path"].Value;

    /// <summary>The quoted string arguments (paths), in order.</summary>
    public string[] PathArgs => Regex.Matches(Args, "\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value).ToArray();
}

/// <summary>Runs tests/DurableIO.Workload (one library operation) in a fresh process, optionally under strace.</summary>
public static class Workload
{
    /// <summary>"?": a call this architecture lacks (arm64 has no open, rename, link, unlink, mkdir) is skipped, not an error.</summary>
    public const string TracedCalls =
        "openat,?open,?creat,write,pwrite64,pwritev,pwritev2,fsync,fdatasync,sync_file_range,syncfs,close,?rename,renameat,renameat2,?link,linkat,?unlink,unlinkat,?mkdir,mkdirat";

    /// <summary>"net8.0": the workload loads the library's net8.0 build; "netstandard2.0": its netstandard2.0 build (what .NET 6/7 apps get).</summary>
    public static readonly string[] Builds = { "net8.0", "netstandard2.0" };

    /// <summary>MemberData: each of the comma-separated values on each build (xunit 2 cannot pass params arrays).</summary>
    public static System.Collections.Generic.IEnumerable<object[]> OnEachBuild(string values) =>
        from build in Builds from value in values.Split(',') select new object[] { build, value };

    private static string DllPath(string build) => typeof(Workload).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == (build == "netstandard2.0" ? "NetStandardWorkloadPath" : "WorkloadPath")).Value!;

    public sealed record Result(int ExitCode, string Output, IReadOnlyList<IReadOnlyList<Syscall>> Threads)
    {
        /// <summary>The exception type the workload reported, or null when it printed OK.</summary>
        public string? ExceptionType => Output.StartsWith("EXCEPTION ", StringComparison.Ordinal) ? Output[10..Output.IndexOf('|')] : null;

        public IEnumerable<Syscall> All => Threads.SelectMany(t => t);

        /// <summary>The calls that mention <paramref name="text"/> (a directory under test), in order; they must all come from one thread.</summary>
        public IReadOnlyList<Syscall> Mentioning(string text)
        {
            var threads = Threads.Where(t => t.Any(c => c.Line.Contains(text, StringComparison.Ordinal))).ToList();
            Assert.True(threads.Count == 1, $"expected the calls on '{text}' in exactly one thread, found {threads.Count}:\n{Output}");
            return threads[0].Where(c => c.Line.Contains(text, StringComparison.Ordinal)).ToList();
        }

        public void AssertOk() => Assert.True(ExitCode == 0 && Output.Trim() == "OK", $"workload failed: {Output}");

        /// <summary>
        /// Every descriptor opened on a path under <paramref name="directory"/> was closed again (matched by number and by the
        /// path strace shows for it, across threads): a leaked one would only be closed by the process's exit, with no close(2).
        /// </summary>
        public void AssertEveryDescriptorClosed(string directory)
        {
            var opened = All.Where(c => c.Name is "openat" or "open" or "creat" && !c.Failed && c.ReturnedFdPath.StartsWith(directory, StringComparison.Ordinal))
                .Select(c => c.ReturnedFd).OrderBy(fd => fd).ToList();
            var closed = All.Where(c => c.Name == "close" && c.FdArgPath.StartsWith(directory, StringComparison.Ordinal))
                .Select(c => c.FdArg).OrderBy(fd => fd).ToList();
            Assert.True(opened.Count > 0, "no descriptor under " + directory + " was opened: the check would prove nothing");
            Assert.True(opened.SequenceEqual(closed), $"descriptors opened under {directory}: [{string.Join(", ", opened)}], closed: [{string.Join(", ", closed)}]\n{Output}");
        }
    }

    /// <summary>Runs the workload without strace.</summary>
    public static Result Run(params string[] args) => RunOn("net8.0", args);

    /// <summary>Runs the workload as an unprivileged user: as root through `setpriv` to uid/gid 65534 (nobody).</summary>
    public static Result RunUnprivileged(params string[] args)
    {
        if (Environment.UserName != "root") return Run(args);
        var command = new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "dotnet", UnprivilegedCopy.Value };
        (int code, string output) = TestDirectory.Run("setpriv", command.Concat(args).ToArray());
        return new Result(code, output, Array.Empty<IReadOnlyList<Syscall>>());
    }

    /// <summary>
    /// The workload copied to a folder every user can read: the checkout itself may sit in a folder only its owner can
    /// enter (a clone into `mktemp -d` is 0700), where nobody could not even load the program.
    /// </summary>
    private static readonly Lazy<string> UnprivilegedCopy = new(() =>
    {
        string dll = Dll("net8.0");
        string source = Path.GetDirectoryName(dll)!;
        string copy = Path.Combine(Path.GetTempPath(), "durableio-workload-" + Guid.NewGuid().ToString("N"));
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode enterable = readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (string directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories).Prepend(source))
        {
            string target = directory.Replace(source, copy);
            Directory.CreateDirectory(target);
            File.SetUnixFileMode(target, enterable); // exact, whatever the umask
        }

        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = file.Replace(source, copy);
            File.Copy(file, target);
            File.SetUnixFileMode(target, readable);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        return Path.Combine(copy, Path.GetFileName(dll));
    });

    /// <summary>Runs the workload built against the library's <paramref name="build"/>, without strace.</summary>
    public static Result RunOn(string build, params string[] args)
    {
        (int code, string output) = TestDirectory.Run("dotnet", new[] { Dll(build) }.Concat(args).ToArray());
        return new Result(code, output, Array.Empty<IReadOnlyList<Syscall>>());
    }

    /// <summary>
    /// Runs the workload under `strace -ff -y -e trace=…` plus <paramref name="straceOptions"/> (e.g. fault injection),
    /// one log per thread so no call is split. Fails (never skips) when strace is missing: CI installs it.
    /// </summary>
    public static Result Traced(string[] straceOptions, params string[] args) => TracedOn("net8.0", straceOptions, args);

    /// <summary><see cref="Traced(string[], string[])"/> with the workload built against the library's <paramref name="build"/>.</summary>
    public static Result TracedOn(string build, string[] straceOptions, params string[] args)
    {
        (int probe, string probeOutput) = TestDirectory.Run("strace", "-V");
        Assert.True(probe == 0, "strace is required by the runtime tests and was not found (apt-get install -y strace; .ci/run installs it): " + probeOutput);

        string logDir = Path.Combine(Path.GetTempPath(), "durableio-strace", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(logDir);
        try
        {
            var command = new List<string> { "-ff", "-y", "-qq", "-o", Path.Combine(logDir, "t"), "-e", "trace=" + TracedCalls, "-e", "signal=none" };
            command.AddRange(straceOptions);
            command.Add("dotnet");
            command.Add(Dll(build));
            command.AddRange(args);
            (int code, string output) = TestDirectory.Run("strace", command.ToArray());
            var threads = Directory.GetFiles(logDir)
                .Select(f => (IReadOnlyList<Syscall>)File.ReadAllLines(f).Select(Syscall.TryParse).OfType<Syscall>().ToList())
                .ToList();
            Assert.True(threads.Count > 0, "strace produced no log: " + output);
            return new Result(code, output, threads);
        }
        finally
        {
            Directory.Delete(logDir, recursive: true);
        }
    }

    public static Result Traced(params string[] args) => Traced(Array.Empty<string>(), args);

    private static string Dll(string build)
    {
        string path = DllPath(build);
        Assert.True(File.Exists(path), $"the workload was not built at '{path}'");
        return path;
    }
}
