using System.Buffers.Binary;

namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>Packs a batch of events into one byte array: for each event, a 4-byte little-endian length, then its bytes.</summary>
internal static class LogBatchCodec
{
    public static int EncodedLength(IReadOnlyList<ReadOnlyMemory<byte>> events) =>
        events.Sum(e => sizeof(int) + e.Length);

    public static byte[] Encode(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        var buffer = new byte[EncodedLength(events)];
        var position = 0;
        foreach (var item in events)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(position), item.Length);
            item.Span.CopyTo(buffer.AsSpan(position + sizeof(int)));
            position += sizeof(int) + item.Length;
        }

        return buffer;
    }

    public static List<ReadOnlyMemory<byte>> Decode(byte[] buffer)
    {
        List<ReadOnlyMemory<byte>> events = [];
        var position = 0;
        while (position < buffer.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(position));
            events.Add(buffer.AsMemory(position + sizeof(int), length));
            position += sizeof(int) + length;
        }

        return events;
    }
}
