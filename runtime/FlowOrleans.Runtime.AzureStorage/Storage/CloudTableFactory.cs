using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>Opens a table from a connection string and creates it on first use.</summary>
internal sealed class CloudTableFactory(string connectionString, string tableName)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CloudTable? _table;

    /// <summary>The table, created if it does not exist yet.</summary>
    public async Task<CloudTable> GetTableAsync(CancellationToken cancellationToken)
    {
        if (_table is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_table is null)
            {
                var client = CloudStorageAccount.Parse(connectionString).CreateCloudTableClient();
                var table = client.GetTableReference(tableName);
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _table = table;
            }

            return _table;
        }
        finally
        {
            _gate.Release();
        }
    }
}
