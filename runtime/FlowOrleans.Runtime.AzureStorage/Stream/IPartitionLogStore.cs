namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>
/// A durable, append-only log per stream partition. Offsets start at 0 and have no gaps; one append
/// writes one batch atomically. Events are opaque bytes: the caller serializes them.
/// </summary>
public interface IPartitionLogStore
{
    /// <summary>
    /// Appends <paramref name="events"/> as one batch and returns the offset of the first. With
    /// <paramref name="expectedOffset"/>, the append succeeds only when the log's next offset is that
    /// value (a fence against a stale writer) and throws <see cref="LogOffsetConflictException"/> otherwise.
    /// </summary>
    Task<long> AppendAsync(string partition, IReadOnlyList<ReadOnlyMemory<byte>> events, long? expectedOffset = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends like <see cref="AppendAsync(string, IReadOnlyList{ReadOnlyMemory{byte}}, long?, CancellationToken)"/> and
    /// stores <paramref name="markers"/> in the same atomic write: after a crash, the batch and its markers both exist or
    /// neither does. Throws <see cref="LogMarkerExistsException"/> (and writes nothing) if a marker's name is already stored.
    /// </summary>
    Task<long> AppendAsync(string partition, IReadOnlyList<ReadOnlyMemory<byte>> events, IReadOnlyList<LogMarker> markers, long? expectedOffset = null, CancellationToken cancellationToken = default);

    /// <summary>The stored markers of the partition whose names start with <paramref name="namePrefix"/>, by name.</summary>
    Task<IReadOnlyList<StoredLogMarker>> ReadMarkersAsync(string partition, string namePrefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the partition's markers created before <paramref name="createdBefore"/> (Unix ms); returns how many.</summary>
    Task<int> DeleteMarkersAsync(string partition, long createdBefore, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxRecords"/> events from <paramref name="fromOffset"/> on, in offset order.</summary>
    Task<IReadOnlyList<LogRecord>> ReadAsync(string partition, long fromOffset, int maxRecords, CancellationToken cancellationToken = default);

    /// <summary>The offset the next appended event will get (0 for an empty log).</summary>
    Task<long> GetNextOffsetAsync(string partition, CancellationToken cancellationToken = default);

    /// <summary>Deletes the batches whose events all lie below <paramref name="committedOffset"/>; returns how many batches. Markers stay.</summary>
    Task<int> TruncateAsync(string partition, long committedOffset, CancellationToken cancellationToken = default);
}
