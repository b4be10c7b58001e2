using System;
#if NET
using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace DurableIO.Internal
{
    /// <summary>
    /// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF; the checksum of
    /// iSCSI, ext4 metadata, LevelDB and RocksDB). Table-driven, with the CPU's CRC32C instruction on net8.0 when present.
    /// Check value: CRC-32C("123456789") = 0xE3069283.
    /// </summary>
    internal static class Crc32C
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>Starts a checksum.</summary>
        internal const uint Initial = 0xFFFFFFFF;

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to a running (un-finalised) checksum.</summary>
        internal static uint Update(uint crc, byte[] data, int offset, int count)
        {
#if NET
            return Update(crc, new ReadOnlySpan<byte>(data, offset, count));
#else
            for (int i = offset; i < offset + count; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc;
#endif
        }

#if NET
        /// <summary>Adds <paramref name="data"/> to a running (un-finalised) checksum.</summary>
        internal static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            if (Sse42.X64.IsSupported)
            {
                for (; data.Length >= 8; data = data.Slice(8)) crc = (uint)Sse42.X64.Crc32(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                foreach (byte b in data) crc = Sse42.Crc32(crc, b);
                return crc;
            }

            if (Crc32.Arm64.IsSupported)
            {
                for (; data.Length >= 8; data = data.Slice(8)) crc = Crc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                foreach (byte b in data) crc = Crc32.ComputeCrc32C(crc, b);
                return crc;
            }

            foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }
#endif

        /// <summary>The final checksum of a running one.</summary>
        internal static uint Finish(uint crc) => crc ^ 0xFFFFFFFF;

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1;
                table[i] = c;
            }

            return table;
        }
    }
}
