using System.Globalization;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>
/// Each partition's committed offset as one entity (PartitionKey <c>committed</c>, RowKey the partition number), plus a
/// <c>meta</c> entity that pins the partition count. A commit only ever moves an offset forward: it reads the entity
/// and replaces it on its ETag, so a stale writer cannot move it back.
/// </summary>
internal sealed class CommittedOffsetTable(string connectionString, string tableName)
{
    private const string CommittedKey = "committed";
    private const string MetaKey = "meta";
    private const string OffsetProperty = "Offset";
    private const string PartitionsProperty = "Partitions";
    private readonly CloudTableFactory _tables = new(connectionString, tableName);

    /// <summary>Records the partition count on first use; throws if the tables were made for another count.</summary>
    public async Task EnsurePartitionCountAsync(int partitions, CancellationToken cancellationToken)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var meta = new DynamicTableEntity(MetaKey, "log") { Properties = { [PartitionsProperty] = new EntityProperty(partitions) } };
        try
        {
            await table.ExecuteAsync(TableOperation.Insert(meta), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (TableStorageStatus.StatusOf(e) == 409)
        {
            var stored = await table.ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(MetaKey, "log"), cancellationToken).ConfigureAwait(false);
            var count = (stored.Result as DynamicTableEntity)?.Properties[PartitionsProperty].Int32Value;
            if (count != partitions)
            {
                throw new InvalidOperationException(
                    $"The ingest log in table '{tableName}' was created with {count} partitions, not {partitions}. The partition count is fixed for a log: use {count}, or new tables.");
            }
        }
    }

    /// <summary>Every partition's committed offset (0 where none was written).</summary>
    public async Task<long[]> LoadAsync(int partitions, CancellationToken cancellationToken)
    {
        var offsets = new long[partitions];
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var query = new TableQuery<DynamicTableEntity>().Where(TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, CommittedKey));
        await foreach (var entity in table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            var partition = int.Parse(entity.RowKey, CultureInfo.InvariantCulture);
            if (partition < partitions)
            {
                offsets[partition] = entity.Properties[OffsetProperty].Int64Value ?? 0;
            }
        }

        return offsets;
    }

    /// <summary>Moves the partition's committed offset to <paramref name="offset"/> unless it is already there or beyond; returns the stored offset.</summary>
    public async Task<long> AdvanceAsync(int partition, long offset, CancellationToken cancellationToken)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var rowKey = RowKey(partition);
        while (true)
        {
            var current = await table.ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(CommittedKey, rowKey), cancellationToken).ConfigureAwait(false);
            var existing = current.Result as DynamicTableEntity;
            var stored = existing?.Properties[OffsetProperty].Int64Value ?? 0;
            if (stored >= offset)
            {
                return stored;
            }

            var entity = new DynamicTableEntity(CommittedKey, rowKey) { ETag = existing?.ETag, Properties = { [OffsetProperty] = new EntityProperty(offset) } };
            try
            {
                await table.ExecuteAsync(existing is null ? TableOperation.Insert(entity) : TableOperation.Replace(entity), cancellationToken).ConfigureAwait(false);
                return offset;
            }
            catch (StorageException e) when (TableStorageStatus.IsLostRace(e))
            {
                // Another writer committed meanwhile: look again.
            }
        }
    }

    private static string RowKey(int partition) => partition.ToString("D5", CultureInfo.InvariantCulture);
}
