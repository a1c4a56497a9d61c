using System.Globalization;
using Microsoft.Azure.Cosmos.Table;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>
/// Partition logs in an Azure Table. PartitionKey = the escaped partition name; each append is one
/// entity whose RowKey is its first offset zero-padded to 19 digits, with the events packed into
/// <c>Data0..DataN</c>. A head row (RowKey <c>head</c>) holds the next offset. An append inserts the
/// batch and moves the head in one batch transaction conditional on the head's ETag, so offsets are
/// assigned by optimistic compare-and-swap and never overlap, even with two writers. An append may carry
/// <see cref="LogMarker"/>s, rows of the same partition inserted in that same transaction (<see cref="LogMarkerRows"/>).
/// </summary>
public sealed class AzureTableLogStore : IPartitionLogStore
{
    private const string HeadRowKey = "head";
    private const string NextOffsetProperty = "NextOffset";
    private const string CountProperty = "Count";
    private const int ReadPageSize = 16;
    private static readonly string LastBatchRowKey = BatchRowKey(long.MaxValue);

    /// <summary>Most markers one append may carry (one table transaction).</summary>
    public const int MaxMarkersPerAppend = LogMarkerRows.MaxPerAppend;

    private readonly CloudTableFactory _tables;
    private readonly AzureTableLogStoreOptions _options;

    /// <summary>Creates the store; throws <see cref="OptionsValidationException"/> for invalid options.</summary>
    public AzureTableLogStore(AzureTableLogStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new AzureTableLogStoreOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(AzureTableLogStoreOptions), typeof(AzureTableLogStoreOptions), result.Failures);
        }

        _options = options;
        _tables = new CloudTableFactory(options.ConnectionString, options.TableName);
    }

    /// <inheritdoc />
    public Task<long> AppendAsync(string partition, IReadOnlyList<ReadOnlyMemory<byte>> events, long? expectedOffset = null, CancellationToken cancellationToken = default) =>
        AppendAsync(partition, events, [], expectedOffset, cancellationToken);

    /// <inheritdoc />
    public async Task<long> AppendAsync(string partition, IReadOnlyList<ReadOnlyMemory<byte>> events, IReadOnlyList<LogMarker> markers, long? expectedOffset = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(markers);
        if (events.Count == 0 || events.Count > _options.MaxEventsPerBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(events), events.Count, $"An append carries 1 to {_options.MaxEventsPerBatch} events.");
        }

        LogMarkerRows.Validate(markers, events.Count);

        var size = LogBatchCodec.EncodedLength(events);
        if (size > SplitDataProperties.MaxPayloadBytes)
        {
            throw new LogBatchTooLargeException(partition, events.Count, size, SplitDataProperties.MaxPayloadBytes);
        }

        var payload = LogBatchCodec.Encode(events);
        var key = PartitionKey(partition);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (next, headEtag) = await ReadHeadAsync(table, key, cancellationToken).ConfigureAwait(false);
            if (expectedOffset is { } expected && expected != next)
            {
                throw new LogOffsetConflictException(partition, expected, next);
            }

            var batch = new DynamicTableEntity(key, BatchRowKey(next))
            {
                Properties =
                {
                    [CountProperty] = new EntityProperty(events.Count),
                    [NextOffsetProperty] = new EntityProperty(next + events.Count),
                },
            };
            SplitDataProperties.Write(batch.Properties, payload);
            var head = new DynamicTableEntity(key, HeadRowKey) { ETag = headEtag, Properties = { [NextOffsetProperty] = new EntityProperty(next + events.Count) } };
            var transaction = new TableBatchOperation
            {
                TableOperation.Insert(batch),
                headEtag is null ? TableOperation.Insert(head) : TableOperation.Replace(head),
            };
            foreach (var marker in markers)
            {
                transaction.Add(TableOperation.Insert(LogMarkerRows.Entity(key, marker, next)));
            }

            try
            {
                await table.ExecuteBatchAsync(transaction, cancellationToken).ConfigureAwait(false);
                return next;
            }
            catch (StorageException e) when (TableStorageStatus.IsLostRace(e))
            {
                // Either another writer moved the head between our read and our write (read it again), or a marker's row
                // exists: those events are in the log already, and retrying would only meet the same row.
                if (markers.Count > 0 && await StoredNamesAsync(table, key, markers, cancellationToken).ConfigureAwait(false) is { Count: > 0 } stored)
                {
                    throw new LogMarkerExistsException(partition, stored);
                }

                if (attempt >= _options.MaxAppendAttempts)
                {
                    throw;
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogRecord>> ReadAsync(string partition, long fromOffset, int maxRecords, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        var lowest = Math.Max(0, fromOffset - _options.MaxEventsPerBatch + 1);
        var filter = TableQuery.CombineFilters(
            BatchRange(PartitionKey(partition), BatchRowKey(lowest), QueryComparisons.GreaterThanOrEqual),
            TableOperators.And,
            TableQuery.GenerateFilterConditionForLong(NextOffsetProperty, QueryComparisons.GreaterThan, fromOffset));
        List<LogRecord> records = [];
        // A batch entity can be large: fetch a few at a time and stop as soon as enough records are in.
        await foreach (var entity in QueryAsync(filter, cancellationToken, ReadPageSize).ConfigureAwait(false))
        {
            var offset = long.Parse(entity.RowKey, CultureInfo.InvariantCulture);
            foreach (var payload in LogBatchCodec.Decode(SplitDataProperties.Read(entity.Properties)))
            {
                if (offset >= fromOffset)
                {
                    records.Add(new LogRecord(offset, payload));
                    if (records.Count == maxRecords)
                    {
                        return records;
                    }
                }

                offset++;
            }
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredLogMarker>> ReadMarkersAsync(string partition, string namePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        List<StoredLogMarker> markers = [];
        await foreach (var entity in QueryAsync(LogMarkerRows.WithPrefix(PartitionKey(partition), namePrefix), cancellationToken).ConfigureAwait(false))
        {
            markers.Add(LogMarkerRows.Read(entity));
        }

        return markers;
    }

    /// <inheritdoc />
    public async Task<int> DeleteMarkersAsync(string partition, long createdBefore, CancellationToken cancellationToken = default)
    {
        var key = PartitionKey(partition);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            List<string> expired = [];
            await foreach (var entity in QueryAsync(LogMarkerRows.OlderThan(key, createdBefore), cancellationToken).ConfigureAwait(false))
            {
                expired.Add(entity.RowKey);
            }

            try
            {
                return await table.DeleteRowsAsync(key, expired, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException e) when (TableStorageStatus.IsLostRace(e) && attempt < _options.MaxAppendAttempts)
            {
                // Another process deleted some of them first: look again.
            }
        }
    }

    /// <inheritdoc />
    public async Task<long> GetNextOffsetAsync(string partition, CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadHeadAsync(table, PartitionKey(partition), cancellationToken).ConfigureAwait(false)).Next;
    }

    /// <inheritdoc />
    public async Task<int> TruncateAsync(string partition, long committedOffset, CancellationToken cancellationToken = default)
    {
        var key = PartitionKey(partition);
        var filter = TableQuery.CombineFilters(
            BatchRange(key, BatchRowKey(0), QueryComparisons.GreaterThanOrEqual),
            TableOperators.And,
            TableQuery.GenerateFilterConditionForLong(NextOffsetProperty, QueryComparisons.LessThanOrEqual, committedOffset));
        List<string> obsolete = [];
        await foreach (var entity in QueryAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            obsolete.Add(entity.RowKey);
        }

        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        return await table.DeleteRowsAsync(key, obsolete, cancellationToken).ConfigureAwait(false);
    }

    private static string PartitionKey(string partition) => AzureTableKeyEncoder.Encode(partition);

    private static string BatchRowKey(long firstOffset) => firstOffset.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Batch rows of one partition from <paramref name="from"/> on; the head row sorts after every batch row and is left out.</summary>
    private static string BatchRange(string partitionKey, string from, string comparison) =>
        TableQuery.CombineFilters(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, partitionKey),
            TableOperators.And,
            TableQuery.CombineFilters(
                TableQuery.GenerateFilterCondition("RowKey", comparison, from),
                TableOperators.And,
                TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.LessThanOrEqual, LastBatchRowKey)));

    /// <summary>The names of <paramref name="markers"/> whose rows exist.</summary>
    private static async Task<List<string>> StoredNamesAsync(CloudTable table, string key, IReadOnlyList<LogMarker> markers, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(markers.Select(async m =>
            (await table.ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(key, LogMarkerRows.RowKey(m.Name)), cancellationToken).ConfigureAwait(false)).Result is not null ? m.Name : null)).ConfigureAwait(false);
        return found.OfType<string>().ToList();
    }

    private static async Task<(long Next, string? ETag)> ReadHeadAsync(CloudTable table, string key, CancellationToken cancellationToken)
    {
        var result = await table.ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(key, HeadRowKey), cancellationToken).ConfigureAwait(false);
        return result.Result is DynamicTableEntity head
            ? (head.Properties[NextOffsetProperty].Int64Value ?? 0, head.ETag)
            : (0, null);
    }

    private async IAsyncEnumerable<DynamicTableEntity> QueryAsync(string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, int? pageSize = null)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var query = new TableQuery<DynamicTableEntity>().Where(filter);
        query.TakeCount = pageSize;
        await foreach (var entity in table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }
}
