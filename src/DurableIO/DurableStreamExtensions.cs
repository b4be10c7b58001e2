using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Internal;
using Microsoft.Win32.SafeHandles;

namespace DurableIO
{
    /// <summary>
    /// <c>FlushToDisk</c>: flush every buffer above a file (writer, BufferedStream, FileStream), then flush the file itself
    /// to disk, checking the result. Unlike <c>FileStream.Flush(true)</c>, a failure throws (on Linux and macOS .NET drops
    /// it) and it is correct on .NET 6/7 (whose <c>Flush(true)</c> skips the disk flush when the buffer held data).
    /// The <see cref="SafeFileHandle"/> overloads flush a file written through its handle (<c>File.OpenHandle</c> +
    /// <c>RandomAccess.Write</c>), which has no buffer of its own.
    /// </summary>
    public static class DurableStreamExtensions
    {
        /// <summary>Flushes the stream's buffer and then the file to disk.</summary>
        /// <param name="stream">The file stream.</param>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static void FlushToDisk(this FileStream stream) => FlushChain(stream ?? throw new ArgumentNullException(nameof(stream)), nameof(FileStream));

        /// <summary>Flushes the writer (and its encoder), every stream below it, and then the file to disk.</summary>
        /// <param name="writer">A writer over a <see cref="FileStream"/> (possibly through a <see cref="BufferedStream"/>).</param>
        /// <exception cref="NotSupportedException">No file is underneath (thrown after flushing the writer).</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static void FlushToDisk(this StreamWriter writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            writer.Flush();
            FlushChain(writer.BaseStream, nameof(StreamWriter));
        }

        /// <summary>Flushes the writer, every stream below it, and then the file to disk.</summary>
        /// <param name="writer">A writer over a <see cref="FileStream"/> (possibly through a <see cref="BufferedStream"/>).</param>
        /// <exception cref="NotSupportedException">No file is underneath (thrown after flushing the writer).</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static void FlushToDisk(this BinaryWriter writer)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            writer.Flush();
            FlushChain(writer.BaseStream, nameof(BinaryWriter));
        }

        /// <summary>Flushes the buffered stream, every stream below it, and then the file to disk.</summary>
        /// <param name="stream">A buffered stream over a <see cref="FileStream"/>.</param>
        /// <exception cref="NotSupportedException">No file is underneath (thrown after flushing the buffer).</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static void FlushToDisk(this BufferedStream stream) => FlushChain(stream ?? throw new ArgumentNullException(nameof(stream)), nameof(BufferedStream));

        /// <summary>Asynchronously flushes the stream's buffer, then flushes the file to disk (the disk flush itself is synchronous: no OS API offers an asynchronous one to .NET).</summary>
        /// <param name="stream">The file stream.</param>
        /// <param name="cancellationToken">Cancels before the disk flush starts.</param>
        /// <returns>A task that completes when the data is on disk.</returns>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static Task FlushToDiskAsync(this FileStream stream, CancellationToken cancellationToken = default) =>
            FlushChainAsync(stream ?? throw new ArgumentNullException(nameof(stream)), nameof(FileStream), cancellationToken);

        /// <summary>Asynchronously flushes the writer and every stream below it, then flushes the file to disk.</summary>
        /// <param name="writer">A writer over a <see cref="FileStream"/>.</param>
        /// <param name="cancellationToken">Cancels before the disk flush starts.</param>
        /// <returns>A task that completes when the data is on disk.</returns>
        /// <exception cref="NotSupportedException">No file is underneath (thrown after flushing the writer).</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static Task FlushToDiskAsync(this StreamWriter writer, CancellationToken cancellationToken = default)
        {
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            return Core();

            async Task Core()
            {
#if NET
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
#else
                cancellationToken.ThrowIfCancellationRequested();
                await writer.FlushAsync().ConfigureAwait(false);
#endif
                await FlushChainAsync(writer.BaseStream, nameof(StreamWriter), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Asynchronously flushes every stream below the writer (a BinaryWriter keeps no buffer of its own), then flushes the file to disk.</summary>
        /// <param name="writer">A writer over a <see cref="FileStream"/>.</param>
        /// <param name="cancellationToken">Cancels before the disk flush starts.</param>
        /// <returns>A task that completes when the data is on disk.</returns>
        /// <exception cref="NotSupportedException">No file is underneath (thrown after flushing the writer).</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static Task FlushToDiskAsync(this BinaryWriter writer, CancellationToken cancellationToken = default) =>
            FlushChainAsync((writer ?? throw new ArgumentNullException(nameof(writer))).BaseStream, nameof(BinaryWriter), cancellationToken);

        /// <summary>Asynchronously flushes the buffered stream and every stream below it, then flushes the file to disk.</summary>
        /// <param name="stream">A buffered stream over a <see cref="FileStream"/>.</param>
        /// <param name="cancellationToken">Cancels before the disk flush starts.</param>
        /// <returns>A task that completes when the data is on disk.</returns>
        /// <exception cref="NotSupportedException">No file is underneath (thrown after flushing the buffer).</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static Task FlushToDiskAsync(this BufferedStream stream, CancellationToken cancellationToken = default) =>
            FlushChainAsync(stream ?? throw new ArgumentNullException(nameof(stream)), nameof(BufferedStream), cancellationToken);

        /// <summary>
        /// Flushes to disk what was written through <paramref name="handle"/> (for example with <c>RandomAccess.Write</c> on a
        /// handle from <c>File.OpenHandle</c>): <c>fsync</c> of that descriptor (<c>F_FULLFSYNC</c> on macOS,
        /// <c>FlushFileBuffers</c> on Windows), its result checked.
        /// </summary>
        /// <param name="handle">An open file handle (read access is enough on Unix).</param>
        /// <exception cref="ArgumentException">The handle is invalid.</exception>
        /// <exception cref="ObjectDisposedException">The handle is closed.</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static void FlushToDisk(this SafeFileHandle handle)
        {
            CheckHandle(handle);
            // Same descriptor the data was written through: Linux reports a writeback error only to descriptors open then.
            Platform.FlushToStorage(handle, HandleName(handle));
        }

        /// <summary>
        /// Flushes to disk what was written through <paramref name="handle"/>, like <see cref="FlushToDisk(SafeFileHandle)"/>
        /// (the flush itself runs synchronously on the calling thread: no OS API offers an asynchronous one to .NET).
        /// </summary>
        /// <param name="handle">An open file handle (read access is enough on Unix).</param>
        /// <param name="cancellationToken">Cancels before the disk flush starts.</param>
        /// <returns>A task that completes when the data is on disk.</returns>
        /// <exception cref="ArgumentException">The handle is invalid.</exception>
        /// <exception cref="ObjectDisposedException">The handle is closed.</exception>
        /// <exception cref="DurabilityException">The flush to disk failed; the data may be lost. Do not retry.</exception>
        public static Task FlushToDiskAsync(this SafeFileHandle handle, CancellationToken cancellationToken = default)
        {
            CheckHandle(handle);
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
            try
            {
                Platform.FlushToStorage(handle, HandleName(handle));
                return Task.CompletedTask;
            }
            catch (IOException e)
            {
                return Task.FromException(e);
            }
        }

        private static void CheckHandle(SafeFileHandle handle)
        {
            if (handle is null) throw new ArgumentNullException(nameof(handle));
            if (handle.IsClosed) throw new ObjectDisposedException(nameof(SafeFileHandle), "The file handle is closed.");
            if (handle.IsInvalid) throw new ArgumentException("The file handle is invalid.", nameof(handle));
        }

        private static string HandleName(SafeFileHandle handle) => "file handle " + handle.DangerousGetHandle().ToString();

        private static void FlushChain(Stream stream, string owner)
        {
            for (Stream? current = stream; ; current = Below(current, owner))
            {
                current.Flush();
                if (current is FileStream file)
                {
                    // Our own checked fsync, never Flush(true): on Unix .NET drops its error (see docs/dotnet-io-facts.md §1.3).
                    Platform.FlushToStorage(file.SafeFileHandle, file.Name);
                    return;
                }
            }
        }

        private static async Task FlushChainAsync(Stream stream, string owner, CancellationToken cancellationToken)
        {
            for (Stream? current = stream; ; current = Below(current, owner))
            {
                await current.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (current is FileStream file)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Platform.FlushToStorage(file.SafeFileHandle, file.Name);
                    return;
                }
            }
        }

        /// <summary>The stream under a BufferedStream; anything else has no file we can reach.</summary>
        private static Stream Below(Stream stream, string owner)
        {
            Stream? inner = null;
            if (stream is BufferedStream buffered)
            {
#if NET
                inner = buffered.UnderlyingStream;
#else
                // netstandard2.0 lacks BufferedStream.UnderlyingStream; .NET Core has it, .NET Framework keeps it in `_stream`.
                var type = typeof(BufferedStream);
                inner = (type.GetProperty("UnderlyingStream")?.GetValue(buffered) ?? type.GetField("_stream", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.GetValue(buffered)) as Stream;
#endif
            }

            return inner ?? throw new NotSupportedException(
                $"The {owner} is not backed by a FileStream (it writes to a {stream.GetType().Name}): its buffers were flushed, but there is no file to flush to disk.");
        }
    }
}
