using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur014Tests;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushFailureAnalyzer, DurableIO.CodeFixes.UnreportedFlushFailureCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// DUR014 code fix: <c>stream.Flush(true)</c> and <c>RandomAccess.FlushToDisk(stream.SafeFileHandle)</c> →
/// <c>stream.FlushToDisk()</c>. The fixed code compiles warning-free against the real runtime library; Fix All is
/// checked by the verifier.
/// </summary>
public class Dur014CodeFixTests
{
    private static VerifyOptions Strict() =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings };

    [Fact]
    public Task Block_namespace_without_using_DurableIO_keeps_comments()
    {
        const string source = @"using System;
using System.IO;

namespace Journal
{
    class Writer
    {
        public void Append(string path, byte[] record)
        {
            using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write))
            {
                fs.Write(record, 0, record.Length);
                try
                {
                    // make it durable
                    {|#0:fs.Flush(/* to disk */ true)|}; // fsync
                }
                catch (IOException e)
                {
                    Console.WriteLine(""fsync failed: "" + e.Message);
                    throw;
                }
            }
        }
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

namespace Journal
{
    class Writer
    {
        public void Append(string path, byte[] record)
        {
            using (var fs = new FileStream(path, FileMode.Append, FileAccess.Write))
            {
                fs.Write(record, 0, record.Length);
                try
                {
                    // make it durable
                    fs.FlushToDisk(/* to disk */ ); // fsync
                }
                catch (IOException e)
                {
                    Console.WriteLine(""fsync failed: "" + e.Message);
                    throw;
                }
            }
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur014("fs", CatchNeverRuns) }, fixedSource, Strict());
    }

    [Fact]
    public Task File_scoped_namespace_with_existing_using_and_a_named_argument()
    {
        const string source = @"using System;
using System.IO;
using DurableIO;

namespace Wal;

class Log
{
    private readonly FileStream _stream;

    public Log(FileStream stream) => _stream = stream;

    public void Commit(byte[] entry)
    {
        _stream.Write(entry, 0, entry.Length);
        {|#0:_stream.Flush(flushToDisk: true)|};
        Console.WriteLine(""entry persisted"");
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

namespace Wal;

class Log
{
    private readonly FileStream _stream;

    public Log(FileStream stream) => _stream = stream;

    public void Commit(byte[] entry)
    {
        _stream.Write(entry, 0, entry.Length);
        _stream.FlushToDisk();
        Console.WriteLine(""entry persisted"");
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur014("_stream", SuccessReported) }, fixedSource, Strict());
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = @"using System;
using System.IO;

using var fs = new FileStream(""state.bin"", FileMode.Create, FileAccess.Write);
fs.WriteByte(42);
{|#0:fs.Flush(true)|};
Console.WriteLine(""Data successfully synchronized to disk"");
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

using var fs = new FileStream(""state.bin"", FileMode.Create, FileAccess.Write);
fs.WriteByte(42);
fs.FlushToDisk();
Console.WriteLine(""Data successfully synchronized to disk"");
";
        return V.CodeFixAsync(source, new[] { Dur014("fs", SuccessReported) }, fixedSource, new VerifyOptions { WithDurableRuntimeLibrary = true }.AsConsoleApplication());
    }

    [Fact]
    public Task Async_method_with_await_using_stays_synchronous_for_the_flush()
    {
        const string source = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Exporter
{
    public async Task ExportAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        await using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        await fs.WriteAsync(data, 0, data.Length, cancellationToken).ConfigureAwait(false);
        {|#0:fs.Flush(true)|};
        Console.WriteLine($""{path} synced to disk"");
    }
}
";
        const string fixedSource = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

class Exporter
{
    public async Task ExportAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        await using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        await fs.WriteAsync(data, 0, data.Length, cancellationToken).ConfigureAwait(false);
        fs.FlushToDisk();
        Console.WriteLine($""{path} synced to disk"");
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur014("fs", SuccessReported) }, fixedSource, Strict());
    }

    [Fact]
    public Task RandomAccess_FlushToDisk_of_a_streams_handle_and_Fix_All_over_two_methods()
    {
        const string source = @"// Copyright header
namespace Pages
{
    using System;
    using System.IO;
    using System.Text;

    class PageFile
    {
        public void Write(FileStream file, string page)
        {
            file.Write(Encoding.UTF8.GetBytes(page));
            try
            {
                {|#0:RandomAccess.FlushToDisk(file.SafeFileHandle)|};
            }
            catch (Exception)
            {
                throw new InvalidOperationException(""page not durable"");
            }
        }

        public void Close(FileStream file)
        {
            try
            {
                {|#1:file.Flush(true)|};
            }
            catch (IOException)
            {
                throw;
            }
        }
    }
}
";
        const string fixedSource = @"// Copyright header
namespace Pages
{
    using System;
    using System.IO;
    using System.Text;
    using DurableIO;

    class PageFile
    {
        public void Write(FileStream file, string page)
        {
            file.Write(Encoding.UTF8.GetBytes(page));
            try
            {
                file.FlushToDisk();
            }
            catch (Exception)
            {
                throw new InvalidOperationException(""page not durable"");
            }
        }

        public void Close(FileStream file)
        {
            try
            {
                file.FlushToDisk();
            }
            catch (IOException)
            {
                throw;
            }
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur014("file", CatchNeverRuns), Dur014("file", CatchNeverRuns, 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Conditional_access_and_a_lambda_with_trailing_comments()
    {
        const string source = @"using System;
using System.IO;

class Sync
{
    public Action<FileStream> Commit = fs =>
    {
        try
        {
            fs?{|#0:.Flush(true)|}; /* durable */
        }
        catch (IOException)
        {
            Environment.FailFast(""data lost"");
        }
    };
}
";
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

class Sync
{
    public Action<FileStream> Commit = fs =>
    {
        try
        {
            fs?.FlushToDisk(); /* durable */
        }
        catch (IOException)
        {
            Environment.FailFast(""data lost"");
        }
    };
}
";
        return V.CodeFixAsync(source, new[] { Dur014("fs", CatchNeverRuns) }, fixedSource, Strict());
    }

    [Fact]
    public Task No_fix_for_a_bare_handle()
    {
        const string source = @"using System;
using System.IO;

class Pages
{
    public void Write(string path, byte[] page, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write);
        RandomAccess.Write(handle, page, offset);
        try
        {
            {|#0:RandomAccess.FlushToDisk(handle)|};
        }
        catch (Exception)
        {
            throw new InvalidOperationException(""page not durable"");
        }
    }
}
";
        return V.CodeFixAsync(source, new[] { Dur014("handle", CatchNeverRuns) }, source, Strict());
    }
}
