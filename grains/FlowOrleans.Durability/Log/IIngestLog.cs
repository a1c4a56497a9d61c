using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The partitioned, durable ingest log. Offsets are per partition, dense, start at 0 and survive restarts.
/// Implementations: <see cref="FileIngestLog"/> (segment files, group commit), <see cref="InMemoryIngestLog"/> (tests);
/// the cluster mode adds a table-backed one.
/// </summary>
public interface IIngestLog : IAsyncDisposable
{
    int PartitionCount { get; }

    /// <summary>Events queued for the next group commits and not yet durable: a back-pressure signal (answer 429 above a limit).</summary>
    long PendingEventCount { get; }

    /// <summary>
    /// Appends events (each with the partition the caller chose) and returns their offsets, in input order, only once
    /// they are durable. <paramref name="idempotency"/>, when given, is made durable in the same commit as the events, so
    /// after a crash both or neither exist. Cancellation only takes effect before the batch is queued.
    /// </summary>
    ValueTask<IReadOnlyList<long>> AppendAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an idempotent request's events with its record, as <see cref="AppendAsync"/> does, and returns how many of
    /// the events this call appended. That is fewer than all when an earlier attempt of the same request had already
    /// stored some of its parts and died before its record (the cluster log finds them by their markers and appends only
    /// the rest). A log that makes a request's events and record durable together (the file log) appends them all.
    /// </summary>
    async ValueTask<int> AppendIdempotentAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord idempotency,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotency);
        await AppendAsync(events, idempotency, cancellationToken).ConfigureAwait(false);
        return events.Count;
    }

    /// <summary>Up to <paramref name="maxCount"/> durable events from <paramref name="fromOffset"/> on (from the oldest retained one if it was deleted).</summary>
    ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(int partition, long fromOffset, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The offset the next appended event of the partition gets (= number of events ever appended).</summary>
    long GetEndOffset(int partition);

    /// <summary>The oldest offset still stored (segments wholly below the committed offset are deleted).</summary>
    long GetStartOffset(int partition);

    /// <summary>Completes once the partition holds a durable event at <paramref name="offset"/> (end offset &gt; offset).</summary>
    ValueTask WaitForDataAsync(int partition, long offset, CancellationToken cancellationToken = default);

    /// <summary>Records durably that everything below <paramref name="offset"/> is checkpointed downstream; older segments may go.</summary>
    ValueTask CommitAsync(int partition, long offset, CancellationToken cancellationToken = default);

    /// <summary>The last committed offset (0 if none), also after a restart.</summary>
    long GetCommittedOffset(int partition);

    /// <summary>
    /// Where the partition's reader in this process stands: the furthest <c>fromOffset</c> it has read from, so everything
    /// below has been processed (a partition has one reader, reading in order). Never below the committed offset. A log
    /// whose readers run in other processes (the cluster's gateway) knows only the committed offset.
    /// </summary>
    long GetReadOffset(int partition) => GetCommittedOffset(partition);

    /// <summary>Why the log stopped taking appends for good (a failed fsync), or null while it works.</summary>
    Exception? Failure => null;

    /// <summary>The unexpired idempotency records found when the log was opened (seed an <see cref="IdempotencyStore"/> with them).</summary>
    IReadOnlyList<IdempotencyRecord> RecoveredIdempotencyRecords { get; }
}
