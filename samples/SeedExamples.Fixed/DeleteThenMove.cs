using System;
using System.IO;
using System.Text;
using DurableIO;

namespace SeedExamples;

/// <summary>Update a state file: write the new version next to it, then swap it in.</summary>
internal static class DeleteThenMove
{
    public static void Run(string workDir)
    {
        var statePath = Path.Combine(workDir, "state.dat");
        DurableFile.WriteAllText(statePath, "generation=1");
        Update(statePath, "generation=2");
    }

    public static void Update(string statePath, string newState)
    {
        var tmp = statePath + ".new";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            var bytes = Encoding.UTF8.GetBytes(newState);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true);
        }

        DurableFile.Move(tmp, statePath, overwrite: true);
        Console.WriteLine("   State updated");
    }
}
