using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace DurableIO.CrashTests.Tracing;

/// <summary>Runs a program under <c>strace -f</c> and returns its log.</summary>
public static class StraceRecorder
{
    /// <summary>Every system call that can change a file's data or a directory's entries, or that the model needs to follow descriptors and positions.</summary>
    public static readonly IReadOnlyList<string> TracedSyscalls = new[]
    {
        "open", "openat", "openat2", "creat", "close", "dup", "dup2", "dup3", "fcntl",
        "read", "readv", "lseek", "write", "pwrite64", "writev", "pwritev", "pwritev2",
        "ftruncate", "truncate", "fallocate", "copy_file_range", "sendfile", "ioctl",
        "fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
        "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat",
        "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir", "mknod", "mknodat",
    };

    /// <summary>Fails with a message that says what to install when strace is not on <paramref name="searchPath"/> (the PATH by default).</summary>
    public static string FindStrace(string? searchPath = null)
    {
        var path = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "strace"))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            "The crash-consistency tests need strace (they record the workloads' system calls with it), and it is not on the PATH. "
            + "Install it: `apt-get install -y strace` (.ci/run does this).");
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> under strace; returns the log's lines.</summary>
    public static IReadOnlyList<string> Record(string program, IReadOnlyList<string> arguments, string workingDirectory, string logPath)
    {
        var start = new ProcessStartInfo(FindStrace())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-f", "-y", "-qq", "-xx", "-s", "16777216", "-e", "signal=none", "--seccomp-bpf",
            "-e", "trace=" + string.Join(",", TracedSyscalls), "-o", logPath, program,
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start strace");
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        // A hang guard only: a workload takes well under a second.
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the traced program did not finish within 3 minutes: {program} {string.Join(" ", arguments)}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"the traced program failed (exit code {process.ExitCode}): {program} {string.Join(" ", arguments)}\n{standardOutput.Result}\n{standardError.Result}");
        }

        return File.ReadAllLines(logPath);
    }
}
