using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>
/// Stores a byte payload in binary properties <c>Data0</c>, <c>Data1</c>, ... of one entity, because
/// Azure Table caps a binary property at 64 KiB. Like Orleans' table provider, at most
/// <see cref="MaxProperties"/> of them are used, which keeps the entity under the 1 MiB entity limit
/// with room for keys and other properties.
/// </summary>
public static class SplitDataProperties
{
    /// <summary>The largest binary property Azure Table stores: 64 KiB.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>How many data properties one entity may carry.</summary>
    public const int MaxProperties = 15;

    /// <summary>The largest payload one entity can hold: 960 KiB.</summary>
    public const int MaxPayloadBytes = MaxPropertyBytes * MaxProperties;

    private const string Prefix = "Data";

    /// <summary>Writes <paramref name="payload"/> into <paramref name="properties"/>. The caller checks <see cref="MaxPayloadBytes"/> first.</summary>
    public static void Write(IDictionary<string, EntityProperty> properties, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"At most {MaxPayloadBytes} bytes fit in one entity.");
        }

        var index = 0;
        for (var offset = 0; offset < payload.Length || index == 0; offset += MaxPropertyBytes)
        {
            var chunk = payload.Slice(offset, Math.Min(MaxPropertyBytes, payload.Length - offset));
            properties[Prefix + index] = EntityProperty.GeneratePropertyForByteArray(chunk.ToArray());
            index++;
        }
    }

    /// <summary>Reads the payload back: <c>Data0</c>, <c>Data1</c>, ... until one is missing.</summary>
    public static byte[] Read(IDictionary<string, EntityProperty> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        List<byte[]> chunks = [];
        while (properties.TryGetValue(Prefix + chunks.Count, out var property) && property.BinaryValue is { } bytes)
        {
            chunks.Add(bytes);
        }

        var result = new byte[chunks.Sum(c => c.Length)];
        var position = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, position);
            position += chunk.Length;
        }

        return result;
    }
}
