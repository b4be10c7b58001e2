using System;
using System.Threading.Tasks;

namespace DurableIO.CrashWorkloads;

/// <summary>
/// <c>DurableIO.CrashWorkloads run &lt;workload&gt; &lt;scratch directory&gt;</c>: runs one workload's operation
/// (its setup has already been done by the checker, outside the trace) and then prints
/// <see cref="Workload.ReturnedMarker"/>, so the checker knows from which system call on only the new state
/// is allowed.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 3 || args[0] != "run")
        {
            Console.Error.WriteLine("usage: DurableIO.CrashWorkloads run <workload> <scratch directory>");
            Console.Error.WriteLine("workloads: " + string.Join(", ", WorkloadCatalog.Names));
            return 2;
        }

        var workload = WorkloadCatalog.Get(args[1]);
        await workload.Run(new Scratch(args[2])).ConfigureAwait(false);

        // One write(2) of the whole marker line: the checker recognises it in the trace.
        Console.Out.Write(Workload.ReturnedMarker + "\n");
        Console.Out.Flush();
        return 0;
    }
}
