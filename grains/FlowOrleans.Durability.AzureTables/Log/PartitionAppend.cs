namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>One caller's encoded events for one partition, waiting for a batch; completed with the first offset once durable.</summary>
internal sealed class PartitionAppend(IReadOnlyList<byte[]> events)
{
    public IReadOnlyList<byte[]> Events { get; } = events;

    public int Bytes { get; } = events.Sum(e => e.Length + sizeof(int));

    public TaskCompletionSource<long> FirstOffset { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
