using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur006Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.UnflushedWriteAnalyzer, DurableIO.CodeFixes.WriteWithoutFlushToDiskCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR006 on <c>RandomAccess.Write</c> through a <c>SafeFileHandle</c> (issue 13): <c>handle.FlushToDisk()</c> (or
/// <c>await handle.FlushToDiskAsync(token)</c>) before the close, with the runtime's SafeFileHandle extensions.
/// </summary>
public class Dur006HandleCodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Using_declaration_of_a_handle_gets_FlushToDisk_before_the_close()
    {
        const string source = @"using System.IO;

class Store
{
    void Save(string path, byte[] bytes)
    {
        {|#1:using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);|}
        // the whole snapshot
        {|#0:RandomAccess.Write(handle, bytes, 0)|}; // at offset 0
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Store
{
    void Save(string path, byte[] bytes)
    {
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        // the whole snapshot
        RandomAccess.Write(handle, bytes, 0); // at offset 0
        handle.FlushToDisk();
    }
}
";
        return V.CodeFixAsync(source, new[] { Stream("handle") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_using_statement_keeps_token_and_ConfigureAwait_with_stubs_and_CRLF()
    {
        const string source = "using System.IO;\r\nusing System.Threading;\r\nusing System.Threading.Tasks;\r\n\r\nclass Store\r\n{\r\n    async Task SaveAsync(string path, byte[] bytes, CancellationToken ct)\r\n    {\r\n        {|#1:using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write))\r\n        {\r\n            await {|#0:RandomAccess.WriteAsync(handle, bytes, 0, ct)|}.ConfigureAwait(false);\r\n        }|}\r\n    }\r\n}\r\n";
        const string fixedSource = "using System.IO;\r\nusing System.Threading;\r\nusing System.Threading.Tasks;\r\nusing DurableIO;\r\n\r\nclass Store\r\n{\r\n    async Task SaveAsync(string path, byte[] bytes, CancellationToken ct)\r\n    {\r\n        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write))\r\n        {\r\n            await RandomAccess.WriteAsync(handle, bytes, 0, ct).ConfigureAwait(false);\r\n            await handle.FlushToDiskAsync(ct).ConfigureAwait(false);\r\n        }\r\n    }\r\n}\r\n";
        return V.CodeFixAsync(source, new[] { Stream("handle") }, fixedSource, new VerifyOptions { FixedDiagnosticsAreExplicit = true }.WithDurableRuntime());
    }
}
