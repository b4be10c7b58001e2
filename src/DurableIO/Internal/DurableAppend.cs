using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DurableIO.Internal
{
    /// <summary>An append to a file, then a flush to disk of that descriptor, and a directory sync if the file was created.</summary>
    internal sealed class DurableAppend : IDisposable
    {
        private readonly string _path;
        private readonly bool _created;

        private DurableAppend(string path, FileStream stream, bool created)
        {
            _path = path;
            Stream = stream;
            _created = created;
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
                    existing.Seek(0, SeekOrigin.End);
                    return new DurableAppend(fullPath, existing, created: false);
                }
                catch (FileNotFoundException) when (attempt < 3)
                {
                }

                try
                {
                    return new DurableAppend(fullPath, new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1), created: true);
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
            byte[] preamble = Stream.Length == 0 ? encoding.GetPreamble() : Array.Empty<byte>();
            Stream.Write(preamble, 0, preamble.Length);
            Stream.Write(encoded, 0, encoded.Length);
        }

        internal async Task WriteTextAsync(Encoding encoding, byte[] encoded, CancellationToken cancellationToken)
        {
            byte[] preamble = Stream.Length == 0 ? encoding.GetPreamble() : Array.Empty<byte>();
            await Stream.WriteAsync(preamble, 0, preamble.Length, cancellationToken).ConfigureAwait(false);
            await Stream.WriteAsync(encoded, 0, encoded.Length, cancellationToken).ConfigureAwait(false);
        }

        internal void Commit()
        {
            Stream.Flush();
            Platform.FlushToStorage(Stream.SafeFileHandle, _path); // appended data survives a crash
            Stream.Dispose();
            // A new file's name survives a crash only once its directory is synced.
            if (_created) Platform.SyncDirectory(Paths.DirectoryOf(_path));
        }

        internal async Task CommitAsync(CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            Commit();
        }

        public void Dispose() => Stream.Dispose();
    }
}
