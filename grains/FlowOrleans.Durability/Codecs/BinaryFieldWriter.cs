using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FlowOrleans.Durability.Codecs;

/// <summary>Little-endian primitives, 7-bit varints and length-prefixed UTF-8 strings into an <see cref="IBufferWriter{T}"/>.</summary>
public static class BinaryFieldWriter
{
    public static void WriteInt64(IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteVarUInt(IBufferWriter<byte> writer, uint value)
    {
        var span = writer.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        writer.Advance(i);
    }

    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = writer.GetSpan(max + 5);
        var length = Encoding.UTF8.GetBytes(value, span[5..]);
        var prefix = 0;
        var v = (uint)length;
        while (v >= 0x80)
        {
            span[prefix++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[prefix++] = (byte)v;
        if (prefix != 5)
        {
            span.Slice(5, length).CopyTo(span[prefix..]);
        }

        writer.Advance(prefix + length);
    }

    public static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteVarUInt(writer, (uint)value.Length);
        value.CopyTo(writer.GetSpan(value.Length));
        writer.Advance(value.Length);
    }
}
