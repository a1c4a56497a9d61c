namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>One event read from a partition log.</summary>
/// <param name="Offset">Its position in the partition, from 0.</param>
/// <param name="Payload">The bytes appended.</param>
public readonly record struct LogRecord(long Offset, ReadOnlyMemory<byte> Payload);
