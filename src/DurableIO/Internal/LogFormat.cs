using System;
using System.IO;

namespace DurableIO.Internal
{
    /// <summary>
    /// The record framing of <see cref="DurableLog"/>. The file is a sequence of frames, with no file header:
    /// <code>
    /// offset 0  uint32 little-endian  length of the payload, 0 to MaxRecordLength (64 MiB)
    /// offset 4  uint32 little-endian  CRC-32C of bytes 0-3 (the length) followed by the payload
    /// offset 8  payload               length bytes
    /// </code>
    /// A reader stops at the first frame that is incomplete (the file ends inside it), has an impossible length, or
    /// fails its checksum: that frame and everything after it are the torn tail of an interrupted append. The checksum
    /// covers the length, so a damaged length is caught too; an all-zero frame (a crash can leave zeroes where a file
    /// grew) is never valid, because the CRC-32C of four zero bytes is not zero.
    /// </summary>
    internal static class LogFormat
    {
        internal const int HeaderSize = 8;

        /// <summary>Builds a frame around <paramref name="count"/> bytes of <paramref name="record"/> from <paramref name="offset"/>.</summary>
        internal static byte[] Frame(byte[] record, int offset, int count)
        {
            var frame = new byte[HeaderSize + count];
            WriteUInt32(frame, 0, (uint)count);
            Buffer.BlockCopy(record, offset, frame, HeaderSize, count);
            WriteUInt32(frame, 4, Checksum(frame, count));
            return frame;
        }

#if NET
        /// <summary>Builds a frame around <paramref name="record"/>.</summary>
        internal static byte[] Frame(ReadOnlySpan<byte> record)
        {
            var frame = new byte[HeaderSize + record.Length];
            WriteUInt32(frame, 0, (uint)record.Length);
            record.CopyTo(frame.AsSpan(HeaderSize));
            WriteUInt32(frame, 4, Checksum(frame, record.Length));
            return frame;
        }
#endif

        /// <summary>The checksum of a frame's length field and its <paramref name="count"/> payload bytes (at <see cref="HeaderSize"/>).</summary>
        private static uint Checksum(byte[] frame, int count) =>
            Crc32C.Finish(Crc32C.Update(Crc32C.Update(Crc32C.Initial, frame, 0, 4), frame, HeaderSize, count));

        private static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        private static uint ReadUInt32(byte[] buffer, int offset) =>
            buffer[offset] | ((uint)buffer[offset + 1] << 8) | ((uint)buffer[offset + 2] << 16) | ((uint)buffer[offset + 3] << 24);

        /// <summary>Reads whole, valid records from the start of a stream of known length, and where the valid part ends.</summary>
        internal sealed class Reader
        {
            private readonly Stream _stream;
            private readonly long _length;
            private readonly byte[] _header = new byte[HeaderSize];

            internal Reader(Stream stream, long length)
            {
                _stream = stream;
                _length = length;
            }

            /// <summary>The end of the last valid record read so far: where the next append goes after recovery.</summary>
            internal long ValidEnd { get; private set; }

            /// <summary>The next record, or null at the end of the file or at the first torn or corrupt frame.</summary>
            internal byte[]? Next()
            {
                long left = _length - ValidEnd;
                if (left < HeaderSize || !ReadFully(_header, HeaderSize)) return null;
                uint length = ReadUInt32(_header, 0);
                // Checked before allocating: a torn length must not make us allocate 4 GiB.
                if (length > DurableLog.MaxRecordLength || length > left - HeaderSize) return null;
                var record = new byte[length];
                if (!ReadFully(record, (int)length)) return null;
                uint actual = Crc32C.Finish(Crc32C.Update(Crc32C.Update(Crc32C.Initial, _header, 0, 4), record, 0, record.Length));
                if (actual != ReadUInt32(_header, 4)) return null;
                ValidEnd += HeaderSize + length;
                return record;
            }

            private bool ReadFully(byte[] buffer, int count)
            {
                for (int done = 0; done < count;)
                {
                    int n = _stream.Read(buffer, done, count - done);
                    if (n == 0) return false;
                    done += n;
                }

                return true;
            }
        }
    }
}
