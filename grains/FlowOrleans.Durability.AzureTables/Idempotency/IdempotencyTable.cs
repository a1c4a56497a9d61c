using System.Security.Cryptography;
using System.Text;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Durability.AzureTables.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> records in a table: PartitionKey <c>idempotency</c>, RowKey the SHA-256 of the key (any key
/// fits), the key, its creation time and the response split over <c>Data0..N</c>.
/// </summary>
internal sealed class IdempotencyTable(string connectionString, string tableName)
{
    private const string PartitionKey = "idempotency";
    private const string KeyProperty = "Key";
    private const string CreatedAtProperty = "CreatedAt";
    private readonly CloudTableFactory _tables = new(connectionString, tableName);

    /// <summary>Stores <paramref name="record"/> (replacing one with the same key).</summary>
    public async Task WriteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var entity = new DynamicTableEntity(PartitionKey, KeyHash(record.Key))
        {
            Properties =
            {
                [KeyProperty] = new EntityProperty(record.Key),
                [CreatedAtProperty] = new EntityProperty(record.CreatedAt),
            },
        };
        SplitDataProperties.Write(entity.Properties, record.Response);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        await table.ExecuteAsync(TableOperation.InsertOrReplace(entity), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every record created at or after <paramref name="cutoff"/> (Unix ms).</summary>
    public async Task<List<IdempotencyRecord>> LoadAsync(long cutoff, CancellationToken cancellationToken)
    {
        List<IdempotencyRecord> records = [];
        await foreach (var entity in QueryAsync(QueryComparisons.GreaterThanOrEqual, cutoff, cancellationToken).ConfigureAwait(false))
        {
            records.Add(new IdempotencyRecord(
                entity.Properties[KeyProperty].StringValue,
                entity.Properties[CreatedAtProperty].Int64Value ?? 0,
                SplitDataProperties.Read(entity.Properties)));
        }

        return records;
    }

    /// <summary>Deletes the records created before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(long cutoff, CancellationToken cancellationToken)
    {
        List<string> expired = [];
        await foreach (var entity in QueryAsync(QueryComparisons.LessThan, cutoff, cancellationToken).ConfigureAwait(false))
        {
            expired.Add(entity.RowKey);
        }

        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        return await table.DeleteRowsAsync(PartitionKey, expired, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Largest response one record can hold.</summary>
    public static int MaxResponseBytes => SplitDataProperties.MaxPayloadBytes;

    /// <summary>The SHA-256 of <paramref name="key"/> in hex: the record's RowKey, and the stem of its log markers' names.</summary>
    public static string KeyHash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private async IAsyncEnumerable<DynamicTableEntity> QueryAsync(string comparison, long cutoff, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableQuery.CombineFilters(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, PartitionKey),
            TableOperators.And,
            TableQuery.GenerateFilterConditionForLong(CreatedAtProperty, comparison, cutoff));
        await foreach (var entity in table.QueryAllAsync(new TableQuery<DynamicTableEntity>().Where(filter), cancellationToken).ConfigureAwait(false))
        {
            yield return entity;
        }
    }
}
