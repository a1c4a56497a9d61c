using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>An <see cref="IIngestLog"/> in memory, for tests of other layers. Nothing survives the instance.</summary>
public sealed class InMemoryIngestLog : IIngestLog
{
    private readonly List<LoggedEvent>[] _partitions;
    private readonly DataSignal[] _signals;
    private readonly long[] _committed;
    private readonly long[] _readOffsets;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();

    public InMemoryIngestLog(int partitionCount, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        _partitions = Enumerable.Range(0, partitionCount).Select(_ => new List<LoggedEvent>()).ToArray();
        _signals = Enumerable.Range(0, partitionCount).Select(_ => new DataSignal()).ToArray();
        _committed = new long[partitionCount];
        _readOffsets = new long[partitionCount];
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public int PartitionCount => _partitions.Length;

    /// <summary>Always 0: appends complete synchronously.</summary>
    public long PendingEventCount => 0;

    public IReadOnlyList<IdempotencyRecord> RecoveredIdempotencyRecords => [];

    /// <summary>Idempotency records appended so far (the in-memory log keeps them only for inspection).</summary>
    public List<IdempotencyRecord> IdempotencyRecords { get; } = [];

    public ValueTask<IReadOnlyList<long>> AppendAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (partition, _) in events)
        {
            CheckPartition(partition);
        }

        var receivedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var offsets = new long[events.Count];
        var touched = new HashSet<int>();
        lock (_lock)
        {
            for (var i = 0; i < events.Count; i++)
            {
                var (partition, e) = events[i];
                var list = _partitions[partition];
                offsets[i] = list.Count;
                list.Add(new LoggedEvent(partition, list.Count, receivedAt, e));
                touched.Add(partition);
            }

            if (idempotency is not null)
            {
                IdempotencyRecords.Add(idempotency);
            }
        }

        foreach (var partition in touched)
        {
            _signals[partition].Pulse();
        }

        return ValueTask.FromResult<IReadOnlyList<long>>(offsets);
    }

    public ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(int partition, long fromOffset, int maxCount, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        FileIngestLog.AdvanceReadOffset(ref _readOffsets[partition], fromOffset);
        lock (_lock)
        {
            var list = _partitions[partition];
            var start = (int)Math.Clamp(fromOffset, 0, list.Count);
            var count = Math.Clamp(maxCount, 0, list.Count - start);
            return ValueTask.FromResult<IReadOnlyList<LoggedEvent>>(list.GetRange(start, count));
        }
    }

    public long GetEndOffset(int partition)
    {
        CheckPartition(partition);
        lock (_lock)
        {
            return _partitions[partition].Count;
        }
    }

    /// <summary>Always 0: the in-memory log deletes nothing.</summary>
    public long GetStartOffset(int partition)
    {
        CheckPartition(partition);
        return 0;
    }

    public ValueTask WaitForDataAsync(int partition, long offset, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        return _signals[partition].WaitUntilAsync(() => GetEndOffset(partition) > offset, cancellationToken);
    }

    public ValueTask CommitAsync(int partition, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, GetEndOffset(partition));
        lock (_lock)
        {
            _committed[partition] = Math.Max(_committed[partition], offset);
        }

        return ValueTask.CompletedTask;
    }

    public long GetCommittedOffset(int partition)
    {
        CheckPartition(partition);
        lock (_lock)
        {
            return _committed[partition];
        }
    }

    public long GetReadOffset(int partition) =>
        Math.Max(GetCommittedOffset(partition), Math.Min(Volatile.Read(ref _readOffsets[partition]), GetEndOffset(partition)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void CheckPartition(int partition)
    {
        if ((uint)partition >= (uint)_partitions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The log has {_partitions.Length} partitions.");
        }
    }
}
