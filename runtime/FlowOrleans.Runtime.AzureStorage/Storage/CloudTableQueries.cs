using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>The two table loops every Azure Table store needs: read a query page by page, delete rows in transactions.</summary>
public static class CloudTableQueries
{
    /// <summary>Azure Table's limit on operations in one entity-group transaction.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>Every entity <paramref name="query"/> matches, following continuation tokens.</summary>
    public static async IAsyncEnumerable<DynamicTableEntity> QueryAllAsync(
        this CloudTable table, TableQuery<DynamicTableEntity> query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableContinuationToken? token = null;
        do
        {
            var segment = await table.ExecuteQuerySegmentedAsync(query, token, cancellationToken).ConfigureAwait(false);
            foreach (var entity in segment.Results)
            {
                yield return entity;
            }

            token = segment.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>
    /// Deletes the rows <paramref name="rowKeys"/> of partition <paramref name="partitionKey"/> unconditionally, in
    /// transactions of at most <see cref="MaxBatchOperations"/>; returns how many.
    /// </summary>
    public static async Task<int> DeleteRowsAsync(this CloudTable table, string partitionKey, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(MaxBatchOperations))
        {
            var batch = new TableBatchOperation();
            foreach (var rowKey in chunk)
            {
                batch.Delete(new DynamicTableEntity(partitionKey, rowKey) { ETag = "*" });
            }

            await table.ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return rowKeys.Count;
    }
}
