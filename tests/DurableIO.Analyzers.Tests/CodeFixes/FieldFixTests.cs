using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DurableIO.Analyzers.Rules;
using DurableIO.Analyzers.Tests.Infrastructure;
using DurableIO.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static DurableIO.Analyzers.Tests.Rules.Dur003Tests;
using static DurableIO.Analyzers.Tests.Rules.Dur004Tests;
using static DurableIO.Analyzers.Tests.Rules.Dur005Tests;
using V3 = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.FlushInLoopAnalyzer, DurableIO.CodeFixes.FlushInLoopCodeFixProvider>;
using V4 = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer, DurableIO.CodeFixes.FlushUnderBufferingWriterCodeFixProvider>;
using V5 = DurableIO.Analyzers.Tests.Infrastructure.Verify<DurableIO.Analyzers.Rules.BufferedFlushAnalyzer, DurableIO.CodeFixes.FlushDoesNotReachDiskCodeFixProvider>;

namespace DurableIO.Analyzers.Tests.CodeFixes;

/// <summary>
/// The DUR003, DUR004 and DUR005 fixes on files a type keeps open in fields (issue 12, "Files that live across members"): a
/// FileStream field opened in the constructor, in its initializer or lazily, a writer field over it, written by one member and
/// committed by another (see <c>Rules/FieldFileTests.cs</c> for the diagnostics). Each code action the fixer offers gives the
/// exact code, trivia kept, and compiles warning-free against the real runtime library; Fix All (document, project, solution)
/// is checked by the verifier on every source with more than one diagnostic. Fields the type does not control get no
/// diagnostic and so no fix.
/// </summary>
public class FieldFixTests
{
    private static VerifyOptions Strict(string? key = null) =>
        new() { WithDurableRuntimeLibrary = true, CompilerDiagnostics = CompilerDiagnostics.Warnings, CodeActionEquivalenceKey = key };

    // ================================================================== DUR003: move the flush to disk after the loop

    [Fact]
    public Task Dur003_constructor_opened_readonly_fields_in_a_block_namespace_keep_comments()
    {
        const string source = @"using System;
using System.Collections.Generic;
using System.IO;

namespace Ledger
{
    sealed class TransactionLog : IDisposable
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
                // every entry durable
                {|#0:_stream.Flush(true)|}; // fsync
            }|}

            Console.WriteLine(""batch written"");
        }

        public void Dispose() => _writer.Dispose();
    }
}
";
        const string fixedSource = @"using System;
using System.Collections.Generic;
using System.IO;

namespace Ledger
{
    sealed class TransactionLog : IDisposable
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
            foreach (var entry in entries)
            {
                _writer.WriteLine(entry);
                _writer.Flush();
            }
            // every entry durable
            _stream.Flush(true); // fsync

            Console.WriteLine(""batch written"");
        }

        public void Dispose() => _writer.Dispose();
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_stream") }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur003_initializer_opened_fields_not_readonly_with_this_and_RandomAccess_in_a_file_scoped_namespace()
    {
        const string source = @"using System.IO;

namespace Store;

sealed class Segments
{
    private FileStream _data = new FileStream(""data.bin"", FileMode.Append, FileAccess.Write);
    private FileStream _index = new FileStream(""index.bin"", FileMode.Append, FileAccess.Write);

    public void Put(byte[][] records)
    {
        {|#1:for (var i = 0; i < records.Length; i++)
        {
            this._data.Write(records[i], 0, records[i].Length);
            {|#0:this._data.Flush(true)|};
        }|}
    }

    public void Index(byte[][] keys)
    {
        {|#3:foreach (var key in keys)
        {
            _index.Write(key, 0, key.Length);
            {|#2:RandomAccess.FlushToDisk(_index.SafeFileHandle)|};
        }|}
    }

    public void Reopen()
    {
        _data.Dispose();
        _data = new FileStream(""data.bin"", FileMode.Append, FileAccess.Write);
    }
}
";
        const string fixedSource = @"using System.IO;

namespace Store;

sealed class Segments
{
    private FileStream _data = new FileStream(""data.bin"", FileMode.Append, FileAccess.Write);
    private FileStream _index = new FileStream(""index.bin"", FileMode.Append, FileAccess.Write);

    public void Put(byte[][] records)
    {
        for (var i = 0; i < records.Length; i++)
        {
            this._data.Write(records[i], 0, records[i].Length);
        }
        this._data.Flush(true);
    }

    public void Index(byte[][] keys)
    {
        foreach (var key in keys)
        {
            _index.Write(key, 0, key.Length);
        }
        RandomAccess.FlushToDisk(_index.SafeFileHandle);
    }

    public void Reopen()
    {
        _data.Dispose();
        _data = new FileStream(""data.bin"", FileMode.Append, FileAccess.Write);
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_data"), Dur003("_index", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur003_lazily_opened_nullable_fields_move_a_plain_and_a_conditional_flush()
    {
        const string source = @"#nullable enable
using System.Collections.Generic;
using System.IO;

sealed class LazyLog
{
    private FileStream? _stream;
    private StreamWriter? _writer;

    public void AppendBatch(IEnumerable<string> entries)
    {
        _stream ??= new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
        _writer ??= new StreamWriter(_stream);
        {|#1:foreach (var entry in entries)
        {
            _writer.WriteLine(entry);
            _writer.Flush();
            {|#0:_stream.Flush(true)|};
        }|}
    }

    public void AppendMore(IEnumerable<string> entries)
    {
        if (_writer == null)
        {
            _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        {|#3:foreach (var entry in entries)
        {
            _writer.WriteLine(entry);
            _writer.Flush();
            _stream?{|#2:.Flush(true)|}; // only once opened
        }|}
    }
}
";
        const string fixedSource = @"#nullable enable
using System.Collections.Generic;
using System.IO;

sealed class LazyLog
{
    private FileStream? _stream;
    private StreamWriter? _writer;

    public void AppendBatch(IEnumerable<string> entries)
    {
        _stream ??= new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
        _writer ??= new StreamWriter(_stream);
        foreach (var entry in entries)
        {
            _writer.WriteLine(entry);
            _writer.Flush();
        }
        _stream.Flush(true);
    }

    public void AppendMore(IEnumerable<string> entries)
    {
        if (_writer == null)
        {
            _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        foreach (var entry in entries)
        {
            _writer.WriteLine(entry);
            _writer.Flush();
        }
        _stream?.Flush(true); // only once opened
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_stream"), Dur003("_stream", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur003_async_commit_keeps_await_token_and_ConfigureAwait()
    {
        const string source = @"using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() => _writer = new StreamWriter(_stream);

    public async Task AppendBatchAsync(IReadOnlyList<string> entries, CancellationToken ct)
    {
        {|#1:for (var i = 0; i < entries.Count; i++)
        {
            await _writer.WriteLineAsync(entries[i]).ConfigureAwait(false);
            await _writer.FlushAsync(ct).ConfigureAwait(false);
            await {|#0:_stream.FlushToDiskAsync(ct)|}.ConfigureAwait(false);
        }|}
    }
}
";
        const string fixedSource = @"using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() => _writer = new StreamWriter(_stream);

    public async Task AppendBatchAsync(IReadOnlyList<string> entries, CancellationToken ct)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            await _writer.WriteLineAsync(entries[i]).ConfigureAwait(false);
            await _writer.FlushAsync(ct).ConfigureAwait(false);
        }
        await _stream.FlushToDiskAsync(ct).ConfigureAwait(false);
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_stream") }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur003_struct_holder_and_partial_class_with_Fix_All_over_both_types()
    {
        const string source = @"using System.IO;

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create, FileAccess.Write); }

    public void PutAll(byte[] bytes)
    {
        {|#1:foreach (var b in bytes)
        {
            _file.WriteByte(b);
            {|#0:_file.Flush(true)|};
        }|}
    }
}

partial class Journal
{
    private readonly FileStream _log = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);
    private readonly BufferedStream _buffer;

    public Journal() { _buffer = new BufferedStream(_log); }
}

partial class Journal
{
    public void Record(byte[][] events)
    {
        {|#3:foreach (var e in events)
        {
            _buffer.Write(e, 0, e.Length);
            _buffer.Flush();
            {|#2:_log.Flush(true)|};
        }|}
    }
}
";
        const string fixedSource = @"using System.IO;

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create, FileAccess.Write); }

    public void PutAll(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            _file.WriteByte(b);
        }
        _file.Flush(true);
    }
}

partial class Journal
{
    private readonly FileStream _log = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);
    private readonly BufferedStream _buffer;

    public Journal() { _buffer = new BufferedStream(_log); }
}

partial class Journal
{
    public void Record(byte[][] events)
    {
        foreach (var e in events)
        {
            _buffer.Write(e, 0, e.Length);
            _buffer.Flush();
        }
        _log.Flush(true);
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_file"), Dur003("_log", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public async Task Dur003_on_a_field_offers_only_the_move_never_DurableLog()
    {
        // DurableLog replaces a local FileStream opened in append mode; a field opened that way (the stream is used by other
        // members: the constructor, Dispose) is not rewritten.
        const string source = @"using System;
using System.IO;

sealed class Events : IDisposable
{
    private readonly FileStream _log = new FileStream(""events.bin"", FileMode.Append, FileAccess.Write);

    public void Record(byte[][] events)
    {
        foreach (var e in events)
        {
            _log.Write(e, 0, e.Length);
            _log.Flush(true);
        }
    }

    public void Dispose() => _log.Dispose();
}
";
        var offered = await CodeFixProbe.OfferedAsync<FlushInLoopAnalyzer>(source, new FlushInLoopCodeFixProvider());
        var only = Assert.Single(offered);
        Assert.Equal(FlushInLoopCodeFixProvider.MoveAfterLoopKey, only.EquivalenceKey);
        Assert.Equal(FlushInLoopCodeFixProvider.Title, only.Title);
    }

    [Fact]
    public Task Dur003_write_through_field_written_in_a_loop_gets_no_fix()
    {
        // "Open without WriteThrough" rewrites a local's open only: the field's open is in the constructor, and the other
        // members that write the field rely on WriteThrough (DUR003.md, How to fix).
        const string source = @"using System.IO;

sealed class Journal
{
    private readonly FileStream _log;

    public Journal(string path)
    {
        _log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
    }

    public void Record(byte[][] records)
    {
        {|#1:foreach (var record in records)
        {
            {|#0:_log.Write(record, 0, record.Length)|};
        }|}
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_log") }, source, Strict());
    }

    [Fact]
    public Task Dur003_fields_the_type_does_not_control_are_reported_like_a_stream_parameter_and_the_move_is_exact()
    {
        // Unlike DUR004/DUR005, DUR003 does not need the type's story: the loop itself writes and flushes to disk on every
        // iteration, so it reports a field from a constructor parameter, a public field and a handed-out stream as it reports
        // a stream parameter (Dur003Tests.Parameter_stream_flushed_with_RandomAccess_in_a_while_loop), and moving the flush is
        // as exact for them. Fix All over the three classes of the document.
        const string source = @"using System.Collections.Generic;
using System.IO;

sealed class FromParameter
{
    private readonly FileStream _stream;

    public FromParameter(FileStream stream) => _stream = stream;

    public void AppendBatch(IEnumerable<byte[]> records)
    {
        {|#1:foreach (var r in records)
        {
            _stream.Write(r, 0, r.Length);
            {|#0:_stream.Flush(true)|};
        }|}
    }
}

sealed class PublicField
{
    public FileStream Stream = new FileStream(""public.bin"", FileMode.Append, FileAccess.Write);

    public void AppendBatch(IEnumerable<byte[]> records)
    {
        {|#3:foreach (var r in records)
        {
            Stream.Write(r, 0, r.Length);
            {|#2:Stream.Flush(true)|};
        }|}
    }
}

sealed class HandedOut
{
    private readonly FileStream _stream = new FileStream(""handed.bin"", FileMode.Append, FileAccess.Write);

    public Stream Stream => _stream;

    public void AppendBatch(IEnumerable<byte[]> records)
    {
        {|#5:foreach (var r in records)
        {
            _stream.Write(r, 0, r.Length);
            {|#4:_stream.Flush(true)|};
        }|}
    }
}
";
        const string fixedSource = @"using System.Collections.Generic;
using System.IO;

sealed class FromParameter
{
    private readonly FileStream _stream;

    public FromParameter(FileStream stream) => _stream = stream;

    public void AppendBatch(IEnumerable<byte[]> records)
    {
        foreach (var r in records)
        {
            _stream.Write(r, 0, r.Length);
        }
        _stream.Flush(true);
    }
}

sealed class PublicField
{
    public FileStream Stream = new FileStream(""public.bin"", FileMode.Append, FileAccess.Write);

    public void AppendBatch(IEnumerable<byte[]> records)
    {
        foreach (var r in records)
        {
            Stream.Write(r, 0, r.Length);
        }
        Stream.Flush(true);
    }
}

sealed class HandedOut
{
    private readonly FileStream _stream = new FileStream(""handed.bin"", FileMode.Append, FileAccess.Write);

    public Stream Stream => _stream;

    public void AppendBatch(IEnumerable<byte[]> records)
    {
        foreach (var r in records)
        {
            _stream.Write(r, 0, r.Length);
        }
        _stream.Flush(true);
    }
}
";
        return V3.CodeFixAsync(source, new[] { Dur003("_stream"), Dur003("Stream", 2, 3), Dur003("_stream", 4, 5) }, fixedSource, Strict());
    }

    // ================================================================== DUR004: flush the writer field before the stream field

    private const string Dur004LedgerSource = @"using System;
using System.IO;

namespace Ledger
{
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

        // the stream is synced
        public void Commit() => {|#0:_stream.Flush(true)|}; // fsync

        public void Checkpoint()
        {
            // durable point
            {|#2:_stream.Flush(true)|}; // fsync
        }

        public void Dispose() => _writer.Dispose();
    }
}
";

    [Fact]
    public Task Dur004_constructor_opened_readonly_fields_flush_through_the_writer_field()
    {
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

namespace Ledger
{
    sealed class TransactionLog : IDisposable
    {
        private readonly FileStream _stream;
        private readonly StreamWriter _writer;

        public TransactionLog(string path)
        {
            _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        public void Append(string entry) => _writer.WriteLine(entry);

        // the stream is synced
        public void Commit() => _writer.FlushToDisk(); // fsync

        public void Checkpoint()
        {
            // durable point
            _writer.FlushToDisk(); // fsync
        }

        public void Dispose() => _writer.Dispose();
    }
}
";
        return V4.CodeFixAsync(Dur004LedgerSource, new[] { Dur004("_stream", "_writer"), Dur004("_stream", "_writer", 2) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur004_constructor_opened_readonly_fields_flush_the_writer_field_first_and_an_expression_body_becomes_a_block()
    {
        const string fixedSource = @"using System;
using System.IO;

namespace Ledger
{
    sealed class TransactionLog : IDisposable
    {
        private readonly FileStream _stream;
        private readonly StreamWriter _writer;

        public TransactionLog(string path)
        {
            _stream = new FileStream(path, FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        public void Append(string entry) => _writer.WriteLine(entry);

        // the stream is synced
        public void Commit()
        {
            _writer.Flush();
            _stream.Flush(true); // fsync
        }

        public void Checkpoint()
        {
            _writer.Flush();
            // durable point
            _stream.Flush(true); // fsync
        }

        public void Dispose() => _writer.Dispose();
    }
}
";
        return V4.CodeFixAsync(
            Dur004LedgerSource,
            new[] { Dur004("_stream", "_writer"), Dur004("_stream", "_writer", 2) },
            fixedSource,
            Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey));
    }

    [Fact]
    public async Task Dur004_titles_on_fields_name_the_writer_field()
    {
        var offered = await CodeFixProbe.OfferedAsync<BufferedFlushAnalyzer>(Verify<BufferedFlushAnalyzer>.StripMarkup(Dur004LedgerSource), new FlushUnderBufferingWriterCodeFixProvider(), withRuntime: false);
        Assert.Equal(
            new[]
            {
                (FlushUnderBufferingWriterCodeFixProvider.FlushToDiskKey, "Flush '_writer' and the file with FlushToDisk() (needs the DurableIO package)"),
                (FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey, "Flush '_writer' first"),
                (FlushUnderBufferingWriterCodeFixProvider.FlushToDiskKey, "Flush '_writer' and the file with FlushToDisk() (needs the DurableIO package)"),
                (FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey, "Flush '_writer' first"),
            },
            offered.Select(o => (o.EquivalenceKey ?? string.Empty, o.Title)));
    }

    [Fact]
    public Task Dur004_initializer_opened_stream_and_a_BufferedStream_field_not_readonly_with_this_kept()
    {
        const string source = @"using System.IO;

namespace Store;

sealed class Pages
{
    private FileStream _file = new FileStream(""pages.bin"", FileMode.Append, FileAccess.Write);
    private BufferedStream _buffer;

    public Pages() { _buffer = new BufferedStream(_file, 1 << 16); }

    public void Put(byte[] page) => {|#1:this._buffer.Write(page, 0, page.Length)|};

    public void Sync()
    {
        {|#0:RandomAccess.FlushToDisk(this._file.SafeFileHandle)|};
    }
}
";
        const string fixedFlushToDisk = @"using System.IO;
using DurableIO;

namespace Store;

sealed class Pages
{
    private FileStream _file = new FileStream(""pages.bin"", FileMode.Append, FileAccess.Write);
    private BufferedStream _buffer;

    public Pages() { _buffer = new BufferedStream(_file, 1 << 16); }

    public void Put(byte[] page) => this._buffer.Write(page, 0, page.Length);

    public void Sync()
    {
        this._buffer.FlushToDisk();
    }
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_file", "_buffer") }, fixedFlushToDisk, Strict());
    }

    [Fact]
    public Task Dur004_initializer_opened_stream_and_a_BufferedStream_field_flushed_first()
    {
        const string source = @"using System.IO;

sealed class Pages
{
    private FileStream _file = new FileStream(""pages.bin"", FileMode.Append, FileAccess.Write);
    private BufferedStream _buffer;

    public Pages() { _buffer = new BufferedStream(_file, 1 << 16); }

    public void Put(byte[] page) => {|#1:this._buffer.Write(page, 0, page.Length)|};

    public void Sync()
    {
        {|#0:this._file.Flush(true)|};
    }
}
";
        const string fixedSource = @"using System.IO;

sealed class Pages
{
    private FileStream _file = new FileStream(""pages.bin"", FileMode.Append, FileAccess.Write);
    private BufferedStream _buffer;

    public Pages() { _buffer = new BufferedStream(_file, 1 << 16); }

    public void Put(byte[] page) => this._buffer.Write(page, 0, page.Length);

    public void Sync()
    {
        this._buffer.Flush();
        this._file.Flush(true);
    }
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_file", "_buffer") }, fixedSource, Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey));
    }

    private const string Dur004LazySource = @"#nullable enable
using System;
using System.IO;

sealed class LazyLog : IDisposable
{
    private FileStream? _stream;
    private StreamWriter? _writer;

    public void Append(string entry)
    {
        if (_writer == null)
        {
            _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        {|#1:_writer.WriteLine(entry)|};
    }

    public void Commit() => _stream?{|#0:.Flush(true)|}; // when opened

    public void Checkpoint()
    {
        if (_stream != null)
        {
            {|#2:_stream.Flush(true)|};
        }
    }

    public void Dispose() => _writer?.Dispose();
}
";

    [Fact]
    public Task Dur004_lazily_opened_nullable_fields_flush_the_writer_conditionally()
    {
        // The writer field may be null where the stream is flushed (nothing appended yet): _writer.Flush() would be a CS8602
        // warning and could throw where the flush did not; _writer?.Flush() is exact.
        const string fixedSource = @"#nullable enable
using System;
using System.IO;

sealed class LazyLog : IDisposable
{
    private FileStream? _stream;
    private StreamWriter? _writer;

    public void Append(string entry)
    {
        if (_writer == null)
        {
            _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        _writer.WriteLine(entry);
    }

    public void Commit()
    {
        _writer?.Flush();
        _stream?.Flush(true); // when opened
    }

    public void Checkpoint()
    {
        if (_stream != null)
        {
            _writer?.Flush();
            _stream.Flush(true);
        }
    }

    public void Dispose() => _writer?.Dispose();
}
";
        return V4.CodeFixAsync(Dur004LazySource, new[] { Dur004("_stream", "_writer"), Dur004("_stream", "_writer", 2) }, fixedSource, Strict());
    }

    [Fact]
    public async Task Dur004_lazily_opened_nullable_writer_field_gets_no_FlushToDisk_where_it_may_be_null()
    {
        // _writer.FlushToDisk() there would be CS8604 (possible null argument to the extension's this parameter).
        var offered = await CodeFixProbe.OfferedAsync<BufferedFlushAnalyzer>(Verify<BufferedFlushAnalyzer>.StripMarkup(Dur004LazySource), new FlushUnderBufferingWriterCodeFixProvider());
        Assert.Equal(2, offered.Count);
        Assert.All(offered, o => Assert.Equal(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey, o.EquivalenceKey));
    }

    [Fact]
    public Task Dur004_lazily_opened_fields_flush_through_the_writer_where_it_is_known_not_null()
    {
        const string source = @"#nullable enable
using System.IO;

sealed class LazyLog
{
    private FileStream? _stream;
    private StreamWriter? _writer;

    public void Append(string entry)
    {
        _stream ??= new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
        _writer ??= new StreamWriter(_stream);
        {|#1:_writer.WriteLine(entry)|};
    }

    public void Checkpoint()
    {
        if (_writer != null && _stream != null)
        {
            {|#0:_stream.Flush(true)|};
        }
    }
}
";
        const string fixedSource = @"#nullable enable
using System.IO;
using DurableIO;

sealed class LazyLog
{
    private FileStream? _stream;
    private StreamWriter? _writer;

    public void Append(string entry)
    {
        _stream ??= new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
        _writer ??= new StreamWriter(_stream);
        _writer.WriteLine(entry);
    }

    public void Checkpoint()
    {
        if (_writer != null && _stream != null)
        {
            _writer.FlushToDisk();
        }
    }
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_stream", "_writer") }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur004_lazily_opened_fields_without_nullable_annotations_flush_the_writer_conditionally_under_a_conditional_flush()
    {
        // Nullable disabled: nothing says the writer may be null, but the flush itself is conditional (the file may not be open
        // yet), so the writer's flush is too: _writer.Flush() would throw where _stream?.Flush(true) did nothing.
        const string source = @"using System.IO;

sealed class LazyLog
{
    private FileStream _stream;
    private StreamWriter _writer;

    public void Append(string entry)
    {
        if (_writer == null)
        {
            _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        {|#1:_writer.WriteLine(entry)|};
    }

    public void Commit() => _stream?{|#0:.Flush(true)|};
}
";
        const string fixedSource = @"using System.IO;

sealed class LazyLog
{
    private FileStream _stream;
    private StreamWriter _writer;

    public void Append(string entry)
    {
        if (_writer == null)
        {
            _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
            _writer = new StreamWriter(_stream);
        }

        _writer.WriteLine(entry);
    }

    public void Commit()
    {
        _writer?.Flush();
        _stream?.Flush(true);
    }
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_stream", "_writer") }, fixedSource, Strict());
    }

    private const string Dur004AsyncSource = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog : IDisposable
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() { _writer = new StreamWriter(_stream); }

    public Task AppendAsync(string entry) => {|#1:_writer.WriteLineAsync(entry)|};

    public async Task CommitAsync(CancellationToken ct)
    {
        await {|#0:_stream.FlushToDiskAsync(ct)|}.ConfigureAwait(false);
    }

    public Task CheckpointAsync(CancellationToken ct) => {|#2:_stream.FlushToDiskAsync(ct)|};

    public void Dispose() => _writer.Dispose();
}
";

    [Fact]
    public Task Dur004_async_commit_flushes_through_the_writer_field_keeping_token_and_ConfigureAwait()
    {
        const string fixedSource = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog : IDisposable
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() { _writer = new StreamWriter(_stream); }

    public Task AppendAsync(string entry) => _writer.WriteLineAsync(entry);

    public async Task CommitAsync(CancellationToken ct)
    {
        await _writer.FlushToDiskAsync(ct).ConfigureAwait(false);
    }

    public Task CheckpointAsync(CancellationToken ct) => _writer.FlushToDiskAsync(ct);

    public void Dispose() => _writer.Dispose();
}
";
        return V4.CodeFixAsync(Dur004AsyncSource, new[] { Dur004("_stream", "_writer"), Dur004("_stream", "_writer", 2) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur004_async_commit_flushes_the_writer_field_first_and_a_task_returning_expression_body_returns_it()
    {
        const string fixedSource = @"using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog : IDisposable
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() { _writer = new StreamWriter(_stream); }

    public Task AppendAsync(string entry) => _writer.WriteLineAsync(entry);

    public async Task CommitAsync(CancellationToken ct)
    {
        _writer.Flush();
        await _stream.FlushToDiskAsync(ct).ConfigureAwait(false);
    }

    public Task CheckpointAsync(CancellationToken ct)
    {
        _writer.Flush();
        return _stream.FlushToDiskAsync(ct);
    }

    public void Dispose() => _writer.Dispose();
}
";
        return V4.CodeFixAsync(
            Dur004AsyncSource,
            new[] { Dur004("_stream", "_writer"), Dur004("_stream", "_writer", 2) },
            fixedSource,
            Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey));
    }

    [Fact]
    public Task Dur004_async_expression_bodied_commit_with_await_becomes_a_block_without_return()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() { _writer = new StreamWriter(_stream); }

    public Task AppendAsync(string entry) => {|#1:_writer.WriteLineAsync(entry)|};

    public async Task CommitAsync(CancellationToken ct) => await {|#0:this._stream.FlushToDiskAsync(ct)|}.ConfigureAwait(false);
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class AsyncLog
{
    private readonly FileStream _stream = new FileStream(""app.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public AsyncLog() { _writer = new StreamWriter(_stream); }

    public Task AppendAsync(string entry) => _writer.WriteLineAsync(entry);

    public async Task CommitAsync(CancellationToken ct)
    {
        this._writer.Flush();
        await this._stream.FlushToDiskAsync(ct).ConfigureAwait(false);
    }
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_stream", "_writer") }, fixedSource, Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey));
    }

    [Fact]
    public Task Dur004_struct_holder_with_a_BufferedStream_field()
    {
        const string source = @"using System.IO;

struct Segment
{
    private readonly FileStream _file;
    private readonly BufferedStream _buffer;

    public Segment(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write);
        _buffer = new BufferedStream(_file);
    }

    public void Put(byte[] data) => {|#1:_buffer.Write(data, 0, data.Length)|};

    public void Commit() => {|#0:_file.Flush(true)|};
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

struct Segment
{
    private readonly FileStream _file;
    private readonly BufferedStream _buffer;

    public Segment(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write);
        _buffer = new BufferedStream(_file);
    }

    public void Put(byte[] data) => _buffer.Write(data, 0, data.Length);

    public void Commit() => _buffer.FlushToDisk();
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_file", "_buffer") }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur004_partial_class_with_the_fields_in_the_other_declaration_flushes_the_writer_first()
    {
        const string source = @"using System.IO;

partial class Store
{
    private readonly FileStream _stream = new FileStream(""store"", FileMode.Append);
    private readonly StreamWriter _writer;

    public Store() { _writer = new StreamWriter(_stream); }

    public void Put(string line) => {|#1:_writer.WriteLine(line)|};
}

partial class Store
{
    public void Sync()
    {
        {|#0:_stream.Flush(true)|};
    }
}
";
        const string fixedSource = @"using System.IO;

partial class Store
{
    private readonly FileStream _stream = new FileStream(""store"", FileMode.Append);
    private readonly StreamWriter _writer;

    public Store() { _writer = new StreamWriter(_stream); }

    public void Put(string line) => _writer.WriteLine(line);
}

partial class Store
{
    public void Sync()
    {
        _writer.Flush();
        _stream.Flush(true);
    }
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_stream", "_writer") }, fixedSource, Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey));
    }

    [Fact]
    public Task Dur004_partial_class_flushes_through_the_writer_field_of_the_other_declaration()
    {
        const string source = @"using System.IO;

partial class Store
{
    private readonly FileStream _stream = new FileStream(""store"", FileMode.Append);
    private readonly StreamWriter _writer;

    public Store() { _writer = new StreamWriter(_stream); }

    public void Put(string line) => {|#1:_writer.WriteLine(line)|};
}

partial class Store
{
    public void Sync() => {|#0:_stream.Flush(true)|};
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

partial class Store
{
    private readonly FileStream _stream = new FileStream(""store"", FileMode.Append);
    private readonly StreamWriter _writer;

    public Store() { _writer = new StreamWriter(_stream); }

    public void Put(string line) => _writer.WriteLine(line);
}

partial class Store
{
    public void Sync() => _writer.FlushToDisk();
}
";
        return V4.CodeFixAsync(source, new[] { Dur004("_stream", "_writer") }, fixedSource, Strict());
    }

    private const string Dur004HiddenSource = @"using System;
using System.IO;

sealed class TransactionLog
{
    private readonly FileStream stream;
    private readonly StreamWriter writer;

    public TransactionLog(string path)
    {
        stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        writer = new StreamWriter(stream);
    }

    public void Append(string entry) => {|#1:writer.WriteLine(entry)|};

    public void Checkpoint(string writer)
    {
        Console.WriteLine(writer);
        {|#0:stream.Flush(true)|};
    }
}

static class GlobalLog
{
    private static readonly FileStream file = new FileStream(""global.log"", FileMode.Append, FileAccess.Write);
    private static readonly StreamWriter log = new StreamWriter(file);

    public static void Append(string entry) => {|#3:log.WriteLine(entry)|};

    public static void Commit(int log)
    {
        Console.WriteLine(log);
        {|#2:file.Flush(true)|};
    }
}
";

    [Fact]
    public Task Dur004_writer_field_hidden_by_a_parameter_is_named_through_this_or_its_type()
    {
        // Found while writing these tests: the fix looked the wrapper up by name at the flush, found the parameter (a string)
        // and offered nothing; it now takes the field from the model and qualifies it.
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

sealed class TransactionLog
{
    private readonly FileStream stream;
    private readonly StreamWriter writer;

    public TransactionLog(string path)
    {
        stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        writer = new StreamWriter(stream);
    }

    public void Append(string entry) => writer.WriteLine(entry);

    public void Checkpoint(string writer)
    {
        Console.WriteLine(writer);
        this.writer.FlushToDisk();
    }
}

static class GlobalLog
{
    private static readonly FileStream file = new FileStream(""global.log"", FileMode.Append, FileAccess.Write);
    private static readonly StreamWriter log = new StreamWriter(file);

    public static void Append(string entry) => log.WriteLine(entry);

    public static void Commit(int log)
    {
        Console.WriteLine(log);
        GlobalLog.log.FlushToDisk();
    }
}
";
        return V4.CodeFixAsync(Dur004HiddenSource, new[] { Dur004("stream", "writer"), Dur004("file", "log", 2, 3) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur004_writer_field_hidden_by_a_parameter_is_flushed_first_through_this_or_its_type()
    {
        const string fixedSource = @"using System;
using System.IO;

sealed class TransactionLog
{
    private readonly FileStream stream;
    private readonly StreamWriter writer;

    public TransactionLog(string path)
    {
        stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        writer = new StreamWriter(stream);
    }

    public void Append(string entry) => writer.WriteLine(entry);

    public void Checkpoint(string writer)
    {
        Console.WriteLine(writer);
        this.writer.Flush();
        stream.Flush(true);
    }
}

static class GlobalLog
{
    private static readonly FileStream file = new FileStream(""global.log"", FileMode.Append, FileAccess.Write);
    private static readonly StreamWriter log = new StreamWriter(file);

    public static void Append(string entry) => log.WriteLine(entry);

    public static void Commit(int log)
    {
        Console.WriteLine(log);
        GlobalLog.log.Flush();
        file.Flush(true);
    }
}
";
        return V4.CodeFixAsync(
            Dur004HiddenSource,
            new[] { Dur004("stream", "writer"), Dur004("file", "log", 2, 3) },
            fixedSource,
            Strict(FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey));
    }

    [Fact]
    public async Task Dur004_Fix_All_in_document_scope_fixes_both_classes_with_the_chosen_key()
    {
        const string source = @"using System.IO;

sealed class First
{
    private readonly FileStream _stream = new FileStream(""first.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public First() { _writer = new StreamWriter(_stream); }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit() => _stream.Flush(true);
}

sealed class Second
{
    private readonly FileStream _file;
    private readonly BufferedStream _buffer;

    public Second(string path)
    {
        _file = new FileStream(path, FileMode.Append, FileAccess.Write);
        _buffer = new BufferedStream(_file);
    }

    public void Put(byte[] data) => _buffer.Write(data, 0, data.Length);

    public void Commit()
    {
        _file.Flush(true);
    }
}
";
        const string expected = @"using System.IO;

sealed class First
{
    private readonly FileStream _stream = new FileStream(""first.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public First() { _writer = new StreamWriter(_stream); }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit()
    {
        _writer.Flush();
        _stream.Flush(true);
    }
}

sealed class Second
{
    private readonly FileStream _file;
    private readonly BufferedStream _buffer;

    public Second(string path)
    {
        _file = new FileStream(path, FileMode.Append, FileAccess.Write);
        _buffer = new BufferedStream(_file);
    }

    public void Put(byte[] data) => _buffer.Write(data, 0, data.Length);

    public void Commit()
    {
        _buffer.Flush();
        _file.Flush(true);
    }
}
";
        var document = CodeFixProbe.CreateDocument(source);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, ImmutableArray.Create<DiagnosticAnalyzer>(new BufferedFlushAnalyzer()));
        Assert.Equal(new[] { "DUR004", "DUR004" }, diagnostics.Select(d => d.Id));
        var fixedDocument = await CodeFixProbe.FixAllAsync(document, diagnostics, new FlushUnderBufferingWriterCodeFixProvider(), FlushUnderBufferingWriterCodeFixProvider.FlushWrapperFirstKey);
        Assert.Equal(expected, (await fixedDocument.GetTextAsync()).ToString());
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
        Assert.Empty(await CodeFixProbe.AnalyzeAsync(fixedDocument, ImmutableArray.Create<DiagnosticAnalyzer>(new BufferedFlushAnalyzer())));
    }

    [Fact]
    public Task Dur004_negative_fields_the_type_does_not_control_get_no_diagnostic_and_no_fix()
    {
        const string source = @"using System.IO;

sealed class FromParameter
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    public FromParameter(FileStream stream)
    {
        _stream = stream;
        _writer = new StreamWriter(stream);
    }

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit() => _stream.Flush(true);
}

sealed class PublicField
{
    public FileStream Stream = new FileStream(""public.log"", FileMode.Append, FileAccess.Write);
    public StreamWriter Writer;

    public PublicField() { Writer = new StreamWriter(Stream); }

    public void Append(string entry) => Writer.WriteLine(entry);

    public void Commit() => Stream.Flush(true);
}

sealed class HandedOut
{
    private readonly FileStream _stream = new FileStream(""handed.log"", FileMode.Append, FileAccess.Write);
    private readonly StreamWriter _writer;

    public HandedOut() { _writer = new StreamWriter(_stream); }

    public TextWriter Writer => _writer;

    public void Append(string entry) => _writer.WriteLine(entry);

    public void Commit() => _stream.Flush(true);
}
";
        return V4.CodeFixAsync(source, System.Array.Empty<DiagnosticResult>(), source, Strict());
    }

    // ================================================================== DUR005: Flush() of a field → FlushToDisk() / Flush(true)

    private const string Dur005LedgerSource = @"using System;
using System.IO;

namespace Ledger
{
    sealed class TransactionLog : IDisposable
    {
        private readonly StreamWriter _writer;

        public TransactionLog(string path) => _writer = new StreamWriter(path, append: true);

        public void Append(string entry) => _writer.WriteLine(entry);

        // commit
        public void Commit() => {|#0:_writer.Flush()|}; // believed durable

        public void Dispose() => _writer.Dispose();
    }

    sealed class Journal
    {
        private FileStream _file;

        public Journal(string path) { _file = new FileStream(path, FileMode.Append, FileAccess.Write); }

        public void Put(byte[] record) => _file.Write(record, 0, record.Length);

        public void Commit()
        {
            {|#1:_file /* the journal */ .Flush()|};
        }

        public void Reopen(string path)
        {
            _file.Dispose();
            _file = new FileStream(path, FileMode.Append, FileAccess.Write);
        }
    }
}
";

    [Fact]
    public Task Dur005_constructor_opened_fields_readonly_and_not_get_FlushToDisk_with_Fix_All_over_both_classes()
    {
        const string fixedSource = @"using System;
using System.IO;
using DurableIO;

namespace Ledger
{
    sealed class TransactionLog : IDisposable
    {
        private readonly StreamWriter _writer;

        public TransactionLog(string path) => _writer = new StreamWriter(path, append: true);

        public void Append(string entry) => _writer.WriteLine(entry);

        // commit
        public void Commit() => _writer.FlushToDisk(); // believed durable

        public void Dispose() => _writer.Dispose();
    }

    sealed class Journal
    {
        private FileStream _file;

        public Journal(string path) { _file = new FileStream(path, FileMode.Append, FileAccess.Write); }

        public void Put(byte[] record) => _file.Write(record, 0, record.Length);

        public void Commit()
        {
            _file /* the journal */ .FlushToDisk();
        }

        public void Reopen(string path)
        {
            _file.Dispose();
            _file = new FileStream(path, FileMode.Append, FileAccess.Write);
        }
    }
}
";
        return V5.CodeFixAsync(Dur005LedgerSource, new[] { Dur005("_writer"), Dur005("_file", 1) }, fixedSource, Strict());
    }

    [Fact]
    public async Task Dur005_titles_on_fields_FlushToDisk_for_the_writer_and_both_for_the_FileStream()
    {
        var offered = await CodeFixProbe.OfferedAsync<BufferedFlushAnalyzer>(Verify<BufferedFlushAnalyzer>.StripMarkup(Dur005LedgerSource), new FlushDoesNotReachDiskCodeFixProvider(), withRuntime: false);
        Assert.Equal(
            new[]
            {
                (FlushDoesNotReachDiskCodeFixProvider.FlushToDiskKey, "Flush to disk with FlushToDisk() (needs the DurableIO package)"),
                (FlushDoesNotReachDiskCodeFixProvider.FlushToDiskKey, "Flush to disk with FlushToDisk() (needs the DurableIO package)"),
                (FlushDoesNotReachDiskCodeFixProvider.FlushTrueKey, "Flush to disk with Flush(true)"),
            },
            offered.Select(o => (o.EquivalenceKey ?? string.Empty, o.Title)));
    }

    [Fact]
    public Task Dur005_FileStream_fields_opened_in_an_initializer_and_in_a_struct_get_Flush_true()
    {
        const string source = @"using System.IO;

sealed class Journal
{
    private readonly FileStream _file = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);

    public void Put(byte[] record) => _file.Write(record, 0, record.Length);

    public void Commit() => {|#0:_file.Flush()|};
}

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create); }

    public void Put(byte b) => _file.WriteByte(b);

    public void Commit()
    {
        // commit
        {|#1:this._file.Flush()|}; // sync?
    }
}
";
        const string fixedSource = @"using System.IO;

sealed class Journal
{
    private readonly FileStream _file = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);

    public void Put(byte[] record) => _file.Write(record, 0, record.Length);

    public void Commit() => _file.Flush(true);
}

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create); }

    public void Put(byte b) => _file.WriteByte(b);

    public void Commit()
    {
        // commit
        this._file.Flush(true); // sync?
    }
}
";
        return V5.CodeFixAsync(source, new[] { Dur005("_file"), Dur005("_file", 1) }, fixedSource, Strict(FlushDoesNotReachDiskCodeFixProvider.FlushTrueKey));
    }

    [Fact]
    public Task Dur005_struct_holder_gets_FlushToDisk()
    {
        const string source = @"using System.IO;

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create); }

    public void Put(byte b) => _file.WriteByte(b);

    public void Commit() => {|#0:_file.Flush()|};
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

struct Segment
{
    private readonly FileStream _file;

    public Segment(string path) { _file = new FileStream(path, FileMode.Create); }

    public void Put(byte b) => _file.WriteByte(b);

    public void Commit() => _file.FlushToDisk();
}
";
        return V5.CodeFixAsync(source, new[] { Dur005("_file") }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur005_lazily_opened_nullable_writer_field_keeps_its_conditional_access()
    {
        const string source = @"#nullable enable
using System.IO;

sealed class LazyLog
{
    private StreamWriter? _writer;

    public void Append(string line)
    {
        _writer ??= new StreamWriter(""app.log"", append: true);
        _writer.WriteLine(line);
    }

    public void Commit() => _writer?{|#0:.Flush()|};

    public void Checkpoint()
    {
        if (_writer != null)
        {
            {|#1:_writer.Flush()|};
        }
    }
}
";
        const string fixedSource = @"#nullable enable
using System.IO;
using DurableIO;

sealed class LazyLog
{
    private StreamWriter? _writer;

    public void Append(string line)
    {
        _writer ??= new StreamWriter(""app.log"", append: true);
        _writer.WriteLine(line);
    }

    public void Commit() => _writer?.FlushToDisk();

    public void Checkpoint()
    {
        if (_writer != null)
        {
            _writer.FlushToDisk();
        }
    }
}
";
        return V5.CodeFixAsync(source, new[] { Dur005("_writer"), Dur005("_writer", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur005_async_commit_on_fields_keeps_await_token_and_ConfigureAwait()
    {
        const string source = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;

sealed class Journal
{
    private readonly FileStream _file = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);

    public Task AppendAsync(byte[] record) => _file.WriteAsync(record, 0, record.Length);

    public async Task CommitAsync(CancellationToken cancellationToken) => await {|#0:_file.FlushAsync(cancellationToken)|}.ConfigureAwait(false);
}

sealed class Notes
{
    private readonly StreamWriter _writer = new StreamWriter(""notes.txt"", append: true);

    public Task AddAsync(string note) => _writer.WriteLineAsync(note);

    public Task CommitAsync() => {|#1:_writer.FlushAsync()|};
}
";
        const string fixedSource = @"using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO;

sealed class Journal
{
    private readonly FileStream _file = new FileStream(""journal.bin"", FileMode.Append, FileAccess.Write);

    public Task AppendAsync(byte[] record) => _file.WriteAsync(record, 0, record.Length);

    public async Task CommitAsync(CancellationToken cancellationToken) => await _file.FlushToDiskAsync(cancellationToken).ConfigureAwait(false);
}

sealed class Notes
{
    private readonly StreamWriter _writer = new StreamWriter(""notes.txt"", append: true);

    public Task AddAsync(string note) => _writer.WriteLineAsync(note);

    public Task CommitAsync() => _writer.FlushToDiskAsync();
}
";
        return V5.CodeFixAsync(source, new[] { Dur005("_file"), Dur005("_writer", 1) }, fixedSource, Strict());
    }

    [Fact]
    public Task Dur005_partial_class_flushes_the_field_of_the_other_declaration()
    {
        const string source = @"using System.IO;

partial class Recorder
{
    private readonly FileStream _stream = new FileStream(""events.bin"", FileMode.Append, FileAccess.Write);
    private readonly BinaryWriter _writer;

    public Recorder() { _writer = new BinaryWriter(_stream); }

    public void Record(int value) => _writer.Write(value);
}

partial class Recorder
{
    public void Commit() => {|#0:_writer.Flush()|};
}
";
        const string fixedSource = @"using System.IO;
using DurableIO;

partial class Recorder
{
    private readonly FileStream _stream = new FileStream(""events.bin"", FileMode.Append, FileAccess.Write);
    private readonly BinaryWriter _writer;

    public Recorder() { _writer = new BinaryWriter(_stream); }

    public void Record(int value) => _writer.Write(value);
}

partial class Recorder
{
    public void Commit() => _writer.FlushToDisk();
}
";
        return V5.CodeFixAsync(source, new[] { Dur005("_writer") }, fixedSource, Strict());
    }

    [Fact]
    public async Task Dur005_Fix_All_in_document_scope_with_Flush_true_fixes_both_classes()
    {
        const string source = @"using System.IO;

sealed class First
{
    private readonly FileStream _file = new FileStream(""first.bin"", FileMode.Append, FileAccess.Write);

    public void Put(byte[] record) => _file.Write(record, 0, record.Length);

    public void Commit() => _file.Flush();
}

sealed class Second
{
    private readonly FileStream _data;

    public Second(string path) { _data = new FileStream(path, FileMode.Append, FileAccess.Write); }

    public void Put(byte b) => _data.WriteByte(b);

    public void Commit()
    {
        _data.Flush();
    }
}
";
        var document = CodeFixProbe.CreateDocument(source);
        var diagnostics = await CodeFixProbe.AnalyzeAsync(document, ImmutableArray.Create<DiagnosticAnalyzer>(new BufferedFlushAnalyzer()));
        Assert.Equal(new[] { "DUR005", "DUR005" }, diagnostics.Select(d => d.Id));
        var fixedDocument = await CodeFixProbe.FixAllAsync(document, diagnostics, new FlushDoesNotReachDiskCodeFixProvider(), FlushDoesNotReachDiskCodeFixProvider.FlushTrueKey);
        Assert.Equal(source.Replace("_file.Flush()", "_file.Flush(true)").Replace("_data.Flush()", "_data.Flush(true)"), (await fixedDocument.GetTextAsync()).ToString());
        Assert.Empty(await CodeFixProbe.CompilerDiagnosticsAsync(fixedDocument, includeWarnings: true));
        Assert.Empty(await CodeFixProbe.AnalyzeAsync(fixedDocument, ImmutableArray.Create<DiagnosticAnalyzer>(new BufferedFlushAnalyzer())));
    }

    [Fact]
    public Task Dur005_negative_fields_the_type_does_not_control_get_no_diagnostic_and_no_fix()
    {
        const string source = @"using System.IO;

sealed class FromParameter
{
    private readonly FileStream _stream;

    public FromParameter(FileStream stream) => _stream = stream;

    public void Append(byte[] data) => _stream.Write(data, 0, data.Length);

    public void Commit() => _stream.Flush();
}

sealed class PublicField
{
    public FileStream File = new FileStream(""log"", FileMode.Append);

    public void Append(byte[] data) => File.Write(data, 0, data.Length);

    public void Commit() => File.Flush();
}

sealed class HandedOut
{
    private readonly FileStream _file = new FileStream(""log"", FileMode.Append);

    public Stream Stream => _file;

    public void Append(byte[] data) => _file.Write(data, 0, data.Length);

    public void Commit() => _file.Flush();
}
";
        return V5.CodeFixAsync(source, System.Array.Empty<DiagnosticResult>(), source, Strict());
    }
}
