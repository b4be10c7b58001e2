using System.Threading.Tasks;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VBuffered = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer>;
using VLoop = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushInLoopAnalyzer>;
using VReadOnly = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.ReadOnlyFlushAnalyzer>;
using VUnflushed = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.UnflushedWriteAnalyzer>;

namespace DurableIO.Analyzers.Tests.Rules;

/// <summary>
/// Files that live across members: a type that opens its file in a field and writes, commits and disposes it in other
/// members (DUR003, DUR004, DUR005, DUR006, DUR013 over the type's facts). <c>{|#0:…|}</c> is the reported operation,
/// <c>{|#1:…|}</c> its additional location (in another member).
/// </summary>
public class FieldFileTests
{
    private static DiagnosticResult Dur005(string name) => VBuffered.Diagnostic(Descriptors.DUR005).WithLocation(0).WithArguments(name);

    private static DiagnosticResult Dur004(string stream, string writer) =>
        VBuffered.Diagnostic(Descriptors.DUR004).WithLocation(0).WithLocation(1).WithArguments(stream, writer);

    // ------------------------------------------------------------------ DUR005

    [Fact]
    public Task Flush_of_a_writer_field_as_the_commit()
    {
        const string source = @"
using System;
using System.IO;

sealed class TransactionLog : IDisposable
{
    private readonly StreamWriter _writer;

    public TransactionLog(string path) => _writer = new StreamWriter(path, append: true);

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit() => {|#0:_writer.Flush()|};

    public void Dispose() => _writer.Dispose();
}";
        return VBuffered.AnalyzerAsync(source, Dur005("_writer"));
    }

    [Fact]
    public Task FlushAsync_of_a_field_in_an_async_commit()
    {
        const string source = @"
using System.IO;
using System.Threading.Tasks;

sealed class Journal
{
    private readonly FileStream _file = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);

    public Task AppendAsync(byte[] record) => _file.WriteAsync(record, 0, record.Length);

    public async Task CommitAsync() => await {|#0:_file.FlushAsync()|};
}";
        return VBuffered.AnalyzerAsync(source, Dur005("_file"));
    }

    [Fact]
    public Task Write_and_flush_member_when_no_member_flushes_to_disk()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    private StreamWriter _writer;

    public Log(string path) { _writer = File.AppendText(path); }

    public void Append(string line)
    {
        _writer.WriteLine(line);
        {|#0:_writer.Flush()|};
    }
}";
        return VBuffered.AnalyzerAsync(source, Dur005("_writer"));
    }

    [Fact]
    public Task Flush_of_a_lazily_opened_field()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    private StreamWriter? _writer;

    public void Append(string line)
    {
        _writer ??= new StreamWriter(""app.log"", append: true);
        _writer.WriteLine(line);
    }

    public void Commit() => _writer?{|#0:.Flush()|};
}";
        return VBuffered.AnalyzerAsync(source, Dur005("_writer"));
    }

    [Fact]
    public Task Flush_of_a_field_in_a_struct_holder()
    {
        const string source = @"
using System.IO;

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create); }

    public void Put(byte b) => _file.WriteByte(b);

    public void Commit() => {|#0:_file.Flush()|};
}";
        return VBuffered.AnalyzerAsync(source, Dur005("_file"));
    }

    [Fact]
    public Task No_DUR005_on_a_write_member_when_another_member_flushes_to_disk()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public Log(string path)
    {
        _stream = new FileStream(path, FileMode.Append);
        _writer = new StreamWriter(_stream);
    }

    public void Append(string line)
    {
        _writer.WriteLine(line);
        _writer.Flush();
    }

    public void Commit() => _stream.Flush(true);
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR005_on_a_field_assigned_from_a_parameter()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    private readonly Stream _stream;

    public Log(Stream stream) => _stream = stream;

    public void Append(byte[] data) => _stream.Write(data, 0, data.Length);

    public void Commit() => _stream.Flush();
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR005_on_a_public_field()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    public FileStream File = new FileStream(""log"", FileMode.Append);

    public void Append(byte[] data) => File.Write(data, 0, data.Length);

    public void Commit() => File.Flush();
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR005_on_a_stream_handed_out_by_a_property()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    private readonly FileStream _file = new FileStream(""log"", FileMode.Append);

    public Stream Stream => _file;

    public void Append(byte[] data) => _file.Write(data, 0, data.Length);

    public void Commit() => _file.Flush();
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR005_when_the_commit_flushes_to_disk_after()
    {
        const string source = @"
using System.IO;

sealed class Log
{
    private readonly FileStream _file = new FileStream(""log"", FileMode.Append);

    public void Append(byte[] data) => _file.Write(data, 0, data.Length);

    public void Commit()
    {
        _file.Flush();
        _file.Flush(true);
    }
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR005_in_a_stream_type_that_forwards_its_Flush()
    {
        // Found on real code (LiteDB's TempStream): a Stream implementation whose Flush() forwards to the stream it holds,
        // a MemoryStream until it grows into a temporary file.
        const string source = @"
using System;
using System.IO;

public class TempStream : Stream
{
    private Stream _stream = new MemoryStream();

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _stream.Length;
    public override long Position { get => _stream.Position; set => _stream.Position = value; }
    public override void Flush() => _stream.Flush();
    public override int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);
    public override void SetLength(long value) => _stream.SetLength(value);
    public override void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (offset > 1024 && _stream is MemoryStream)
        {
            var file = new FileStream(Path.GetTempFileName(), FileMode.Create);
            _stream.Position = 0;
            _stream.CopyTo(file);
            _stream.Dispose();
            _stream = file;
        }

        return _stream.Seek(offset, origin);
    }
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR005_on_a_writer_field_over_a_network_stream()
    {
        // Found on real code (log4net's TelnetAppender): a StreamWriter field the type creates, but over a NetworkStream,
        // not a file.
        const string source = @"
using System;
using System.IO;
using System.Net.Sockets;

sealed class SocketClient : IDisposable
{
    private readonly StreamWriter _writer;

    public SocketClient(Socket socket) => _writer = new StreamWriter(new NetworkStream(socket));

    public void Send(string message)
    {
        _writer.Write(message);
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}";
        return VBuffered.AnalyzerAsync(source);
    }

    // Found on real code (ZoneTree's CompressedFileRandomAccessDevice): the writer field is created by the type, over the
    // stream of a file object a provider opened; the type flushes that object to disk through the provider's API.
    private const string WriterOverAProvidersStream = @"
using System.IO;
using System.Text;

interface IFileStream { Stream ToStream(); void Flush(bool flushToDisk); }

interface IFileStreamProvider { IFileStream CreateFileStream(string path); }

sealed class CompressedDevice
{
    private readonly IFileStream _file;
    private readonly BinaryWriter _writer;

    public CompressedDevice(IFileStreamProvider provider, string path)
    {
        _file = provider.CreateFileStream(path);
        _writer = new BinaryWriter(_file.ToStream(), Encoding.UTF8, true);
        WriteMetaData();
    }

    private void WriteMetaData()
    {
        _writer.Write(42);
        _writer.Flush();
    }

    public void Close() => _file.Flush(true);
}";

    [Fact]
    public Task No_DUR005_on_a_writer_field_over_a_providers_stream() => VBuffered.AnalyzerAsync(WriterOverAProvidersStream);

    [Fact]
    public Task No_DUR006_on_a_writer_field_over_a_providers_stream() => VUnflushed.AnalyzerAsync(WriterOverAProvidersStream);

    // Found on real code (Lucene.NET's FSDirectory.FSIndexOutput): an output type of its own keeps its file in a field, and
    // its Flush() override forwards to the file's Flush(); the directory that created it flushes the file to disk by path
    // once it is closed (FSDirectory.Sync), out of the type's sight.
    private const string OutputWithAContractFlush = @"
using System;
using System.IO;

public abstract class IndexOutput : IDisposable
{
    public abstract void WriteByte(byte b);
    public abstract void Flush();
    public void Dispose() => Dispose(true);
    protected abstract void Dispose(bool disposing);
}

public class FSDirectory
{
    private readonly string _directory;

    public FSDirectory(string directory) => _directory = directory;

    public IndexOutput CreateOutput(string name) => new FSIndexOutput(Path.Combine(_directory, name));

    protected class FSIndexOutput : IndexOutput
    {
        private readonly FileStream _file;

        public FSIndexOutput(string path) => _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);

        public override void WriteByte(byte b) => _file.WriteByte(b);

        public override void Flush() => _file.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }
        }
    }
}";

    [Fact]
    public Task No_DUR005_on_a_field_flushed_by_the_types_own_Flush_override() => VBuffered.AnalyzerAsync(OutputWithAContractFlush);

    [Fact]
    public Task No_DUR006_on_a_field_of_an_output_type_with_a_Flush_override() => VUnflushed.AnalyzerAsync(OutputWithAContractFlush);

    [Fact]
    public Task No_DUR005_on_a_field_flushed_by_an_interface_Flush()
    {
        const string source = @"
using System.IO;

interface IAppender { void Write(byte[] data); void Flush(); }

sealed class FileAppender : IAppender
{
    private readonly FileStream _file = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);

    public void Write(byte[] data) => _file.Write(data, 0, data.Length);

    public void Flush() => _file.Flush();
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task Flush_of_a_field_in_a_Flush_method_of_the_type_itself()
    {
        // A Flush() of the type's own, declared by no base type or interface, is a commit like any other member name.
        const string source = @"
using System.IO;

sealed class Journal
{
    private readonly FileStream _file = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);

    public void Append(byte[] record) => _file.Write(record, 0, record.Length);

    public void Flush() => {|#0:_file.Flush()|};
}";
        return VBuffered.AnalyzerAsync(source, Dur005("_file"));
    }

    // ------------------------------------------------------------------ DUR004

    [Fact]
    public Task Flush_to_disk_of_the_stream_field_while_the_writer_field_buffers()
    {
        const string source = @"
using System;
using System.IO;

sealed class TransactionLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public TransactionLog(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        _writer = new StreamWriter(_stream);
    }

    public void Append(string entry) => {|#1:_writer.WriteLine(entry)|};

    public void Commit() => {|#0:_stream.Flush(true)|};

    public void Dispose() => _writer.Dispose();
}";
        return VBuffered.AnalyzerAsync(source, Dur004("_stream", "_writer"));
    }

    [Fact]
    public Task Partial_class_writer_and_stream_fields_in_two_declarations()
    {
        const string source = @"
using System.IO;

partial class Store
{
    private readonly FileStream _stream = new FileStream(""store"", FileMode.Append);
    private readonly BufferedStream _buffer;

    public Store() { _buffer = new BufferedStream(_stream); }

    public void Put(byte[] data) => {|#1:_buffer.Write(data, 0, data.Length)|};
}

partial class Store
{
    public void Sync() => {|#0:_stream.Flush(true)|};
}";
        return VBuffered.AnalyzerAsync(source, Dur004("_stream", "_buffer"));
    }

    [Fact]
    public Task No_DUR004_when_the_commit_flushes_the_writer_field_first()
    {
        const string source = @"
using System.IO;

sealed class TransactionLog
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public TransactionLog(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        _writer = new StreamWriter(_stream);
    }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit()
    {
        _writer.Flush();
        _stream.Flush(true);
    }
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR004_on_an_AutoFlush_writer_field()
    {
        const string source = @"
using System.IO;

sealed class TransactionLog
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public TransactionLog(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        _writer = new StreamWriter(_stream) { AutoFlush = true };
    }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit() => _stream.Flush(true);
}";
        return VBuffered.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR004_when_the_writer_field_comes_from_a_parameter()
    {
        const string source = @"
using System.IO;

sealed class TransactionLog
{
    private readonly FileStream _stream;
    private readonly TextWriter _writer;

    public TransactionLog(FileStream stream, TextWriter writer)
    {
        _stream = stream;
        _writer = writer;
    }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit() => _stream.Flush(true);
}";
        return VBuffered.AnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ DUR003

    [Fact]
    public Task Flush_to_disk_of_a_stream_field_per_record_in_a_batch()
    {
        const string source = @"
using System.Collections.Generic;
using System.IO;

sealed class TransactionLog
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public TransactionLog(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        _writer = new StreamWriter(_stream);
    }

    public void AppendBatch(IEnumerable<string> entries)
    {
        {|#1:foreach (var entry in entries)
        {
            _writer.WriteLine(entry);
            _writer.Flush();
            {|#0:_stream.Flush(true)|};
        }|}
    }
}";
        return VLoop.AnalyzerAsync(source, VLoop.Diagnostic(Descriptors.DUR003).WithLocation(0).WithLocation(1).WithArguments("_stream"));
    }

    // ------------------------------------------------------------------ DUR006

    [Fact]
    public Task Field_file_written_by_a_member_and_flushed_to_disk_by_none()
    {
        const string source = @"
using System;
using System.IO;

sealed class Recorder : IDisposable
{
    private readonly FileStream _file = new FileStream(""events.bin"", FileMode.Append, FileAccess.Write);

    public void Record(byte[] e) => {|#0:_file.Write(e, 0, e.Length)|};

    public void Dispose() => _file.Dispose();
}";
        return VUnflushed.AnalyzerAsync(source, VUnflushed.Diagnostic(Descriptors.DUR006).WithLocation(0).WithArguments("_file"));
    }

    [Fact]
    public Task No_DUR006_when_a_member_flushes_the_field_to_disk()
    {
        const string source = @"
using System;
using System.IO;

sealed class Recorder : IDisposable
{
    private readonly FileStream _file = new FileStream(""events.bin"", FileMode.Append, FileAccess.Write);

    public void Record(byte[] e) => _file.Write(e, 0, e.Length);

    public void Dispose()
    {
        _file.Flush(true);
        _file.Dispose();
    }
}";
        return VUnflushed.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR006_on_a_writer_field_over_a_network_stream()
    {
        const string source = @"
using System;
using System.IO;
using System.Net.Sockets;

sealed class SocketClient : IDisposable
{
    private readonly StreamWriter _writer;

    public SocketClient(Socket socket) => _writer = new StreamWriter(new NetworkStream(socket));

    public void Send(string message) => _writer.Write(message);

    public void Dispose() => _writer.Dispose();
}";
        return VUnflushed.AnalyzerAsync(source);
    }

    [Fact]
    public Task No_DUR006_on_a_writer_field_over_a_stream_parameter()
    {
        // Found on real code (RavenDB's StreamCsvDocumentQueryResultWriter): the writer field is created by the type, over
        // the response stream its constructor is given.
        const string source = @"
using System;
using System.IO;
using System.Text;

sealed class CsvResultWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvResultWriter(Stream stream) => _writer = new StreamWriter(stream, Encoding.UTF8);

    public void WriteError(string error) => _writer.WriteLine(error);

    public void Dispose() => _writer.Dispose();
}";
        return VUnflushed.AnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ DUR013

    [Fact]
    public Task Flush_to_disk_of_a_field_opened_read_only()
    {
        const string source = @"
using System.IO;

sealed class Index
{
    private readonly FileStream _file;

    public Index(string path) { _file = {|#1:File.OpenRead(path)|}; }

    public void Sync() => {|#0:_file.Flush(true)|};
}";
        return VReadOnly.AnalyzerAsync(source, VReadOnly.Diagnostic(Descriptors.DUR013).WithLocation(0).WithLocation(1).WithArguments("_file"));
    }

    [Fact]
    public Task No_DUR013_on_a_read_only_field_from_a_parameter()
    {
        const string source = @"
using System.IO;

sealed class Index
{
    private readonly FileStream _file;

    public Index(FileStream file) { _file = file; }

    public void Sync() => _file.Flush(true);
}";
        return VReadOnly.AnalyzerAsync(source);
    }
}
