using System.Globalization;
using FlowOrleans.Durability.AzureTables.Idempotency;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Runtime.AzureStorage.Stream;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>
/// The cluster's ingest log in Azure Table storage, shared by the gateway (which appends) and the silos (whose
/// partition grains read and commit). Partition <c>N</c> is the <see cref="AzureTableLogStore"/> partition <c>pN</c>:
/// one entity per batch, offsets assigned by a fenced compare-and-swap on the partition's head row. Concurrent appends
/// to a partition share one entity (<see cref="PartitionAppender"/>). Committed offsets live in their own table
/// (<see cref="CommittedOffsetTable"/>) and batches wholly below them are deleted. Another process's appends and
/// commits are seen by polling the head rows, every <see cref="AzureTableIngestLogOptions.MinPollInterval"/> while
/// things change and backing off to <see cref="AzureTableIngestLogOptions.MaxPollInterval"/> while they do not;
/// appends made in this process wake waiting readers at once. An idempotent request's parts carry markers
/// (<see cref="IdempotentParts"/>), kept for the idempotency retention, so its repeat after a crash appends only what is missing.
/// </summary>
public sealed class AzureTableIngestLog : IIngestLog
{
    private readonly AzureTableIngestLogOptions _options;
    private readonly IPartitionLogStore _store;
    private readonly CommittedOffsetTable _committedTable;
    private readonly IdempotencyTable _idempotency;
    private readonly PartitionAppender[] _appenders;
    private readonly DataSignal[] _signals;
    private readonly long[] _end;
    private readonly long[] _committed;
    private readonly long[] _start;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _poller;
    private long _pendingEvents;
    private long _lastIdempotencyCleanup;

    private AzureTableIngestLog(
        AzureTableIngestLogOptions options, IPartitionLogStore store, CommittedOffsetTable committedTable, IdempotencyTable idempotency,
        long[] end, long[] committed, long[] start, List<IdempotencyRecord> recovered)
    {
        _options = options;
        _store = store;
        _committedTable = committedTable;
        _idempotency = idempotency;
        _end = end;
        _committed = committed;
        _start = start;
        RecoveredIdempotencyRecords = recovered;
        _signals = end.Select(_ => new DataSignal()).ToArray();
        _appenders = end.Select((next, p) => new PartitionAppender(store, PartitionName(p), next, options, offset => Published(p, offset))).ToArray();
        _lastIdempotencyCleanup = Now;
        _poller = Task.Run(PollAsync);
    }

    public int PartitionCount => _end.Length;

    public long PendingEventCount => Interlocked.Read(ref _pendingEvents);

    public IReadOnlyList<IdempotencyRecord> RecoveredIdempotencyRecords { get; }

    /// <summary>The log store's name of partition <paramref name="partition"/>.</summary>
    public static string PartitionName(int partition) => "p" + partition.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Opens the log: creates the tables on first use, pins (or checks) the partition count, and reads each partition's
    /// end, start and committed offset and the unexpired idempotency records.
    /// </summary>
    public static Task<AzureTableIngestLog> OpenAsync(AzureTableIngestLogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureTableIngestLogOptionsValidator.ThrowIfInvalid(options);
        return OpenAsync(options, new AzureTableLogStore(AzureTableIngestLogOptionsValidator.StoreOptions(options)), cancellationToken);
    }

    /// <summary>Opens the log on <paramref name="store"/> (tests wrap the table store to fail at a chosen point).</summary>
    internal static async Task<AzureTableIngestLog> OpenAsync(AzureTableIngestLogOptions options, IPartitionLogStore store, CancellationToken cancellationToken)
    {
        AzureTableIngestLogOptionsValidator.ThrowIfInvalid(options);
        var committedTable = new CommittedOffsetTable(options.ConnectionString, options.CommittedTableName);
        var idempotency = new IdempotencyTable(options.ConnectionString, options.IdempotencyTableName);
        await committedTable.EnsurePartitionCountAsync(options.PartitionCount, cancellationToken).ConfigureAwait(false);
        var partitions = Enumerable.Range(0, options.PartitionCount).ToArray();
        var end = await Task.WhenAll(partitions.Select(p => store.GetNextOffsetAsync(PartitionName(p), cancellationToken))).ConfigureAwait(false);
        var start = await Task.WhenAll(partitions.Select(p => FirstStoredOffsetAsync(store, p, end[p], cancellationToken))).ConfigureAwait(false);
        var committed = await committedTable.LoadAsync(options.PartitionCount, cancellationToken).ConfigureAwait(false);
        var cutoff = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.IdempotencyRetention.TotalMilliseconds;
        var recovered = await idempotency.LoadAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return new AzureTableIngestLog(options, store, committedTable, idempotency, end, committed, start, recovered);
    }

    /// <summary>
    /// Appends the request's parts (<see cref="AppendPartsAsync"/>), then, for an idempotent request, its record. Not
    /// atomic across partitions, but a repeat of an idempotent request that died before its record appends only the parts
    /// that are missing.
    /// </summary>
    public async ValueTask<IReadOnlyList<long>> AppendAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default) =>
        (await AppendWithRecordAsync(events, idempotency, cancellationToken).ConfigureAwait(false)).Offsets;

    /// <summary>
    /// Appends like <see cref="AppendAsync"/> and returns how many events this call appended: the parts an earlier attempt
    /// of the same key left in the log (found by their markers), or that another gateway appended meanwhile, are not counted.
    /// </summary>
    public async ValueTask<int> AppendIdempotentAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord idempotency,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotency);
        return (await AppendWithRecordAsync(events, idempotency, cancellationToken).ConfigureAwait(false)).Appended;
    }

    private async Task<(IReadOnlyList<long> Offsets, int Appended)> AppendWithRecordAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency,
        CancellationToken cancellationToken)
    {
        var stored = await StorePartsAsync(events, idempotency, cancellationToken).ConfigureAwait(false);
        if (idempotency is not null)
        {
            await _idempotency.WriteAsync(idempotency, CancellationToken.None).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>
    /// Appends the request's events, one part per partition and batch, and returns their offsets; a gateway that dies
    /// here leaves some parts in the log and no record. With <paramref name="idempotency"/>, each part carries its
    /// <see cref="IdempotentParts"/> marker, and the parts an earlier attempt of the same key left are found by theirs:
    /// their events keep the offsets they got then and are not appended again.
    /// </summary>
    internal async ValueTask<IReadOnlyList<long>> AppendPartsAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency,
        CancellationToken cancellationToken) =>
        (await StorePartsAsync(events, idempotency, cancellationToken).ConfigureAwait(false)).Offsets;

    /// <summary><see cref="AppendPartsAsync"/>, and how many of the events it appended (not found already stored).</summary>
    private async Task<(IReadOnlyList<long> Offsets, int Appended)> StorePartsAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(events);
        var byPartition = new List<int>?[PartitionCount];
        for (var i = 0; i < events.Count; i++)
        {
            var (partition, e) = events[i];
            CheckPartition(partition);
            ArgumentNullException.ThrowIfNull(e);
            (byPartition[partition] ??= []).Add(i);
        }

        if (idempotency is not null && idempotency.Response.Length > IdempotencyTable.MaxResponseBytes)
        {
            throw new ArgumentException($"An idempotent response may hold at most {IdempotencyTable.MaxResponseBytes} bytes in the table log; this one has {idempotency.Response.Length}.", nameof(idempotency));
        }

        var offsets = new long[events.Count];
        var stored = idempotency is null ? null : await StoredPartsAsync(byPartition, idempotency.Key, cancellationToken).ConfigureAwait(false);
        var receivedAt = Now;
        var parts = new List<(int Partition, List<int> Indexes, string? Marker, Task<long> First)>();
        var appended = 0;
        Interlocked.Add(ref _pendingEvents, events.Count);
        try
        {
            for (var p = 0; p < byPartition.Length; p++)
            {
                if (byPartition[p] is not { } indexes)
                {
                    continue;
                }

                var missing = stored is null ? [(0, indexes.Count)] : IdempotentParts.Missing(stored[p], indexes, offsets);
                foreach (var (start, count) in missing)
                {
                    foreach (var chunk in Chunk(indexes.GetRange(start, count), events, receivedAt))
                    {
                        var marker = idempotency is null ? null : IdempotentParts.Name(idempotency.Key, start + chunk.First);
                        var append = new PartitionAppend(chunk.Payloads, marker, idempotency?.CreatedAt ?? 0);
                        parts.Add((p, chunk.Indexes, marker, _appenders[p].Enqueue(append)));
                    }
                }
            }

            foreach (var (partition, indexes, marker, first) in parts)
            {
                var (offset, mine) = await FirstOffsetAsync(partition, indexes.Count, marker, first).ConfigureAwait(false);
                appended += mine ? indexes.Count : 0;
                foreach (var index in indexes)
                {
                    offsets[index] = offset++;
                }
            }
        }
        finally
        {
            Interlocked.Add(ref _pendingEvents, -events.Count);
        }

        return (offsets, appended);
    }

    public async ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(int partition, long fromOffset, int maxCount, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        if (maxCount <= 0)
        {
            return [];
        }

        var records = await _store.ReadAsync(PartitionName(partition), Math.Max(0, fromOffset), maxCount, cancellationToken).ConfigureAwait(false);
        var result = new List<LoggedEvent>(records.Count);
        foreach (var record in records)
        {
            var reader = new BinaryFieldReader(record.Payload.Span);
            result.Add(LoggedEventCodec.Read(ref reader, partition, record.Offset));
        }

        if (result.Count > 0)
        {
            Advance(ref _end[partition], result[^1].Offset + 1);
        }

        return result;
    }

    public long GetEndOffset(int partition)
    {
        CheckPartition(partition);
        return Volatile.Read(ref _end[partition]);
    }

    public long GetStartOffset(int partition)
    {
        CheckPartition(partition);
        return Volatile.Read(ref _start[partition]);
    }

    public ValueTask WaitForDataAsync(int partition, long offset, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        return GetEndOffset(partition) > offset
            ? ValueTask.CompletedTask
            : _signals[partition].WaitUntilAsync(() => GetEndOffset(partition) > offset, cancellationToken);
    }

    public async ValueTask CommitAsync(int partition, long offset, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, GetEndOffset(partition));
        if (offset <= GetCommittedOffset(partition))
        {
            return;
        }

        var stored = await _committedTable.AdvanceAsync(partition, offset, cancellationToken).ConfigureAwait(false);
        Advance(ref _committed[partition], stored);
        await _store.TruncateAsync(PartitionName(partition), stored, cancellationToken).ConfigureAwait(false);
        Advance(ref _start[partition], await FirstStoredOffsetAsync(_store, partition, GetEndOffset(partition), cancellationToken).ConfigureAwait(false));
    }

    public long GetCommittedOffset(int partition)
    {
        CheckPartition(partition);
        return Volatile.Read(ref _committed[partition]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _poller.ConfigureAwait(false);
        foreach (var appender in _appenders)
        {
            await appender.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private long Now => _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private long IdempotencyCutoff => Now - (long)_options.IdempotencyRetention.TotalMilliseconds;

    /// <summary>The markers of <paramref name="key"/>'s parts already in each partition the request touches.</summary>
    private async Task<IReadOnlyList<StoredLogMarker>[]> StoredPartsAsync(List<int>?[] byPartition, string key, CancellationToken cancellationToken)
    {
        var cutoff = IdempotencyCutoff;
        return await Task.WhenAll(byPartition.Select((indexes, p) => indexes is null
            ? Task.FromResult<IReadOnlyList<StoredLogMarker>>([])
            : IdempotentParts.ReadAsync(_store, PartitionName(p), key, cutoff, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// A part's first offset: where this call appended it (<c>Appended</c>), or, if another gateway appended the same part
    /// meanwhile, where that one went.
    /// </summary>
    private async Task<(long First, bool Appended)> FirstOffsetAsync(int partition, int count, string? marker, Task<long> first)
    {
        try
        {
            return (await first.ConfigureAwait(false), true);
        }
        catch (LogMarkerExistsException) when (marker is not null)
        {
            return (await IdempotentParts.StoredOffsetAsync(_store, PartitionName(partition), marker, count, CancellationToken.None).ConfigureAwait(false), false);
        }
    }

    private static async Task<long> FirstStoredOffsetAsync(IPartitionLogStore store, int partition, long end, CancellationToken cancellationToken)
    {
        var first = await store.ReadAsync(PartitionName(partition), 0, 1, cancellationToken).ConfigureAwait(false);
        return first.Count == 0 ? end : first[0].Offset;
    }

    private static bool Advance(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private void Published(int partition, long end)
    {
        if (Advance(ref _end[partition], end))
        {
            _signals[partition].Pulse();
        }
    }

    /// <summary>
    /// Splits one partition's share of a request into pieces that each fit a batch entity; <c>First</c> is a piece's
    /// position in <paramref name="indexes"/>.
    /// </summary>
    private IEnumerable<(int First, List<int> Indexes, List<byte[]> Payloads)> Chunk(List<int> indexes, IReadOnlyList<(int Partition, StreamEvent Event)> events, long receivedAt)
    {
        using var writer = new PooledBufferWriter(256);
        List<int> chunkIndexes = [];
        List<byte[]> payloads = [];
        int bytes = 0, first = 0;
        foreach (var index in indexes)
        {
            writer.Reset();
            LoggedEventCodec.Write(writer, receivedAt, events[index].Event);
            var payload = writer.WrittenSpan.ToArray();
            if (payloads.Count > 0 && (payloads.Count == _options.MaxEventsPerBatch || bytes + payload.Length + sizeof(int) > _options.MaxBatchBytes))
            {
                yield return (first, chunkIndexes, payloads);
                first += chunkIndexes.Count;
                chunkIndexes = [];
                payloads = [];
                bytes = 0;
            }

            chunkIndexes.Add(index);
            payloads.Add(payload);
            bytes += payload.Length + sizeof(int);
        }

        yield return (first, chunkIndexes, payloads);
    }

    /// <summary>Follows other processes' appends and commits, backing off while nothing changes.</summary>
    private async Task PollAsync()
    {
        var delay = _options.MinPollInterval;
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            var changed = false;
            try
            {
                var ends = await Task.WhenAll(Enumerable.Range(0, PartitionCount).Select(p => _store.GetNextOffsetAsync(PartitionName(p), token))).ConfigureAwait(false);
                for (var p = 0; p < ends.Length; p++)
                {
                    if (Advance(ref _end[p], ends[p]))
                    {
                        _signals[p].Pulse();
                        changed = true;
                    }
                }

                var committed = await _committedTable.LoadAsync(PartitionCount, token).ConfigureAwait(false);
                for (var p = 0; p < committed.Length; p++)
                {
                    changed |= Advance(ref _committed[p], committed[p]);
                }

                await CleanIdempotencyAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Storage unreachable for a moment: keep the last known offsets and try again after the back-off.
            }

            delay = changed ? _options.MinPollInterval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollInterval.Ticks));
            try
            {
                await Task.Delay(delay, _options.TimeProvider, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CleanIdempotencyAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        if (now - _lastIdempotencyCleanup < 60_000)
        {
            return;
        }

        _lastIdempotencyCleanup = now;
        var cutoff = IdempotencyCutoff;
        await _idempotency.DeleteOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, PartitionCount).Select(p => _store.DeleteMarkersAsync(PartitionName(p), cutoff, cancellationToken))).ConfigureAwait(false);
    }

    private void CheckPartition(int partition)
    {
        if ((uint)partition >= (uint)_end.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The log has {_end.Length} partitions.");
        }
    }
}
