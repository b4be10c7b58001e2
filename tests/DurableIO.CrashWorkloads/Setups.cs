namespace DurableIO.CrashWorkloads;

/// <summary>The initial states the workloads start from; every one holds the bystander file.</summary>
public static class Setups
{
    public static void BystanderOnly(Scratch scratch) => scratch.CreateFile(Contents.BystanderName, Contents.Bystander);

    /// <summary>The target file with the old content.</summary>
    public static void ExistingTarget(Scratch scratch)
    {
        BystanderOnly(scratch);
        scratch.CreateFile(Contents.TargetName, Contents.Old);
    }

    /// <summary>A source file with the new content; no destination.</summary>
    public static void SourceOnly(Scratch scratch)
    {
        BystanderOnly(scratch);
        scratch.CreateFile(Contents.SourceName, Contents.New);
    }

    /// <summary>A source file with the new content and a destination with the old.</summary>
    public static void SourceAndDestination(Scratch scratch)
    {
        SourceOnly(scratch);
        scratch.CreateFile(Contents.DestinationName, Contents.Old);
    }
}
