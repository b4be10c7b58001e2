using System.IO;

namespace DurableIO.CrashWorkloads;

/// <summary>The directory a workload works in; everything the checker models lives under it.</summary>
public sealed class Scratch
{
    public Scratch(string root) => Root = System.IO.Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>The absolute path of <paramref name="relativePath"/> ('/'-separated) under the scratch directory.</summary>
    public string Path(string relativePath) => System.IO.Path.Combine(Root, relativePath);

    public void CreateFile(string relativePath, byte[] content)
    {
        var path = Path(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public void CreateDirectory(string relativePath) => Directory.CreateDirectory(Path(relativePath));
}
