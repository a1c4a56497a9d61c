using System.Buffers.Binary;
using System.Text;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Reads the fields of one frame's payload; a field past the end is a malformed frame.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload, FrameType type, Utf8StringCache? strings)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly bool IsAtEnd => _position == _payload.Length;

    public readonly ReadOnlySpan<byte> Rest => _payload[_position..];

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public string ReadString()
    {
        var length = ReadVarInt();
        var utf8 = Take(length);
        return strings is null ? Encoding.UTF8.GetString(utf8) : strings.Get(utf8);
    }

    public readonly void ExpectEnd()
    {
        if (!IsAtEnd)
        {
            throw new InvalidDataException($"Malformed {type} frame: {_payload.Length - _position} bytes left over.");
        }
    }

    private int ReadVarInt()
    {
        var value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value >= 0 ? value : throw Malformed("a negative string length");
            }
        }

        throw Malformed("a string length longer than 5 bytes");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _payload.Length - _position)
        {
            throw Malformed($"it ends {count - (_payload.Length - _position)} bytes early");
        }

        var slice = _payload.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly InvalidDataException Malformed(string what) => new($"Malformed {type} frame: {what}.");
}
