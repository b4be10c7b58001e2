using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur004Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer, DurableIO.CodeFixes.FlushUnderBufferingWriterCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR004 code fix: flush to disk through the writer (<c>writer.FlushToDisk()</c>), or flush the writer first. Fixed code
/// compiles warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur004CodeFixTests
{
    private static VerifyOptions Strict(string? key = null) =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings, CodeActionEquivalenceKey = key };

    [Fact]
    public Task Using_declarations_in_a_block_namespace_add_the_using_and_keep_comments()
    {
        const string source = @"using System.IO;

namespace Bank
{
    class Ledger
    {
        void Commit(string path, string entry)
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            {|#1:writer.WriteLine($""Transaction: {entry}"")|};
            // make it durable
            {|#0:stream.Flush(true)|}; // fsync
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Bank
{
    class Ledger
    {
        void Commit(string path, string entry)
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.WriteLine($""Transaction: {entry}"");
            // make it durable
            writer.FlushToDisk(); // fsync
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur004("stream", "writer") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_FlushToDiskAsync_moves_to_the_writer_keeping_token_and_ConfigureAwait_in_a_file_scoped_namespace()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Bank;

class Ledger
{
    async Task CommitAsync(string path, string entry, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        await using var writer = new StreamWriter(stream);
        await {|#1:writer.WriteLineAsync(entry)|};
        await {|#0:stream.FlushToDiskAsync(ct)|}.ConfigureAwait(false);
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Bank;

class Ledger
{
    async Task CommitAsync(string path, string entry, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        await using var writer = new StreamWriter(stream);
        await writer.WriteLineAsync(entry);
        await writer.FlushToDiskAsync(ct).ConfigureAwait(false);
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur004("stream", "writer") }, fixedSource, Strict());
    }

    [Fact]
    public Task Using_blocks_with_BufferedStream_and_RandomAccess_FlushToDisk()
    {
        const string source = @"using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = File.Create(path))
        using (var buffered = new BufferedStream(fs, 1 << 16))
        {
            {|#1:buffered.Write(data, 0, data.Length)|};
            {|#0:RandomAccess.FlushToDisk(fs.SafeFileHandle)|};
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = File.Create(path))
        using (var buffered = new BufferedStream(fs, 1 << 16))
        {
            buffered.Write(data, 0, data.Length);
            buffered.FlushToDisk();
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur004("fs", "buffered") }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements_flush_the_writer_first()
    {
        const string source = @"using System.IO;

using var fs = new FileStream(""data.txt"", FileMode.Create, FileAccess.Write);
using var writer = new StreamWriter(fs);
{|#1:writer.Write(""hello"")|};
// sync
{|#0:fs.Flush(true)|};
";
        const string fixedSource = @"using System.IO;

using var fs = new FileStream(""data.txt"", FileMode.Create, FileAccess.Write);
using var writer = new StreamWriter(fs);
writer.Write(""hello"");
writer.Flush();
// sync
fs.Flush(true);
";
        var options = Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey);
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur004("fs", "writer") }, fixedSource, options);
    }

    [Fact]
    public Task Try_finally_GZipStream_is_flushed_first_and_has_no_FlushToDisk_option()
    {
        const string source = @"using System.IO;
using System.IO.Compression;

class Archive
{
    void Save(string path, byte[] data)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var gzip = new GZipStream(fs, CompressionLevel.Optimal, leaveOpen: true);
        try
        {
            {|#1:gzip.Write(data, 0, data.Length)|};
            {|#0:fs.Flush(true)|};
        }
        finally
        {
            gzip.Dispose();
            fs.Dispose();
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.IO.Compression;

class Archive
{
    void Save(string path, byte[] data)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var gzip = new GZipStream(fs, CompressionLevel.Optimal, leaveOpen: true);
        try
        {
            gzip.Write(data, 0, data.Length);
            gzip.Flush();
            fs.Flush(true);
        }
        finally
        {
            gzip.Dispose();
            fs.Dispose();
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur004("fs", "gzip") }, fixedSource, Strict());
    }

    [Fact]
    public Task Lambda_with_StreamWriter_over_BufferedStream_flushes_through_the_outer_writer()
    {
        const string source = @"using System;
using System.IO;

class Jobs
{
    public Action<string, string> Save = (path, text) =>
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var buffered = new BufferedStream(fs);
        using var writer = new StreamWriter(buffered);
        {|#1:writer.Write(text)|};
        {|#0:fs.Flush(true)|};
    };
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Jobs
{
    public Action<string, string> Save = (path, text) =>
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var buffered = new BufferedStream(fs);
        using var writer = new StreamWriter(buffered);
        writer.Write(text);
        writer.FlushToDisk();
    };
}
";
        return V.CodeFixAsync(source, new[] { Dur004("fs", "writer") }, fixedSource, Strict());
    }

    [Fact]
    public Task No_fix_for_a_CryptoStream()
    {
        const string source = @"using System.IO;
using System.Security.Cryptography;

class Vault
{
    void Save(string path, byte[] data, ICryptoTransform transform)
    {
        using var fs = File.Create(path);
        using var crypto = new CryptoStream(fs, transform, CryptoStreamMode.Write, leaveOpen: true);
        {|#1:crypto.Write(data, 0, data.Length)|};
        {|#0:fs.Flush(true)|};
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur004("fs", "crypto") }, source, Strict());
    }

    [Fact]
    public async Task Titles_name_the_writer_and_say_when_the_package_is_needed()
    {
        const string source = @"using System.IO;

class Ledger
{
    void Commit(string path, string entry)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(entry);
        stream.Flush(true);
    }
}
";
        var offered = await CodeFixProbe.OfferedAsync<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer>(source, new FlushUnderBufferingWriterCodeFixProvider(), withRuntime: false);
        Assert.Equal(
            new[] { "Flush 'writer' and the file with FlushToDisk() (needs the DurableIO package)", "Flush 'writer' first" },
            offered.Select(o => o.Title));
    }
}
