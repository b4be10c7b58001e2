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
        public static void FlushToDisk(this Microsoft.Win32.SafeHandles.SafeFileHandle handle) { }
        public static System.Threading.Tasks.Task FlushToDiskAsync(this Microsoft.Win32.SafeHandles.SafeFileHandle handle, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) { return System.Threading.Tasks.Task.CompletedTask; }
    }

    public sealed class DurableLog : System.IDisposable, System.IAsyncDisposable
    {
        public const int MaxRecordLength = 64 * 1024 * 1024;
        public static DurableLog Open(string path) { return new DurableLog(); }
        public static System.Collections.Generic.IEnumerable<byte[]> ReadAll(string path) { return new byte[0][]; }
        public void Append(byte[] record) { }
        public System.Threading.Tasks.Task AppendAsync(byte[] record, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) { return System.Threading.Tasks.Task.CompletedTask; }
        public void Append(System.ReadOnlySpan<byte> record) { }
        public System.Threading.Tasks.Task AppendAsync(System.ReadOnlyMemory<byte> record, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) { return System.Threading.Tasks.Task.CompletedTask; }
        public System.Threading.Tasks.ValueTask DisposeAsync() { return default(System.Threading.Tasks.ValueTask); }
        public void Dispose() { }
    }
}
";
}
