using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DurableIO.Internal
{
    /// <summary>
    /// An append to a file, then a flush to disk of that descriptor, and a directory sync if the file was created.
    /// An append that fails or is cancelled before its data is flushed leaves the file as it was: cut back to its old
    /// length, or removed when this append created it. A torn tail left behind would otherwise sit in the middle of the
    /// file once the next append succeeds (a journal whose reader then stops at garbage).
    /// One writer at a time: like .NET's FileMode.Append, the data goes at the end seen at open, not with O_APPEND
    /// (dotnet/runtime#53432); a concurrent appender would overwrite, and a cut-back could cut its data.
    /// </summary>
    internal sealed class DurableAppend : IDisposable
    {
        private readonly string _path;
        private readonly bool _created;
        private readonly long _oldLength;
        private bool _flushed;

        private DurableAppend(string path, FileStream stream, bool created, long oldLength)
        {
            _path = path;
            Stream = stream;
            _created = created;
            _oldLength = oldLength;
        }

        /// <summary>The file, positioned at its end.</summary>
        internal FileStream Stream { get; }

        internal static DurableAppend Open(string fullPath)
        {
            // Open, else create-new: so we know for sure whether this call created the file (its name then needs a directory sync).
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var existing = new FileStream(fullPath, FileMode.Open, FileAccess.Write, FileShare.Read, 1);
                    long end = existing.Seek(0, SeekOrigin.End);
                    return new DurableAppend(fullPath, existing, created: false, oldLength: end);
                }
                catch (FileNotFoundException) when (attempt < 3)
                {
                }

                try
                {
                    return new DurableAppend(fullPath, new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1), created: true, oldLength: 0);
                }
                catch (IOException) when (attempt < 3 && Paths.EntryExists(fullPath))
                {
                    // created by someone else meanwhile: open it
                }
            }
        }

        /// <summary>Writes encoded text, preceded by the encoding's preamble when the file is empty (as StreamWriter and File.AppendAllText do).</summary>
        internal void WriteText(Encoding encoding, byte[] encoded)
        {
            byte[] preamble = _oldLength == 0 ? encoding.GetPreamble() : Array.Empty<byte>();
            Stream.Write(preamble, 0, preamble.Length);
            Stream.Write(encoded, 0, encoded.Length);
        }

        internal async Task WriteTextAsync(Encoding encoding, byte[] encoded, CancellationToken cancellationToken)
        {
            byte[] preamble = _oldLength == 0 ? encoding.GetPreamble() : Array.Empty<byte>();
            await Stream.WriteAsync(preamble, 0, preamble.Length, cancellationToken).ConfigureAwait(false);
            await Stream.WriteAsync(encoded, 0, encoded.Length, cancellationToken).ConfigureAwait(false);
        }

        internal void Commit()
        {
            Stream.Flush();
            Platform.FlushToStorage(Stream.SafeFileHandle, _path); // appended data survives a crash
            _flushed = true;
            Stream.Dispose();
            // A new file's name survives a crash only once its directory is synced.
            if (_created) Platform.SyncDirectory(Paths.DirectoryOf(_path));
        }

        internal async Task CommitAsync(CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Commit();
        }

        public void Dispose()
        {
            if (!_flushed)
            {
                UndoAppend();
            }

            Stream.Dispose();
        }

        /// <summary>Best effort, on the way out of a failure: the failure itself is what the caller sees.</summary>
        private void UndoAppend()
        {
            try
            {
                Stream.SetLength(_oldLength);
                if (_created)
                {
                    Stream.Dispose();
                    File.Delete(_path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
