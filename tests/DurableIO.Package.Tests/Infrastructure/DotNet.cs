using System;
using System.Collections;
using System.Diagnostics;
using System.Text;

namespace DurableIO.Package.Tests.Infrastructure;

/// <summary>The result of one <c>dotnet</c> command.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"'{CommandLine}' exited with {ExitCode}:\n{Output}");
        }

        return this;
    }
}

/// <summary>Runs the dotnet CLI as a user would, with the environment of a plain shell.</summary>
public static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public static CommandResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside an MSBuild/VSTest environment; a nested build must not inherit it.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        // Only the .NET 10 runtime may be installed; a net8.0 app runs on it by rolling forward.
        start.Environment["DOTNET_ROLL_FORWARD"] = "Major";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'dotnet {string.Join(" ", arguments)}' did not finish within {Timeout}.\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new CommandResult("dotnet " + string.Join(" ", arguments), process.ExitCode, output.ToString());
        }
    }
}
