using System;
using System.Collections.Generic;
using DurableIO.Testing;

namespace DurableIO.Package.Tests.Infrastructure;

/// <summary>The dotnet CLI for the package tests (<see cref="DotNetCli"/>), with net8.0 apps rolled forward.</summary>
public static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    // Only the .NET 10 runtime may be installed; a net8.0 app runs on it by rolling forward.
    private static readonly Dictionary<string, string> RollForward = new() { ["DOTNET_ROLL_FORWARD"] = "Major" };

    public static CommandResult Run(string workingDirectory, params string[] arguments) =>
        DotNetCli.Run(workingDirectory, Timeout, RollForward, arguments);
}
