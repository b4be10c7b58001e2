using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur011Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.LegacyFlushAnalyzer, DurableIO.CodeFixes.LegacyFlushCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR011 code fix: <c>fs.Flush(true)</c> → <c>fs.FlushToDisk()</c>, or <c>fs.Flush();</c> before it. Fixed code compiles
/// warning-free against the real runtime library; Fix All is checked by the verifier.
/// </summary>
public class Dur011CodeFixTests
{
    private static VerifyOptions Strict(string tfm = "net7.0")
    {
        var options = new VerifyOptions { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };
        return options.WithGlobalConfig("build_property.TargetFramework = " + tfm);
    }

    [Fact]
    public Task Using_declaration_in_a_block_namespace_adds_the_using_and_keeps_comments()
    {
        const string source = @"using System.IO;

namespace Store
{
    class Saver
    {
        void Save(string path, byte[] data)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            {|#1:stream.Write(data)|};
            // durable now
            {|#0:stream.Flush(/* disk */ flushToDisk: true)|}; // fsync
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

namespace Store
{
    class Saver
    {
        void Save(string path, byte[] data)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            stream.Write(data);
            // durable now
            stream.FlushToDisk(/* disk */ ); // fsync
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur011("stream") }, fixedSource, Strict());
    }

    [Fact]
    public Task Async_method_and_using_block_in_a_file_scoped_namespace_with_existing_using()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Store;

class Saver
{
    async Task SaveAsync(string path, byte[] data, CancellationToken ct)
    {
        await using var fs = new FileStream(path, FileMode.Create);
        await {|#1:fs.WriteAsync(data, ct)|}.ConfigureAwait(false);
        {|#0:fs.Flush(true)|};
    }

    void Save(string path, byte[] data)
    {
        using (var other = File.Create(path))
        {
            {|#3:other.Write(data, 0, data.Length)|};
            {|#2:other.Flush(true)|};
        }
    }
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

namespace Store;

class Saver
{
    async Task SaveAsync(string path, byte[] data, CancellationToken ct)
    {
        await using var fs = new FileStream(path, FileMode.Create);
        await fs.WriteAsync(data, ct).ConfigureAwait(false);
        fs.FlushToDisk();
    }

    void Save(string path, byte[] data)
    {
        using (var other = File.Create(path))
        {
            other.Write(data, 0, data.Length);
            other.FlushToDisk();
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur011("fs"), Dur011("other", 2, 3) }, fixedSource, Strict("net6.0"));
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"using System.IO;

using var fs = new FileStream(""data.bin"", FileMode.Create);
{|#1:fs.WriteByte(42)|};
{|#0:fs.Flush(true)|};
";
        const string fixedSource = @"using System.IO;
using DurableIO;

using var fs = new FileStream(""data.bin"", FileMode.Create);
fs.WriteByte(42);
fs.FlushToDisk();
";
        var options = Strict();
        options.OutputKind = OutputKind.ConsoleApplication;
        return V.CodeFixAsync(source, new[] { Dur011("fs") }, fixedSource, options);
    }

    [Fact]
    public Task Field_at_Info_in_an_expression_body_and_conditional_access()
    {
        const string source = @"using System.IO;

class Journal
{
    private readonly FileStream _fs = File.Open(""j"", FileMode.Append);

    public void Commit(byte[] record)
    {
        {|#1:_fs.Write(record)|};
        _fs?{|#0:.Flush(true)|};
    }

    public System.Action<FileStream, byte> Save = (fs, b) => { {|#3:fs.WriteByte(b)|}; {|#2:fs.Flush(true)|}; };
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

class Journal
{
    private readonly FileStream _fs = File.Open(""j"", FileMode.Append);

    public void Commit(byte[] record)
    {
        _fs.Write(record);
        _fs?.FlushToDisk();
    }

    public System.Action<FileStream, byte> Save = (fs, b) => { fs.WriteByte(b); fs.FlushToDisk(); };
}
";
        return V.CodeFixAsync(
            source,
            new[] { Dur011("_fs").WithSeverity(DiagnosticSeverity.Info), Dur011("fs", 2, 3).WithSeverity(DiagnosticSeverity.Info) },
            fixedSource,
            Strict());
    }

    [Fact]
    public Task Plain_System_IO_fix_calls_Flush_first()
    {
        const string source = @"using System.IO;

class Saver
{
    private FileStream _log = File.Create(""log"");

    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        {|#1:fs.Write(data)|};
        // durable now
        {|#0:fs.Flush(true)|};
        {|#3:this._log.Write(data)|};
        {|#2:this._log.Flush(true)|};
    }
}
";
        const string fixedSource = @"using System.IO;

class Saver
{
    private FileStream _log = File.Create(""log"");

    void Save(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data);
        fs.Flush();
        // durable now
        fs.Flush(true);
        this._log.Write(data);
        this._log.Flush();
        this._log.Flush(true);
    }
}
";
        var options = Strict();
        options.CodeActionEquivalenceKey = LegacyFlushCodeFixProvider.FlushFirstKey;
        return V.CodeFixAsync(
            source, new[] { Dur011("fs"), Dur011("_log", 2, 3).WithSeverity(DiagnosticSeverity.Info) }, fixedSource, options);
    }

    [Fact]
    public Task Usings_inside_the_namespace_get_the_new_using_there_and_region_comments_stay()
    {
        const string source = @"namespace Store
{
    using System.IO;

    class Saver
    {
        #region Saving
        /// <summary>Saves.</summary>
        void Save(string path, byte[] data)
        {
            var fs = new FileStream(path, FileMode.Create);
            try
            {
                {|#1:fs.Write(data, 0, data.Length)|};
                /* first
                   the disk */
                {|#0:fs.Flush(true)|};
            }
            finally
            {
                fs.Dispose();
            }
        }
        #endregion
    }
}
";
        const string fixedSource = @"namespace Store
{
    using System.IO;
    using DurableIO;

    class Saver
    {
        #region Saving
        /// <summary>Saves.</summary>
        void Save(string path, byte[] data)
        {
            var fs = new FileStream(path, FileMode.Create);
            try
            {
                fs.Write(data, 0, data.Length);
                /* first
                   the disk */
                fs.FlushToDisk();
            }
            finally
            {
                fs.Dispose();
            }
        }
        #endregion
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur011("fs") }, fixedSource, Strict());
    }
}
