using System.Buffers.Binary;
using System.Text;

namespace FlowOrleans.Durability.Codecs;

/// <summary>Reads what <see cref="BinaryFieldWriter"/> wrote. Throws <see cref="InvalidDataException"/> on malformed input.</summary>
public ref struct BinaryFieldReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public byte ReadByte() => Take(1)[0];

    public uint ReadVarUInt()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("Malformed varint.");
    }

    public string ReadString() => Encoding.UTF8.GetString(Take(checked((int)ReadVarUInt())));

    /// <summary>A string that repeats across records (a key, a type): shared through <paramref name="cache"/> when it can be.</summary>
    public string ReadString(AsciiStringCache cache)
    {
        var bytes = Take(checked((int)ReadVarUInt()));
        return cache.GetOrAdd(bytes) ?? Encoding.UTF8.GetString(bytes);
    }

    public void Skip(int count) => Take(count);

    public byte[] ReadBytes() => Take(checked((int)ReadVarUInt())).ToArray();

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _data.Length)
        {
            throw new InvalidDataException("Record ends early.");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
