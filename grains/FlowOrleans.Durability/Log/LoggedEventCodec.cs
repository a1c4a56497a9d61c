using System.Buffers;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The compact binary form of one event in a log frame: receivedAt, ts, a flags byte, then the value and the
/// length-prefixed UTF-8 id, key and type (key and type only when present).
/// </summary>
public static class LoggedEventCodec
{
    private const byte HasValue = 1;
    private const byte HasKey = 2;
    private const byte HasType = 4;

    public static void Write(IBufferWriter<byte> writer, long receivedAt, StreamEvent e)
    {
        BinaryFieldWriter.WriteInt64(writer, receivedAt);
        BinaryFieldWriter.WriteInt64(writer, e.Ts);
        var flags = (byte)((e.Value.HasValue ? HasValue : 0) | (e.Key is not null ? HasKey : 0) | (e.Type is not null ? HasType : 0));
        BinaryFieldWriter.WriteByte(writer, flags);
        if (e.Value is { } value)
        {
            BinaryFieldWriter.WriteDouble(writer, value);
        }

        BinaryFieldWriter.WriteString(writer, e.Id);
        if (e.Key is not null)
        {
            BinaryFieldWriter.WriteString(writer, e.Key);
        }

        if (e.Type is not null)
        {
            BinaryFieldWriter.WriteString(writer, e.Type);
        }
    }

    public static LoggedEvent Read(ref BinaryFieldReader reader, int partition, long offset)
    {
        var receivedAt = reader.ReadInt64();
        var ts = reader.ReadInt64();
        var flags = reader.ReadByte();
        double? value = (flags & HasValue) != 0 ? reader.ReadDouble() : null;
        var id = reader.ReadString();
        var key = (flags & HasKey) != 0 ? reader.ReadString(AsciiStringCache.Shared) : null;
        var type = (flags & HasType) != 0 ? reader.ReadString(AsciiStringCache.Shared) : null;
        return new LoggedEvent(partition, offset, receivedAt, new StreamEvent(id, ts, value, key, type));
    }

    /// <summary>Skips one encoded event without materialising its strings.</summary>
    public static void Skip(ref BinaryFieldReader reader)
    {
        reader.ReadInt64();
        reader.ReadInt64();
        var flags = reader.ReadByte();
        if ((flags & HasValue) != 0)
        {
            reader.ReadDouble();
        }

        SkipString(ref reader);
        if ((flags & HasKey) != 0)
        {
            SkipString(ref reader);
        }

        if ((flags & HasType) != 0)
        {
            SkipString(ref reader);
        }
    }

    private static void SkipString(ref BinaryFieldReader reader) => reader.Skip(checked((int)reader.ReadVarUInt()));
}
