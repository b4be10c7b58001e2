using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace DurableIO.Tests;

/// <summary>A fresh directory on the real file system (under /tmp, ext4 here), deleted afterwards.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "durableio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Every entry name in the directory (hidden temporary files included), sorted.</summary>
    public string[] Entries(string? sub = null) =>
        Directory.GetFileSystemEntries(sub == null ? Path : this[sub]).Select(e => System.IO.Path.GetFileName(e)!).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private readonly System.Collections.Generic.List<string> _immutable = new();

    /// <summary>
    /// Makes a directory refuse new entries. As root (chmod does not stop root) via `chattr +i`;
    /// otherwise chmod 0555. Returns false when neither is possible.
    /// </summary>
    public bool MakeReadOnly(string dir)
    {
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return true;
        }

        _immutable.Add(dir);
        return Run("chattr", "+i", dir).ExitCode == 0;
    }

    public void Dispose()
    {
        foreach (string dir in _immutable) Run("chattr", "-i", dir);
        Directory.Delete(Path, recursive: true);
    }

    internal static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"cannot run {file}: {e.Message}");
        }
    }
}
