using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Internal;
using Microsoft.Win32.SafeHandles;

namespace DurableIO
{
    /// <summary>
    /// An append-only log of records in one file: <see cref="Append(byte[])"/> returns only once the record is on disk,
    /// and after a crash <see cref="Open"/> and <see cref="ReadAll"/> give back every acknowledged record, in order, whole.
    /// </summary>
    /// <remarks>
    /// <para><b>Format.</b> Each record is framed: a 4-byte little-endian payload length, a 4-byte little-endian CRC-32C
    /// of the length field and the payload, then the payload. No file header. Reading stops at the first frame that is
    /// incomplete or fails its checksum (the torn tail of an append a crash interrupted).</para>
    /// <para><b>Group commit.</b> Concurrent appenders share writes and fsyncs: one of them writes every record queued so
    /// far with one write and one fsync, then wakes the others. An appender that is alone does its own write and fsync
    /// on its own thread.</para>
    /// <para><b>Failures.</b> A failed write or fsync poisons the log: that append, every append waiting with it and every
    /// later one throws <see cref="DurabilityException"/>; the fsync is never retried (after a failed fsync the kernel may
    /// have dropped the data, and a retry can falsely succeed). Records acknowledged before stay; reopen the log once the
    /// cause (a full disk, a failing device) is dealt with.</para>
    /// <para><b>One writer.</b> One open <see cref="DurableLog"/> per file at a time. The file is opened with
    /// <see cref="FileShare.None"/> on Unix (an advisory <c>flock(LOCK_EX)</c> that .NET takes, so a second
    /// <see cref="Open"/> in any .NET process fails with <see cref="IOException"/>; it does not stop programs that ignore
    /// <c>flock</c>, nor .NET with <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> set) and <see cref="FileShare.Read"/> on
    /// Windows (other writers are refused). <see cref="ReadAll"/> takes no lock and may run meanwhile.</para>
    /// <para><c>IAsyncDisposable</c> is implemented on the net8.0 build only: netstandard2.0 would need the
    /// Microsoft.Bcl.AsyncInterfaces package, and the library has no dependencies.</para>
    /// </remarks>
    public sealed class DurableLog : IDisposable
#if NET
        , IAsyncDisposable
#endif
    {
        /// <summary>The largest record, in bytes (64 MiB). Larger records are refused with <see cref="ArgumentException"/>.</summary>
        public const int MaxRecordLength = 64 * 1024 * 1024;

        private const int MaxGatherYields = 64;
        private const int MaxBatchBuffer = 4 * 1024 * 1024; // batches up to this size are copied into one buffer, for one write

        private readonly string _path;
        private readonly FileStream _stream; // unbuffered (bufferSize 1): nothing is ever held back to be written later
        private readonly object _gate = new object();
        private List<Waiter> _queue = new List<Waiter>(); // appends waiting for the next batch
        private List<Waiter> _spare = new List<Waiter>();
        private int _inside; // appenders between queueing their record and returning
        private bool _leading; // an appender is writing and syncing a batch (or has been handed the turn to)
        private bool _disposed;
        private Exception? _poison;
        private TaskCompletionSource<bool>? _drained;
        private byte[] _batchBuffer = Array.Empty<byte>(); // used by the leader only
        private long _durableLength; // end of the last batch an fsync confirmed

        private DurableLog(string path, FileStream stream, long end)
        {
            _path = path;
            _stream = stream;
            _durableLength = end;
        }

        /// <summary>
        /// Opens the log at <paramref name="path"/>, creating it when missing. Recovery: every whole, valid record is kept; a
        /// torn or corrupt tail (and anything after it) is cut off, and the file and its directory are flushed to disk before
        /// this returns, so new records never follow garbage.
        /// </summary>
        /// <param name="path">The log file.</param>
        /// <returns>The open log; dispose it to close the file.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
        /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
        /// <exception cref="UnauthorizedAccessException"><paramref name="path"/> is a directory, or access is denied.</exception>
        /// <exception cref="IOException">The log is open elsewhere, or the file system refuses (read-only, full).</exception>
        /// <exception cref="DurabilityException">Flushing the recovered file or its directory to disk failed.</exception>
        public static DurableLog Open(string path)
        {
            string full = Paths.Full(path, nameof(path));
            var stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, Platform.IsWindows ? FileShare.Read : FileShare.None, 1);
            try
            {
                long length = stream.Length;
                var reader = new LogFormat.Reader(new BufferedStream(stream, 64 * 1024), length);
                while (reader.Next() != null)
                {
                }

                long end = reader.ValidEnd;
                // Cut the torn tail: a record appended after it would be unreachable, since reading stops at the tear.
                if (end < length) stream.SetLength(end);
                stream.Position = end;
                // The cut (and records a crashed writer left in the page cache) must be on disk before anything goes after them.
                Platform.FlushToStorage(stream.SafeFileHandle, full);
                // A new file's name survives a crash only once its directory is synced; done on every open, since the
                // process that created the file may have died before it could.
                Platform.SyncDirectory(Paths.DirectoryOf(full));
                return new DurableLog(full, stream, end);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Reads the records of the log at <paramref name="path"/> in order, stopping at the first torn or corrupt record as
        /// <see cref="Open"/> does, but writing nothing (the file is opened read-only, without a lock). The file is opened
        /// when enumeration starts and closed when it ends.
        /// </summary>
        /// <param name="path">The log file.</param>
        /// <returns>The records, each a new array.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist (thrown when enumeration starts).</exception>
        /// <exception cref="UnauthorizedAccessException"><paramref name="path"/> is a directory (thrown when enumeration starts).</exception>
        public static IEnumerable<byte[]> ReadAll(string path) => Read(Paths.Full(path, nameof(path)));

        /// <summary>Appends a record and returns once it is on disk (written and flushed, possibly together with other appenders' records).</summary>
        /// <param name="record">The record; at most <see cref="MaxRecordLength"/> bytes (empty is allowed).</param>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="record"/> is longer than <see cref="MaxRecordLength"/>.</exception>
        /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
        /// <exception cref="DurabilityException">Writing or flushing failed, now or before: the record may not be on disk and the log accepts no more appends.</exception>
        public void Append(byte[] record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            CheckLength(record.Length);
            AppendFrame(LogFormat.Frame(record, 0, record.Length));
        }

        /// <summary>Appends a record and completes once it is on disk. The write and flush run on the calling thread when no other append is in progress (no OS offers .NET an asynchronous fsync).</summary>
        /// <param name="record">The record; at most <see cref="MaxRecordLength"/> bytes.</param>
        /// <param name="cancellationToken">Cancels only before the record is queued; a queued record is written.</param>
        /// <returns>A task that completes when the record is durable.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="record"/> is longer than <see cref="MaxRecordLength"/>.</exception>
        /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
        /// <exception cref="DurabilityException">Writing or flushing failed, now or before: the record may not be on disk and the log accepts no more appends.</exception>
        public Task AppendAsync(byte[] record, CancellationToken cancellationToken = default)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            CheckLength(record.Length);
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : AppendFrameAsync(LogFormat.Frame(record, 0, record.Length));
        }

#if NET
        /// <summary>Appends a record and returns once it is on disk (written and flushed, possibly together with other appenders' records).</summary>
        /// <param name="record">The record; at most <see cref="MaxRecordLength"/> bytes (empty is allowed).</param>
        /// <exception cref="ArgumentException"><paramref name="record"/> is longer than <see cref="MaxRecordLength"/>.</exception>
        /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
        /// <exception cref="DurabilityException">Writing or flushing failed, now or before: the record may not be on disk and the log accepts no more appends.</exception>
        public void Append(ReadOnlySpan<byte> record)
        {
            CheckLength(record.Length);
            AppendFrame(LogFormat.Frame(record));
        }

        /// <summary>Appends a record and completes once it is on disk. The write and flush run on the calling thread when no other append is in progress (no OS offers .NET an asynchronous fsync).</summary>
        /// <param name="record">The record; at most <see cref="MaxRecordLength"/> bytes. Copied before this returns.</param>
        /// <param name="cancellationToken">Cancels only before the record is queued; a queued record is written.</param>
        /// <returns>A task that completes when the record is durable.</returns>
        /// <exception cref="ArgumentException"><paramref name="record"/> is longer than <see cref="MaxRecordLength"/>.</exception>
        /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
        /// <exception cref="DurabilityException">Writing or flushing failed, now or before: the record may not be on disk and the log accepts no more appends.</exception>
        public Task AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
        {
            CheckLength(record.Length);
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : AppendFrameAsync(LogFormat.Frame(record.Span));
        }

        /// <summary>Waits for the appends in progress to finish, then closes the file. Later appends throw <see cref="ObjectDisposedException"/>.</summary>
        /// <returns>A task that completes when the file is closed.</returns>
        public async ValueTask DisposeAsync()
        {
            Task? drained = BeginDispose();
            if (drained != null) await drained.ConfigureAwait(false);
            _stream.Dispose();
        }
#endif

        /// <summary>Waits for the appends in progress to finish, then closes the file. Later appends throw <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            BeginDispose()?.GetAwaiter().GetResult();
            _stream.Dispose();
        }

        // Group commit, a leader/follower scheme after LevelDB's DBImpl::Write writer queue and PostgreSQL's XLogFlush (one
        // backend flushes the WAL for every commit that queued behind it): an appender queues its frame; if no batch is
        // in progress it becomes the leader and, on its own thread, takes the whole queue, writes it with one write and one
        // fsync, and completes every appender in it. Appenders arriving meanwhile queue up for the next batch; when the
        // leader is done it hands the turn to the first of them (LevelDB's hand-off), so no thread serves others forever.
        // Alone, an append costs one write and one fsync on the caller's thread, with no thread hop.
        private void AppendFrame(byte[] frame)
        {
            Waiter waiter = Enqueue(frame, out bool lead);
            try
            {
                if (lead || !waiter.Turn.Task.GetAwaiter().GetResult())
                {
                    Lead(waiter);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }

        private async Task AppendFrameAsync(byte[] frame)
        {
            Waiter waiter = Enqueue(frame, out bool lead);
            try
            {
                if (lead || !await waiter.Turn.Task.ConfigureAwait(false))
                {
                    Lead(waiter);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }

        private Waiter Enqueue(byte[] frame, out bool lead)
        {
            var waiter = new Waiter(frame);
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(DurableLog), $"The log '{_path}' is disposed.");
                if (_poison != null) throw Poisoned(_poison);
                _queue.Add(waiter);
                Interlocked.Increment(ref _inside);
                lead = !_leading;
                _leading = true;
            }

            return waiter;
        }

        /// <summary>Writes and syncs every queued frame (the caller's included), completes their appenders, and passes the turn on.</summary>
        private void Lead(Waiter own)
        {
            List<Waiter> batch;
            for (int yields = 0; ; yields++)
            {
                lock (_gate)
                {
                    // Gather, a timer-free form of PostgreSQL's commit_delay: while an appender is inside Append without
                    // its record in the queue (one of the previous batch, woken and on its way out, perhaps to append
                    // again), give it the CPU, so that it joins this batch instead of waiting a whole fsync for the next.
                    // A lone appender never waits here.
                    if (Volatile.Read(ref _inside) <= _queue.Count || yields == MaxGatherYields)
                    {
                        batch = _queue;
                        _queue = _spare;
                        break;
                    }
                }

                Thread.Yield();
            }

            Exception? failure = WriteAndSync(batch);
            lock (_gate)
            {
                if (failure != null)
                {
                    _poison = failure;
                    // Appends queued behind a failure fail too: the log may not be written again until it is reopened.
                    batch.AddRange(_queue);
                    _queue.Clear();
                }

                foreach (Waiter waiter in batch)
                {
                    if (waiter == own) continue;
                    if (failure == null) waiter.Turn.TrySetResult(true);
                    else waiter.Turn.TrySetException(Failed(failure));
                }

                batch.Clear();
                _spare = batch;
                if (_queue.Count > 0)
                {
                    _queue[0].Turn.TrySetResult(false); // the next leader; _leading stays true
                }
                else
                {
                    _leading = false;
                    if (_disposed) _drained?.TrySetResult(true);
                }
            }

            if (failure != null) throw Failed(failure);
        }

        private Exception? WriteAndSync(List<Waiter> batch)
        {
            try
            {
                long length = 0;
                foreach (Waiter waiter in batch) length += waiter.Frame.Length;
                if (batch.Count == 1 || length > MaxBatchBuffer)
                {
                    // A lone frame, or large ones: written one by one, without a copy (still one fsync for them all).
                    foreach (Waiter waiter in batch) _stream.Write(waiter.Frame, 0, waiter.Frame.Length);
                }
                else
                {
                    if (_batchBuffer.Length < length) _batchBuffer = new byte[Math.Min(MaxBatchBuffer, Math.Max(length, 2L * _batchBuffer.Length))];
                    int at = 0;
                    foreach (Waiter waiter in batch)
                    {
                        Buffer.BlockCopy(waiter.Frame, 0, _batchBuffer, at, waiter.Frame.Length);
                        at += waiter.Frame.Length;
                    }

                    _stream.Write(_batchBuffer, 0, at); // one write for the whole batch
                }

                // Our own checked fsync of this descriptor (Flush(true) drops fsync errors on Unix): nobody is told a record
                // is durable before it is; never retried on failure ("fsyncgate": a retry can falsely succeed).
                Platform.FlushToStorage(_stream.SafeFileHandle, _path);
                _durableLength += length;
                return null;
            }
            catch (Exception e)
            {
                try
                {
                    // Best effort: cut off what this batch may have written, so that the file ends with the last durable
                    // record (a full disk then also gets its space back). Nothing acknowledged lies beyond this length.
                    _stream.SetLength(_durableLength);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }

                return e;
            }
        }

        private Task? BeginDispose()
        {
            lock (_gate)
            {
                _disposed = true;
                if (!_leading) return null;
                _drained ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _drained.Task;
            }
        }

        private DurabilityException Failed(Exception failure) => new DurabilityException(
            $"Appending to the log '{_path}' failed: {failure.Message} The record may not be on disk; the log accepts no more appends "
            + "(records acknowledged before are kept: reopen the log once the cause is dealt with).",
            failure,
            failure.HResult);

        private DurabilityException Poisoned(Exception failure) => new DurabilityException(
            $"The log '{_path}' accepts no more appends: an earlier append failed ({failure.Message}). Records acknowledged before "
            + "are kept: reopen the log once the cause is dealt with.",
            failure,
            failure.HResult);

        private static void CheckLength(int length)
        {
            if (length > MaxRecordLength)
            {
                throw new ArgumentException($"The record is {length} bytes; a DurableLog record holds at most {MaxRecordLength} bytes (64 MiB).", "record");
            }
        }

        private static IEnumerable<byte[]> Read(string full)
        {
            using FileStream stream = OpenForReading(full);
            var reader = new LogFormat.Reader(stream, stream.Length);
            for (byte[]? record = reader.Next(); record != null; record = reader.Next())
            {
                yield return record;
            }
        }

        private static FileStream OpenForReading(string full)
        {
            if (Directory.Exists(full)) throw new UnauthorizedAccessException($"Access to the path '{full}' is denied: it is a directory, not a log file.");
            if (Platform.IsWindows) return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            // A plain open(O_RDONLY): .NET would take flock(LOCK_SH), which the writer's exclusive lock refuses.
            int fd = UnixSyscalls.OpenReadOnly(full, out int errno);
            if (fd < 0) throw Errors.FromErrno(errno, "open", full);
            var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
            try
            {
                return new FileStream(handle, FileAccess.Read, 64 * 1024);
            }
            catch
            {
                handle.Dispose(); // closed here, not by the finalizer
                throw;
            }
        }

        private sealed class Waiter
        {
            internal Waiter(byte[] frame) => Frame = frame;

            internal byte[] Frame { get; }

            /// <summary>true: the record is durable; false: this appender leads the next batch; an exception: the append failed.</summary>
            internal TaskCompletionSource<bool> Turn { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
