using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.LegacyFlushAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// DUR011: Flush(true) right after a buffered write on .NET 6/7. Markup: <c>{|#0:…|}</c> is the Flush(true),
/// <c>{|#1:…|}</c> the last write (the additional location).
/// </summary>
public class Dur011Tests
{
    internal static DiagnosticResult Dur011(string name, int at = 0, int write = 1) =>
        V.Diagnostic(Descriptors.DUR011).WithLocation(at).WithLocation(write).WithArguments(name);

    internal static VerifyOptions Net7 => new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = net7.0");

    internal static VerifyOptions Net6 => new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = net6.0");

    // ------------------------------------------------------------------ positive

    [Fact]
    public Task Using_declaration_write_then_Flush_true_on_net7()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        {|#1:stream.Write(data)|};
        {|#0:stream.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Net7, Dur011("stream"));
    }

    [Fact]
    public Task Using_block_on_a_platform_specific_net6_target_in_editorconfig()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using (var fs = File.Create(path))
        {
            {|#1:fs.Write(data, 0, data.Length)|};
            {|#0:fs.Flush(flushToDisk: true)|};
        }
    }
}";
        return V.AnalyzerAsync(source, new VerifyOptions().WithEditorConfig("build_property.TargetFramework = net6.0-windows"), Dur011("fs"));
    }

    [Fact]
    public Task Try_finally_BinaryWriter_writes_straight_into_the_FileStream()
    {
        const string source = @"
using System.IO;

class Index
{
    void Save(string path, long[] values)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096);
        var writer = new BinaryWriter(fs);
        try
        {
            foreach (var v in values)
            {
                {|#1:writer.Write(v)|};
            }

            {|#0:fs.Flush(true)|};
        }
        finally
        {
            writer.Dispose();
        }
    }
}";
        return V.AnalyzerAsync(source, Net6, Dur011("fs"));
    }

    [Fact]
    public Task Async_WriteAsync_then_Flush_true()
    {
        const string source = @"
using System.IO;
using System.Threading;
using System.Threading.Tasks;

class Store
{
    async Task SaveAsync(string path, byte[] data, CancellationToken ct)
    {
        await using var fs = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 8192 });
        await {|#1:fs.WriteAsync(data, ct)|};
        {|#0:fs.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Net7, Dur011("fs"));
    }

    [Fact]
    public Task Parameter_stream_is_reported_at_Info()
    {
        const string source = @"
using System.IO;

class Journal
{
    public static void Commit(FileStream fs, byte[] record)
    {
        {|#1:fs.Write(record)|};
        {|#0:fs.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Net7, Dur011("fs").WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public Task Field_stream_is_reported_at_Info_and_an_expression_bodied_flush_helper_without_write_is_not()
    {
        const string source = @"
using System.IO;

class Journal
{
    private readonly FileStream _fs = File.Open(""j"", FileMode.Append);

    public void Commit(byte b)
    {
        {|#1:_fs.WriteByte(b)|};
        Sync();
    }

    private void Sync() => _fs.Flush(true);

    public void CommitAndSync(byte[] data)
    {
        {|#3:_fs.Write(data)|};
        {|#2:_fs.Flush(true)|};
    }
}";
        return V.AnalyzerAsync(source, Net7, Dur011("_fs", at: 2, write: 3).WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public Task Lambda_and_FileInfo()
    {
        const string source = @"
using System;
using System.IO;

class Jobs
{
    public Action<FileInfo, byte[]> Save = (file, data) =>
    {
        using var fs = file.Create();
        {|#1:fs.Write(data)|};
        {|#0:fs.Flush(true)|};
    };
}";
        return V.AnalyzerAsync(source, Net7, Dur011("fs"));
    }

    [Fact]
    public Task Local_function_and_top_level_statements()
    {
        const string source = @"
using System.IO;

Save(""data.bin"", new byte[] { 1, 2, 3 });

static void Save(string path, byte[] data)
{
    using var fs = new FileStream(path, FileMode.Create);
    {|#1:fs.Write(data, 0, data.Length)|};
    {|#0:fs.Flush(true)|};
}
";
        return V.AnalyzerAsync(source, Net6.AsConsoleApplication(), Dur011("fs"));
    }

    // ------------------------------------------------------------------ negative

    [Fact]
    public Task Net8_and_later_are_not_affected()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(data);
        stream.Flush(true);
    }
}";
        return Task.WhenAll(
            V.AnalyzerAsync(source),
            V.AnalyzerAsync(source, new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = net8.0")),
            V.AnalyzerAsync(source, new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = net10.0")),
            V.AnalyzerAsync(source, new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = net48")),
            V.AnalyzerAsync(source, new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = netstandard2.0")),
            V.AnalyzerAsync(source, new VerifyOptions().WithGlobalConfig("build_property.TargetFramework = net60")));
    }

    [Fact]
    public Task Flush_before_Flush_true_empties_the_buffer()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(data);
        stream.Flush();
        stream.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task FlushToDisk_of_the_runtime_is_correct_on_every_version()
    {
        const string source = @"
using System.IO;
using DurableIO;

class Store
{
    void Save(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(data);
        stream.FlushToDisk();
    }
}";
        return V.AnalyzerAsync(source, Net7.WithDurableRuntime());
    }

    [Fact]
    public Task Unbuffered_streams()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data, int size)
    {
        using (var a = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            a.Write(data);
            a.Flush(true);
        }

        using (var b = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 }))
        {
            b.Write(data);
            b.Flush(true);
        }

        using (var c = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, size))
        {
            c.Write(data);
            c.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task Write_through_stream()
    {
        const string source = @"
using System.IO;

class Log
{
    void Append(string path, byte[] record)
    {
        using var log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        log.Write(record);
        log.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task Writer_flushed_before_and_StreamWriter_writes_are_DUR004s()
    {
        const string source = @"
using System.IO;

class Ledger
{
    void Commit(string path, string a, string b)
    {
        using var fs = new FileStream(path, FileMode.Append);
        using var w = new StreamWriter(fs);
        w.WriteLine(a);
        w.Flush();
        fs.Flush(true);
        w.WriteLine(b);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task Stream_handed_to_a_helper_between_write_and_flush()
    {
        const string source = @"
using System.IO;

class Store
{
    void Save(string path, byte[] data, Sink sink)
    {
        using var fs = new FileStream(path, FileMode.Create);
        fs.Write(data);
        sink.Take(fs);
        fs.Flush(true);
    }
}

class Sink { public void Take(Stream s) { } }";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task Flush_true_without_a_write_reads_only_and_MemoryStream()
    {
        const string source = @"
using System.IO;

class Syncer
{
    void Sync(string path, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Flush(true);
        using var input = File.OpenRead(path);
        input.Read(data, 0, data.Length);
        input.Flush(true);
        var memory = new MemoryStream();
        memory.Write(data);
        memory.Flush();
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task Streams_of_unknown_origin_are_not_reported()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

class Group
{
    void SyncAll(IEnumerable<FileStream> streams, byte[] trailer)
    {
        foreach (var fs in streams)
        {
            fs.Write(trailer);
            fs.Flush(true);
        }
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Fact]
    public Task A_serializer_that_received_the_stream_may_flush_it()
    {
        const string source = @"
using System.IO;
using System.Text.Json;
using System.Xml.Linq;

class Store
{
    void Save(string path, object value, XDocument document)
    {
        using var fs = new FileStream(path, FileMode.Create);
        JsonSerializer.Serialize(fs, value);
        fs.Flush(true);
        document.Save(fs);
        fs.Flush(true);
    }
}";
        return V.AnalyzerAsync(source, Net7);
    }

    [Theory]
    [InlineData("net6.0", true)]
    [InlineData("NET7.0", true)]
    [InlineData("net7.0-android", true)]
    [InlineData(" net6.0 ", true)]
    [InlineData("net8.0", false)]
    [InlineData("net5.0", false)]
    [InlineData("netcoreapp3.1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Target_framework_detection(string? tfm, bool legacy) =>
        Assert.Equal(legacy, LegacyFlushAnalyzer.IsLegacyTarget(tfm));
}
