using FlowOrleans.Runtime.AzureStorage.Stream;

namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>
/// One caller's encoded events for one partition, waiting for a batch; completed with the first offset once durable.
/// <see cref="MarkerName"/>, for a part of an idempotent request, is stored with the batch as a <see cref="LogMarker"/>
/// naming exactly these events.
/// </summary>
internal sealed class PartitionAppend(IReadOnlyList<byte[]> events, string? markerName = null, long createdAt = 0)
{
    public IReadOnlyList<byte[]> Events { get; } = events;

    public int Bytes { get; } = events.Sum(e => e.Length + sizeof(int));

    public string? MarkerName { get; } = markerName;

    /// <summary>The marker's creation time (Unix ms), for its expiry with the idempotency retention.</summary>
    public long CreatedAt { get; } = createdAt;

    public TaskCompletionSource<long> FirstOffset { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The marker of these events when they start at <paramref name="index"/> of a batch, or null.</summary>
    public LogMarker? MarkerAt(int index) => MarkerName is null ? null : new LogMarker(MarkerName, index, Events.Count, CreatedAt);
}
