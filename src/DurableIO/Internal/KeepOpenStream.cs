using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DurableIO.Internal
{
    /// <summary>
    /// The stream handed to <see cref="DurableFile.Write"/> callbacks: disposing it (e.g. by a <c>using</c>
    /// StreamWriter) only flushes, so the library can still fsync the descriptor that wrote the data.
    /// </summary>
    internal sealed class KeepOpenStream : Stream
    {
        private readonly FileStream _inner;

        internal KeepOpenStream(FileStream inner) => _inner = inner;

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => _inner.CanSeek;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => _inner.Position = value; }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => _inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override void WriteByte(byte value) => _inner.WriteByte(value);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.WriteAsync(buffer, offset, count, cancellationToken);

#if NET
        public override void Write(System.ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

        public override ValueTask WriteAsync(System.ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(buffer, cancellationToken);
#endif

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Flush();
            base.Dispose(disposing);
        }
    }
}
