using FlowOrleans.Runtime.AzureStorage.Stream;

namespace FlowOrleans.Durability.AzureTables.Tests.Infrastructure;

/// <summary>
/// The real table store with two faults a test can switch on: appends to the partitions <see cref="Writable"/> refuses
/// fail before they reach the table (what a gateway that dies after some partitions' parts leaves behind), and
/// <see cref="HideMarkers"/> makes marker look-ups find nothing (another gateway's append landing just after the look-up).
/// </summary>
internal sealed class FaultyLogStore(IPartitionLogStore inner) : IPartitionLogStore
{
    public Func<string, bool> Writable { get; init; } = _ => true;

    public bool HideMarkers { get; init; }

    public Task<long> AppendAsync(string partition, IReadOnlyList<ReadOnlyMemory<byte>> events, long? expectedOffset = null, CancellationToken cancellationToken = default) =>
        AppendAsync(partition, events, [], expectedOffset, cancellationToken);

    public Task<long> AppendAsync(string partition, IReadOnlyList<ReadOnlyMemory<byte>> events, IReadOnlyList<LogMarker> markers, long? expectedOffset = null, CancellationToken cancellationToken = default) =>
        Writable(partition)
            ? inner.AppendAsync(partition, events, markers, expectedOffset, cancellationToken)
            : throw new IOException($"the gateway died before appending to {partition}");

    public Task<IReadOnlyList<LogRecord>> ReadAsync(string partition, long fromOffset, int maxRecords, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(partition, fromOffset, maxRecords, cancellationToken);

    public Task<long> GetNextOffsetAsync(string partition, CancellationToken cancellationToken = default) =>
        inner.GetNextOffsetAsync(partition, cancellationToken);

    public Task<int> TruncateAsync(string partition, long committedOffset, CancellationToken cancellationToken = default) =>
        inner.TruncateAsync(partition, committedOffset, cancellationToken);

    public async Task<IReadOnlyList<StoredLogMarker>> ReadMarkersAsync(string partition, string namePrefix, CancellationToken cancellationToken = default) =>
        HideMarkers && namePrefix.EndsWith('-') ? [] : await inner.ReadMarkersAsync(partition, namePrefix, cancellationToken);

    public Task<int> DeleteMarkersAsync(string partition, long createdBefore, CancellationToken cancellationToken = default) =>
        inner.DeleteMarkersAsync(partition, createdBefore, cancellationToken);
}
