namespace DurableIO.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source stubs of the DurableIO runtime API. The analyzer matches the runtime by metadata name, so tests compile
/// against these instead of the real assembly (whose API may grow independently).
/// </summary>
public static class DurableRuntimeStubs
{
    public const string Source = @"
namespace DurableIO
{
    public static class DurableFile
    {
        public static void WriteAllText(string path, string contents) { }
        public static void WriteAllBytes(string path, byte[] bytes) { }
        public static System.Threading.Tasks.Task WriteAllTextAsync(string path, string contents, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) { return System.Threading.Tasks.Task.CompletedTask; }
        public static void Move(string source, string destination, bool overwrite) { }
        public static void Replace(string source, string destination, string backup) { }
        public static void Sync(string path) { }
        public static void Delete(string path) { }
        public static void Copy(string sourceFileName, string destFileName, bool overwrite) { }
    }

    public static class DurableDirectory
    {
        public static void Sync(string path) { }
        public static void CreateDirectory(string path) { }
    }

    public static class DurableStreamExtensions
    {
        public static void FlushToDisk(this System.IO.FileStream stream) { }
        public static void FlushToDisk(this System.IO.StreamWriter writer) { }
        public static void FlushToDisk(this System.IO.BinaryWriter writer) { }
        public static System.Threading.Tasks.Task FlushToDiskAsync(this System.IO.FileStream stream, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) { return System.Threading.Tasks.Task.CompletedTask; }
        public static System.Threading.Tasks.Task FlushToDiskAsync(this System.IO.StreamWriter writer, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) { return System.Threading.Tasks.Task.CompletedTask; }
    }
}
";
}
