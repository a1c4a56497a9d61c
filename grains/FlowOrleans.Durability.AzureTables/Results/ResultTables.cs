using System.Globalization;
using System.Text.Json;
using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Streaming;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>
/// The three result tables. <b>Results</b>: PartitionKey the pipeline, RowKey window start + key, so an upsert of the
/// same (pipeline, key, windowStart) replaces the one entity, and a retraction deletes it. <b>Late</b>: PartitionKey the pipeline, RowKey partition +
/// offset + window start, so a replayed late record lands on its own entity again. <b>Journal</b>: PartitionKey a
/// writer id, RowKey a sequence number per writer, each entry a <see cref="ResultChangeBatch"/>; PartitionKey
/// <c>writers</c> lists the writers with their last heartbeat.
/// </summary>
internal sealed class ResultTables(AzureTableResultStoreOptions options)
{
    public const string WritersKey = "writers";
    private const string JsonProperty = "Json";
    private const string AtProperty = "At";
    private const string SeenProperty = "Seen";
    private readonly CloudTableFactory _results = new(options.ConnectionString, options.ResultsTableName);
    private readonly CloudTableFactory _late = new(options.ConnectionString, options.LateTableName);
    private readonly CloudTableFactory _journal = new(options.ConnectionString, options.JournalTableName);

    public static string ResultRowKey(WindowResult r) => ResultRowKey(r.WindowStart, r.Key);

    public static string ResultRowKey(long windowStart, string? key) => Sortable(windowStart) + (key is null ? "_0" : "_1" + AzureTableKeyEncoder.Encode(key));

    public static string LateRowKey(LateEventRecord r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Partition:D5}_{r.Offset:D19}_{Sortable(r.WindowStart)}");

    public static string SequenceKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    public async Task UpsertResultsAsync(IReadOnlyList<WindowResult> results, CancellationToken cancellationToken)
    {
        var table = await _results.GetTableAsync(cancellationToken).ConfigureAwait(false);
        await UpsertAsync(table, results, r => r.Pipeline, ResultRowKey, r => JsonSerializer.Serialize(r, ResultTableJsonContext.Default.WindowResult), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the result entities that <paramref name="retractions"/> withdraw. One by one: a transaction fails as a whole
    /// when one of its entities is missing, and a retraction replayed after a crash finds its entity gone.
    /// </summary>
    public async Task DeleteResultsAsync(IReadOnlyList<WindowRetraction> retractions, CancellationToken cancellationToken)
    {
        if (retractions.Count == 0)
        {
            return;
        }

        var table = await _results.GetTableAsync(cancellationToken).ConfigureAwait(false);
        foreach (var r in retractions)
        {
            var entity = new DynamicTableEntity(AzureTableKeyEncoder.Encode(r.Pipeline), ResultRowKey(r.WindowStart, r.Key)) { ETag = "*" };
            try
            {
                await table.ExecuteAsync(TableOperation.Delete(entity), cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException e) when (TableStorageStatus.StatusOf(e) == 404)
            {
                // Deleted already (a replay), or never written.
            }
        }
    }

    public async Task UpsertLateAsync(IReadOnlyList<LateEventRecord> late, CancellationToken cancellationToken)
    {
        var table = await _late.GetTableAsync(cancellationToken).ConfigureAwait(false);
        await UpsertAsync(table, late, r => r.Pipeline, LateRowKey, r => JsonSerializer.Serialize(r, ResultTableJsonContext.Default.LateEventRecord), cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<WindowResult> ReadAllResultsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _results.GetTableAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in QueryAsync(table, null, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(entity.Properties[JsonProperty].StringValue, ResultTableJsonContext.Default.WindowResult)!;
        }
    }

    public async IAsyncEnumerable<LateEventRecord> ReadAllLateAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _late.GetTableAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in QueryAsync(table, null, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(entity.Properties[JsonProperty].StringValue, ResultTableJsonContext.Default.LateEventRecord)!;
        }
    }

    /// <summary>Appends one journal entry; the payload is split over <c>Data0..N</c>.</summary>
    public async Task AppendJournalAsync(string writer, long sequence, byte[] payload, CancellationToken cancellationToken)
    {
        var entity = new DynamicTableEntity(writer, SequenceKey(sequence)) { Properties = { [AtProperty] = new EntityProperty(Now) } };
        SplitDataProperties.Write(entity.Properties, payload);
        var table = await _journal.GetTableAsync(cancellationToken).ConfigureAwait(false);
        await table.ExecuteAsync(TableOperation.InsertOrReplace(entity), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The journal entries of <paramref name="writer"/> after <paramref name="afterSequence"/>, in order.</summary>
    public async Task<List<(long Sequence, ResultChangeBatch Changes)>> ReadJournalAsync(string writer, long afterSequence, CancellationToken cancellationToken)
    {
        var table = await _journal.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableQuery.CombineFilters(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, writer),
            TableOperators.And,
            TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.GreaterThan, SequenceKey(afterSequence)));
        List<(long, ResultChangeBatch)> entries = [];
        await foreach (var entity in QueryAsync(table, filter, cancellationToken).ConfigureAwait(false))
        {
            var changes = JsonSerializer.Deserialize(SplitDataProperties.Read(entity.Properties), ResultTableJsonContext.Default.ResultChangeBatch)!;
            entries.Add((long.Parse(entity.RowKey, CultureInfo.InvariantCulture), changes));
        }

        return entries;
    }

    /// <summary>Registers <paramref name="writer"/> (or renews its heartbeat).</summary>
    public async Task TouchWriterAsync(string writer, CancellationToken cancellationToken)
    {
        var table = await _journal.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new DynamicTableEntity(WritersKey, writer) { Properties = { [SeenProperty] = new EntityProperty(Now) } };
        await table.ExecuteAsync(TableOperation.InsertOrReplace(entity), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registered writers and when each was last seen (Unix ms).</summary>
    public async Task<List<(string Writer, long Seen)>> ReadWritersAsync(CancellationToken cancellationToken)
    {
        var table = await _journal.GetTableAsync(cancellationToken).ConfigureAwait(false);
        List<(string, long)> writers = [];
        await foreach (var entity in QueryAsync(table, TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, WritersKey), cancellationToken).ConfigureAwait(false))
        {
            writers.Add((entity.RowKey, entity.Properties[SeenProperty].Int64Value ?? 0));
        }

        return writers;
    }

    /// <summary>Deletes <paramref name="writer"/>'s journal entries written before <paramref name="cutoff"/>, and its registration when <paramref name="forget"/>.</summary>
    public async Task DeleteJournalAsync(string writer, long cutoff, bool forget, CancellationToken cancellationToken)
    {
        var table = await _journal.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableQuery.CombineFilters(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, writer),
            TableOperators.And,
            TableQuery.GenerateFilterConditionForLong(AtProperty, QueryComparisons.LessThan, cutoff));
        List<string> old = [];
        await foreach (var entity in QueryAsync(table, filter, cancellationToken, select: [AtProperty]).ConfigureAwait(false))
        {
            old.Add(entity.RowKey);
        }

        await table.DeleteRowsAsync(writer, old, cancellationToken).ConfigureAwait(false);

        if (forget)
        {
            try
            {
                await table.ExecuteAsync(TableOperation.Delete(new DynamicTableEntity(WritersKey, writer) { ETag = "*" }), cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException e) when (TableStorageStatus.StatusOf(e) == 404)
            {
                // Someone else forgot it first.
            }
        }
    }

    private long Now => options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A long as 20 digits that sort like the numbers, negatives included.</summary>
    private static string Sortable(long value) => ((ulong)value ^ 0x8000_0000_0000_0000UL).ToString("D20", CultureInfo.InvariantCulture);

    private static async Task UpsertAsync<T>(
        CloudTable table, IReadOnlyList<T> items, Func<T, string> partition, Func<T, string> rowKey, Func<T, string> json, CancellationToken cancellationToken)
    {
        foreach (var group in items.GroupBy(partition))
        {
            // Within one transaction a row may appear once: the last change of a row wins, as it would in order.
            var rows = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in group)
            {
                rows[rowKey(item)] = item;
            }

            var key = AzureTableKeyEncoder.Encode(group.Key);
            foreach (var chunk in rows.Chunk(CloudTableQueries.MaxBatchOperations))
            {
                var batch = new TableBatchOperation();
                foreach (var (row, item) in chunk)
                {
                    batch.InsertOrReplace(new DynamicTableEntity(key, row) { Properties = { [JsonProperty] = new EntityProperty(json(item)) } });
                }

                await table.ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async IAsyncEnumerable<DynamicTableEntity> QueryAsync(
        CloudTable table, string? filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, List<string>? select = null)
    {
        var query = new TableQuery<DynamicTableEntity>();
        if (filter is not null)
        {
            query = query.Where(filter);
        }

        if (select is not null)
        {
            query = query.Select(select);
        }

        await foreach (var entity in table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }
}
