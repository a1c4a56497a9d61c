using System.Buffers;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.Durability.Idempotency;

/// <summary>The binary form of an <see cref="IdempotencyRecord"/> in the log's idempotency journal.</summary>
public static class IdempotencyRecordCodec
{
    public static void Write(IBufferWriter<byte> writer, IdempotencyRecord record)
    {
        BinaryFieldWriter.WriteString(writer, record.Key);
        BinaryFieldWriter.WriteInt64(writer, record.CreatedAt);
        BinaryFieldWriter.WriteBytes(writer, record.Response);
    }

    public static IdempotencyRecord Read(ref BinaryFieldReader reader)
    {
        var key = reader.ReadString();
        var createdAt = reader.ReadInt64();
        var response = reader.ReadBytes();
        return new IdempotencyRecord(key, createdAt, response);
    }
}
