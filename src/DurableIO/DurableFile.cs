using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DurableIO.Internal;

namespace DurableIO
{
    /// <summary>
    /// Crash-safe counterparts of <see cref="File"/>'s write methods, with the same names and parameters.
    /// <c>WriteAll*</c>, <see cref="Write"/> and <see cref="WriteAsync"/> replace the whole file atomically and
    /// durably: after a crash the file holds either the old or the new content, never a mix or nothing. The bytes
    /// written are identical to the <see cref="File"/> method of the same name. A target that is a symbolic link
    /// stays a link; the file it points to is replaced. An existing file's Unix permission bits are kept.
    /// </summary>
    public static class DurableFile
    {
        private const int TextBufferSize = 16384;
        private const int CopyBufferSize = 81920;

        // What File.WriteAllText/AppendAllText use without an encoding: UTF-8, no BOM, throwing on invalid surrogates.
        private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="bytes"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="bytes">The new content.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllBytes(string path, byte[] bytes)
        {
            string full = Paths.Full(path, nameof(path));
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            using var replace = AtomicReplace.Begin(full, bufferSize: 1);
            replace.Stream.Write(bytes, 0, bytes.Length);
            replace.Commit();
        }

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, UTF-8 without BOM.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The new content; null writes an empty file.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllText(string path, string? contents) => WriteAllText(path, contents, Utf8NoBom);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/> in <paramref name="encoding"/> (with its preamble, as File.WriteAllText).</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The new content; null writes only the encoding's preamble.</param>
        /// <param name="encoding">The encoding.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllText(string path, string? contents, Encoding encoding)
        {
            string full = Paths.Full(path, nameof(path));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            using var replace = AtomicReplace.Begin(full, bufferSize: 1);
            using (var writer = new StreamWriter(replace.Stream, encoding, TextBufferSize, leaveOpen: true))
            {
                writer.Write(contents);
            }

            replace.Commit();
        }

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, one line each, ending with <see cref="Environment.NewLine"/>, UTF-8 without BOM.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The lines.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllLines(string path, string[] contents) => WriteAllLines(path, (IEnumerable<string>)contents, Utf8NoBom);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, one line each, in <paramref name="encoding"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The lines.</param>
        /// <param name="encoding">The encoding.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllLines(string path, string[] contents, Encoding encoding) => WriteAllLines(path, (IEnumerable<string>)contents, encoding);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, one line each, UTF-8 without BOM.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The lines; enumerated once, while the temporary file is written.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllLines(string path, IEnumerable<string> contents) => WriteAllLines(path, contents, Utf8NoBom);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, one line each, in <paramref name="encoding"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The lines; enumerated once, while the temporary file is written.</param>
        /// <param name="encoding">The encoding.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllLines(string path, IEnumerable<string> contents, Encoding encoding)
        {
            string full = Paths.Full(path, nameof(path));
            if (contents is null) throw new ArgumentNullException(nameof(contents));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            using var replace = AtomicReplace.Begin(full, bufferSize: 1);
            using (var writer = new StreamWriter(replace.Stream, encoding, TextBufferSize, leaveOpen: true))
            {
                foreach (string line in contents) writer.WriteLine(line);
            }

            replace.Commit();
        }

#if NET
        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="bytes"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="bytes">The new content.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
        {
            string full = Paths.Full(path, nameof(path));
            using var replace = AtomicReplace.Begin(full, bufferSize: 1);
            replace.Stream.Write(bytes);
            replace.Commit();
        }

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, UTF-8 without BOM.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The new content.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllText(string path, ReadOnlySpan<char> contents) => WriteAllText(path, contents, Utf8NoBom);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/> in <paramref name="encoding"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The new content.</param>
        /// <param name="encoding">The encoding.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void WriteAllText(string path, ReadOnlySpan<char> contents, Encoding encoding)
        {
            string full = Paths.Full(path, nameof(path));
            ArgumentNullException.ThrowIfNull(encoding);
            using var replace = AtomicReplace.Begin(full, bufferSize: 1);
            using (var writer = new StreamWriter(replace.Stream, encoding, TextBufferSize, leaveOpen: true))
            {
                writer.Write(contents);
            }

            replace.Commit();
        }

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="bytes"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="bytes">The new content.</param>
        /// <param name="cancellationToken">Cancels the write; the old file is then untouched and no temporary file remains.</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var replace = AtomicReplace.Begin(full, bufferSize: 1);
                await replace.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await replace.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
#endif

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="bytes"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="bytes">The new content.</param>
        /// <param name="cancellationToken">Cancels the write; the old file is then untouched and no temporary file remains.</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var replace = AtomicReplace.Begin(full, bufferSize: 1);
                await replace.Stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await replace.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, UTF-8 without BOM.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The new content; null writes an empty file.</param>
        /// <param name="cancellationToken">Cancels the write; the old file is then untouched and no temporary file remains.</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAllTextAsync(string path, string? contents, CancellationToken cancellationToken = default) =>
            WriteAllTextAsync(path, contents, Utf8NoBom, cancellationToken);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/> in <paramref name="encoding"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The new content; null writes only the encoding's preamble.</param>
        /// <param name="encoding">The encoding.</param>
        /// <param name="cancellationToken">Cancels the write; the old file is then untouched and no temporary file remains.</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAllTextAsync(string path, string? contents, Encoding encoding, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var replace = AtomicReplace.Begin(full, bufferSize: 1);
                using (var writer = new StreamWriter(replace.Stream, encoding, TextBufferSize, leaveOpen: true))
                {
#if NET
                    await writer.WriteAsync(contents.AsMemory(), cancellationToken).ConfigureAwait(false);
#else
                    await writer.WriteAsync(contents).ConfigureAwait(false);
#endif
                    await writer.FlushAsync().ConfigureAwait(false);
                }

                await replace.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, one line each, UTF-8 without BOM.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The lines.</param>
        /// <param name="cancellationToken">Cancels the write (checked between lines); the old file is then untouched and no temporary file remains.</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAllLinesAsync(string path, IEnumerable<string> contents, CancellationToken cancellationToken = default) =>
            WriteAllLinesAsync(path, contents, Utf8NoBom, cancellationToken);

        /// <summary>Atomically and durably replaces (or creates) the file with <paramref name="contents"/>, one line each, in <paramref name="encoding"/>.</summary>
        /// <param name="path">The file to write.</param>
        /// <param name="contents">The lines.</param>
        /// <param name="encoding">The encoding.</param>
        /// <param name="cancellationToken">Cancels the write (checked between lines); the old file is then untouched and no temporary file remains.</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAllLinesAsync(string path, IEnumerable<string> contents, Encoding encoding, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (contents is null) throw new ArgumentNullException(nameof(contents));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var replace = AtomicReplace.Begin(full, bufferSize: 1);
                using (var writer = new StreamWriter(replace.Stream, encoding, TextBufferSize, leaveOpen: true))
                {
                    foreach (string line in contents)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await writer.WriteLineAsync(line).ConfigureAwait(false);
                    }

                    await writer.FlushAsync().ConfigureAwait(false);
                }

                await replace.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Atomically and durably replaces (or creates) the file with what <paramref name="write"/> writes to the stream it
        /// is given (a new temporary file next to the target). If <paramref name="write"/> throws, the old file is untouched
        /// and the temporary file is deleted. Disposing the stream inside the callback is allowed (it only flushes).
        /// </summary>
        /// <param name="path">The file to write.</param>
        /// <param name="write">Writes the whole new content.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static void Write(string path, Action<Stream> write)
        {
            string full = Paths.Full(path, nameof(path));
            if (write is null) throw new ArgumentNullException(nameof(write));
            using var replace = AtomicReplace.Begin(full, bufferSize: 4096);
            write(new KeepOpenStream(replace.Stream));
            replace.Commit();
        }

        /// <summary>
        /// Atomically and durably replaces (or creates) the file with what <paramref name="write"/> writes to the stream it
        /// is given. If <paramref name="write"/> throws or the operation is cancelled, the old file is untouched and the
        /// temporary file is deleted.
        /// </summary>
        /// <param name="path">The file to write.</param>
        /// <param name="write">Writes the whole new content; receives <paramref name="cancellationToken"/>.</param>
        /// <param name="cancellationToken">Cancels the write (honoured up to the rename).</param>
        /// <returns>A task that completes when the new content is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed; the old file is untouched.</exception>
        public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (write is null) throw new ArgumentNullException(nameof(write));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var replace = AtomicReplace.Begin(full, bufferSize: 4096);
                await write(new KeepOpenStream(replace.Stream), cancellationToken).ConfigureAwait(false);
                await replace.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Appends <paramref name="contents"/> (UTF-8, no BOM) and flushes the file to disk; syncs the directory when the file was created.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The text to append.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static void AppendAllText(string path, string? contents) => AppendAllText(path, contents, Utf8NoBom);

        /// <summary>Appends <paramref name="contents"/> in <paramref name="encoding"/> (preamble only into an empty file, as File.AppendAllText) and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The text to append.</param>
        /// <param name="encoding">The encoding.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static void AppendAllText(string path, string? contents, Encoding encoding)
        {
            string full = Paths.Full(path, nameof(path));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            byte[] bytes = encoding.GetBytes(contents ?? string.Empty); // an encoding error surfaces before the file is touched
            using var append = DurableAppend.Open(full);
            append.WriteText(encoding, bytes);
            append.Commit();
        }

        /// <summary>Appends <paramref name="contents"/>, one line each (UTF-8, no BOM), and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The lines.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static void AppendAllLines(string path, IEnumerable<string> contents) => AppendAllLines(path, contents, Utf8NoBom);

        /// <summary>Appends <paramref name="contents"/>, one line each, in <paramref name="encoding"/>, and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The lines.</param>
        /// <param name="encoding">The encoding.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static void AppendAllLines(string path, IEnumerable<string> contents, Encoding encoding)
        {
            string full = Paths.Full(path, nameof(path));
            if (contents is null) throw new ArgumentNullException(nameof(contents));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            using var append = DurableAppend.Open(full);
            using (var writer = new StreamWriter(append.Stream, encoding, TextBufferSize, leaveOpen: true))
            {
                foreach (string line in contents) writer.WriteLine(line);
            }

            append.Commit();
        }

        /// <summary>Appends <paramref name="bytes"/> and flushes the file to disk; syncs the directory when the file was created.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="bytes">The bytes to append.</param>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static void AppendAllBytes(string path, byte[] bytes)
        {
            string full = Paths.Full(path, nameof(path));
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            using var append = DurableAppend.Open(full);
            append.Stream.Write(bytes, 0, bytes.Length);
            append.Commit();
        }

        /// <summary>Appends <paramref name="contents"/> (UTF-8, no BOM) and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The text to append.</param>
        /// <param name="cancellationToken">Cancels the append; the file is then left as it was.</param>
        /// <returns>A task that completes when the appended data is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static Task AppendAllTextAsync(string path, string? contents, CancellationToken cancellationToken = default) =>
            AppendAllTextAsync(path, contents, Utf8NoBom, cancellationToken);

        /// <summary>Appends <paramref name="contents"/> in <paramref name="encoding"/> and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The text to append.</param>
        /// <param name="encoding">The encoding.</param>
        /// <param name="cancellationToken">Cancels the append; the file is then left as it was.</param>
        /// <returns>A task that completes when the appended data is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static Task AppendAllTextAsync(string path, string? contents, Encoding encoding, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                byte[] bytes = encoding.GetBytes(contents ?? string.Empty);
                using var append = DurableAppend.Open(full);
                await append.WriteTextAsync(encoding, bytes, cancellationToken).ConfigureAwait(false);
                await append.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Appends <paramref name="contents"/>, one line each (UTF-8, no BOM), and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The lines.</param>
        /// <param name="cancellationToken">Cancels the append (checked between lines); the file is then left as it was.</param>
        /// <returns>A task that completes when the appended data is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static Task AppendAllLinesAsync(string path, IEnumerable<string> contents, CancellationToken cancellationToken = default) =>
            AppendAllLinesAsync(path, contents, Utf8NoBom, cancellationToken);

        /// <summary>Appends <paramref name="contents"/>, one line each, in <paramref name="encoding"/>, and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="contents">The lines.</param>
        /// <param name="encoding">The encoding.</param>
        /// <param name="cancellationToken">Cancels the append (checked between lines); the file is then left as it was.</param>
        /// <returns>A task that completes when the appended data is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static Task AppendAllLinesAsync(string path, IEnumerable<string> contents, Encoding encoding, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (contents is null) throw new ArgumentNullException(nameof(contents));
            if (encoding is null) throw new ArgumentNullException(nameof(encoding));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var append = DurableAppend.Open(full);
                using (var writer = new StreamWriter(append.Stream, encoding, TextBufferSize, leaveOpen: true))
                {
                    foreach (string line in contents)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await writer.WriteLineAsync(line).ConfigureAwait(false);
                    }

                    await writer.FlushAsync().ConfigureAwait(false);
                }

                await append.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Appends <paramref name="bytes"/> and flushes the file to disk.</summary>
        /// <param name="path">The file to append to; created when missing.</param>
        /// <param name="bytes">The bytes to append.</param>
        /// <param name="cancellationToken">Cancels the append; the file is then left as it was.</param>
        /// <returns>A task that completes when the appended data is durable.</returns>
        /// <exception cref="DurabilityException">Flushing to disk failed. When the file's own flush failed, it is cut back to its old length (removed if the append created it); when only the sync of a new file's directory failed, the file stays.</exception>
        public static Task AppendAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
        {
            string full = Paths.Full(path, nameof(path));
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            return cancellationToken.IsCancellationRequested ? FromCanceled(cancellationToken) : Core();

            async Task Core()
            {
                using var append = DurableAppend.Open(full);
                await append.Stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await append.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Moves a file to a new name that must not exist yet, durably. See <see cref="Move(string, string, bool)"/>.</summary>
        /// <param name="sourceFileName">The file to move.</param>
        /// <param name="destFileName">The new name.</param>
        public static void Move(string sourceFileName, string destFileName) => Move(sourceFileName, destFileName, overwrite: false);

        /// <summary>
        /// Moves a file, durably: flushes the source's data to disk, renames it atomically (never copies: a move to another
        /// file system throws <see cref="IOException"/> and the source stays), then syncs the destination's directory and,
        /// when different, the source's.
        /// </summary>
        /// <param name="sourceFileName">The file to move.</param>
        /// <param name="destFileName">The new name.</param>
        /// <param name="overwrite">Whether to replace an existing <paramref name="destFileName"/> (atomically).</param>
        /// <exception cref="FileNotFoundException">The source does not exist.</exception>
        /// <exception cref="IOException">The destination exists and <paramref name="overwrite"/> is false, or it is on another file system.</exception>
        /// <exception cref="DurabilityException">Flushing to disk failed.</exception>
        public static void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            string source = Paths.Full(sourceFileName, nameof(sourceFileName));
            string destination = Paths.Full(destFileName, nameof(destFileName));
            if (!File.Exists(source)) throw Errors.FileNotFound(source);
            if (Directory.Exists(destination)) throw new IOException($"Cannot move to '{destination}': it is a directory.");
            if (!overwrite && Paths.EntryExists(destination)) throw Errors.AlreadyExists(destination);
            // The source's data must be on disk before the new name points at it (else: empty file after a crash).
            Platform.SyncPath(source, isDirectory: false);
            Platform.Rename(source, destination, overwrite);
            Platform.SyncDirectories(Paths.DirectoryOf(destination), Paths.DirectoryOf(source));
        }

        /// <summary>Replaces <paramref name="destinationFileName"/> with <paramref name="sourceFileName"/> durably. See <see cref="Replace(string, string, string?, bool)"/>.</summary>
        /// <param name="sourceFileName">The file that replaces the destination; it is moved.</param>
        /// <param name="destinationFileName">The file to replace; it must exist.</param>
        /// <param name="destinationBackupFileName">Where to keep the destination's old content, or null.</param>
        public static void Replace(string sourceFileName, string destinationFileName, string? destinationBackupFileName) =>
            Replace(sourceFileName, destinationFileName, destinationBackupFileName, ignoreMetadataErrors: false);

        /// <summary>
        /// Replaces <paramref name="destinationFileName"/> with <paramref name="sourceFileName"/>, as File.Replace, durably:
        /// flushes the source's data to disk, keeps the old destination as <paramref name="destinationBackupFileName"/> (Unix:
        /// a hard link, so the destination never disappears; Windows: a rename just before the replace), renames the source
        /// over the destination atomically, and syncs every directory involved. Never copies.
        /// </summary>
        /// <param name="sourceFileName">The file that replaces the destination; it is moved.</param>
        /// <param name="destinationFileName">The file to replace; it must exist.</param>
        /// <param name="destinationBackupFileName">Where to keep the destination's old content, or null.</param>
        /// <param name="ignoreMetadataErrors">Accepted for compatibility with File.Replace; DurableIO renames and never merges metadata, so there are no metadata errors to ignore.</param>
        /// <exception cref="FileNotFoundException">The source or the destination does not exist.</exception>
        /// <exception cref="DurabilityException">Flushing to disk failed.</exception>
        public static void Replace(string sourceFileName, string destinationFileName, string? destinationBackupFileName, bool ignoreMetadataErrors)
        {
            _ = ignoreMetadataErrors;
            string source = Paths.Full(sourceFileName, nameof(sourceFileName));
            string destination = Paths.Full(destinationFileName, nameof(destinationFileName));
            string? backup = destinationBackupFileName == null ? null : Paths.Full(destinationBackupFileName, nameof(destinationBackupFileName));
            if (!File.Exists(source)) throw Errors.FileNotFound(source);
            if (!File.Exists(destination)) throw Errors.FileNotFound(destination);
            Platform.SyncPath(source, isDirectory: false); // data on disk before the destination's name points at it
            if (backup != null)
            {
                Platform.MakeBackup(destination, backup);
                // The backup's name must be durable before the rename: else a crash can keep the new content and lose the backup.
                Platform.SyncDirectory(Paths.DirectoryOf(backup));
            }

            Platform.Rename(source, destination, replace: true);
            Platform.SyncDirectories(Paths.DirectoryOf(destination), Paths.DirectoryOf(source)); // the backup's directory was synced above
        }

        /// <summary>Copies a file to a new name that must not exist yet, atomically and durably. See <see cref="Copy(string, string, bool)"/>.</summary>
        /// <param name="sourceFileName">The file to copy.</param>
        /// <param name="destFileName">The copy's name.</param>
        public static void Copy(string sourceFileName, string destFileName) => Copy(sourceFileName, destFileName, overwrite: false);

        /// <summary>
        /// Copies a file atomically and durably: the copy is written to a temporary file next to the destination, flushed to
        /// disk and renamed into place, so the destination is never seen half-written. On Unix it gets the source's permission bits.
        /// </summary>
        /// <param name="sourceFileName">The file to copy.</param>
        /// <param name="destFileName">The copy's name.</param>
        /// <param name="overwrite">Whether to replace an existing <paramref name="destFileName"/>.</param>
        /// <exception cref="FileNotFoundException">The source does not exist.</exception>
        /// <exception cref="IOException">The destination exists and <paramref name="overwrite"/> is false.</exception>
        /// <exception cref="DurabilityException">Flushing to disk failed; the destination is untouched.</exception>
        public static void Copy(string sourceFileName, string destFileName, bool overwrite)
        {
            string source = Paths.Full(sourceFileName, nameof(sourceFileName));
            string destination = Paths.Full(destFileName, nameof(destFileName));
            if (!File.Exists(source)) throw Errors.FileNotFound(source);
            if (!overwrite && Paths.EntryExists(destination)) throw Errors.AlreadyExists(destination);
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var replace = AtomicReplace.Begin(destination, bufferSize: 1, modeFrom: source);
            input.CopyTo(replace.Stream, CopyBufferSize);
            replace.Commit(replace: overwrite);
        }

        /// <summary>Deletes a file (no error when it does not exist, as File.Delete) and syncs its directory so the deletion survives a crash.</summary>
        /// <param name="path">The file to delete.</param>
        /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
        /// <exception cref="DurabilityException">Syncing the directory failed.</exception>
        public static void Delete(string path)
        {
            string full = Paths.Full(path, nameof(path));
            File.Delete(full);
            Platform.SyncDirectory(Paths.DirectoryOf(full));
        }

        /// <summary>
        /// Flushes an existing file's data to disk, e.g. one written by other code. On Unix this works with read access
        /// only; on Windows it needs write access (FlushFileBuffers requires it).
        /// </summary>
        /// <param name="path">The file.</param>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="DurabilityException">The flush failed; the data may be lost.</exception>
        public static void Sync(string path)
        {
            string full = Paths.Full(path, nameof(path));
            if (!File.Exists(full)) throw Errors.FileNotFound(full);
            Platform.SyncPath(full, isDirectory: false);
        }

        private static Task FromCanceled(CancellationToken cancellationToken) => Task.FromCanceled(cancellationToken);
    }
}
