using System.Net;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using Microsoft.Azure.Cosmos.Table;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage.Membership;

/// <summary>
/// The membership table in Azure Table storage. All rows of a cluster share one partition: the silo
/// rows and a version row. An insert or update writes the silo row and the version row in one batch
/// transaction, each conditional on its ETag, so the write succeeds only when neither changed since
/// the caller's snapshot (Orleans' AzureBasedMembershipTable works the same way).
/// </summary>
public sealed class AzureTableMembershipTable : IMembershipTable
{
    private readonly CloudTableFactory _tables;
    private readonly string _partitionKey;

    /// <summary>Creates the table client; throws <see cref="OptionsValidationException"/> for invalid options.</summary>
    public AzureTableMembershipTable(AzureTableMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new AzureTableMembershipOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(AzureTableMembershipOptions), typeof(AzureTableMembershipOptions), result.Failures);
        }

        _tables = new CloudTableFactory(options.ConnectionString, options.TableName);
        _partitionKey = AzureTableKeyEncoder.Encode(options.ClusterId);
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var versionRow = MembershipEntityCodec.VersionEntity(_partitionKey, new TableVersion(0, "*"));
        try
        {
            await table.ExecuteAsync(TableOperation.Insert(versionRow), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (TableStorageStatus.StatusOf(e) == (int)HttpStatusCode.Conflict)
        {
            // Another silo created it first.
        }
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var query = new TableQuery<DynamicTableEntity>().Where(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, _partitionKey));
        List<MembershipRow> rows = [];
        TableVersion? version = null;
        await foreach (var entity in table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == MembershipEntityCodec.VersionRowKey)
            {
                version = MembershipEntityCodec.ReadVersion(entity);
            }
            else
            {
                rows.Add(new MembershipRow(MembershipEntityCodec.FromEntity(entity), entity.ETag));
            }
        }

        return new MembershipTableData(rows, version
            ?? throw new InvalidOperationException($"The membership table has no version row for cluster '{_partitionKey}'; call {nameof(InitializeAsync)} first."));
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var batch = new TableBatchOperation
        {
            TableOperation.Insert(MembershipEntityCodec.ToEntity(_partitionKey, entry, etag: null)),
            TableOperation.Replace(MembershipEntityCodec.VersionEntity(_partitionKey, tableVersion)),
        };
        return TryExecuteAsync(batch, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var batch = new TableBatchOperation
        {
            TableOperation.Replace(MembershipEntityCodec.ToEntity(_partitionKey, entry, etag)),
            TableOperation.Replace(MembershipEntityCodec.VersionEntity(_partitionKey, tableVersion)),
        };
        return TryExecuteAsync(batch, cancellationToken);
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var merge = TableOperation.Merge(MembershipEntityCodec.IAmAliveEntity(_partitionKey, entry));
            await table.ExecuteAsync(merge, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (TableStorageStatus.StatusOf(e) == (int)HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"Silo {entry.SiloAddress} has no row in the membership table.", e);
        }
    }

    /// <inheritdoc />
    public async Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var snapshot = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var row in snapshot.Rows.Where(r => r.Entry.Status == SiloStatus.Dead && r.Entry.IAmAliveTime < before))
        {
            var entity = new DynamicTableEntity(_partitionKey, MembershipEntityCodec.RowKey(row.Entry.SiloAddress)) { ETag = row.ETag };
            try
            {
                await table.ExecuteAsync(TableOperation.Delete(entity), cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (StorageException e) when (TableStorageStatus.IsLostRace(e))
            {
                // Changed or deleted by another silo meanwhile; the next cleanup sees it again.
            }
        }

        return deleted;
    }

    private async Task<bool> TryExecuteAsync(TableBatchOperation batch, CancellationToken cancellationToken)
    {
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageException e) when (TableStorageStatus.IsLostRace(e))
        {
            return false;
        }
    }
}
