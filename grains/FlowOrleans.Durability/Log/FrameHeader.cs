using System.Buffers.Binary;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The 36-byte header of one frame in a segment file (little-endian): magic, payload length, CRC-32 over
/// everything after the CRC field (rest of header + payload), group-commit number, number of frames that
/// group wrote across all streams, offset of the first record, record count. A frame holds the records one
/// group commit appended to one stream.
/// </summary>
public readonly record struct FrameHeader(int PayloadLength, ulong Group, int GroupFrames, long FirstOffset, int Count)
{
    public const int Size = 36;
    public const uint Magic = 0x474F4C46; // "FLOG"

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="frame"/> and seals the CRC.</summary>
    public void WriteTo(Span<byte> frame)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(frame[4..], PayloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[12..], Group);
        BinaryPrimitives.WriteInt32LittleEndian(frame[20..], GroupFrames);
        BinaryPrimitives.WriteInt64LittleEndian(frame[24..], FirstOffset);
        BinaryPrimitives.WriteInt32LittleEndian(frame[32..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], Crc32.Compute(frame[12..(Size + PayloadLength)]));
    }

    /// <summary>Parses a header; false when the bytes are not a plausible header (torn, zeroed, garbage).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out FrameHeader header, out uint crc)
    {
        header = default;
        crc = 0;
        if (bytes.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var groupFrames = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[32..]);
        if (length < 0 || groupFrames <= 0 || count < 0)
        {
            return false;
        }

        crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        header = new FrameHeader(
            length,
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[12..]),
            groupFrames,
            BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]),
            count);
        return true;
    }

    /// <summary>True when <paramref name="frame"/> (header + payload) carries the CRC its header claims.</summary>
    public static bool CrcMatches(ReadOnlySpan<byte> frame, uint crc) => Crc32.Compute(frame[12..]) == crc;
}
