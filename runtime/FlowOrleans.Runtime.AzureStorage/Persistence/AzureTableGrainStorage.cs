using System.Text.Json;
using Microsoft.Azure.Cosmos.Table;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>
/// Grain state in an Azure Table: one entity per (grain, state name), PartitionKey = the escaped grain
/// id, RowKey = the escaped state name, the state as System.Text.Json UTF-8 split over
/// <c>Data0..DataN</c> (see <see cref="SplitDataProperties"/>). Writes are conditional on the ETag the
/// grain last saw, so a stale activation can never overwrite newer state: a write with no ETag is an
/// insert (fails if a record appeared meanwhile), a write with an ETag is a replace with <c>If-Match</c>,
/// and a clear is a delete with <c>If-Match</c> (a no-op when the grain holds no ETag). Every lost race
/// throws <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class AzureTableGrainStorage : IGrainStorage
{
    private readonly CloudTableFactory _tables;
    private readonly JsonSerializerOptions _serializerOptions;

    /// <summary>Creates the provider; throws <see cref="OptionsValidationException"/> for invalid options.</summary>
    public AzureTableGrainStorage(AzureTableGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new AzureTableGrainStorageOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(AzureTableGrainStorageOptions), typeof(AzureTableGrainStorageOptions), result.Failures);
        }

        _tables = new CloudTableFactory(options.ConnectionString, options.TableName);
        _serializerOptions = options.SerializerOptions;
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        var retrieve = TableOperation.Retrieve<DynamicTableEntity>(PartitionKey(grainId), RowKey(stateName));
        var result = await table.ExecuteAsync(retrieve, cancellationToken).ConfigureAwait(false);
        if (result.Result is not DynamicTableEntity entity)
        {
            grainState.State = new TState();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var payload = SplitDataProperties.Read(entity.Properties);
        grainState.State = JsonSerializer.Deserialize<TState>(payload, _serializerOptions) ?? new TState();
        grainState.ETag = entity.ETag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _serializerOptions);
        if (payload.Length > SplitDataProperties.MaxPayloadBytes)
        {
            throw new GrainStateTooLargeException(grainId, stateName, payload.Length, SplitDataProperties.MaxPayloadBytes);
        }

        var entity = new DynamicTableEntity(PartitionKey(grainId), RowKey(stateName)) { ETag = grainState.ETag };
        SplitDataProperties.Write(entity.Properties, payload);
        var operation = grainState.ETag is null ? TableOperation.Insert(entity) : TableOperation.Replace(entity);
        var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await table.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
            grainState.ETag = result.Etag;
            grainState.RecordExists = true;
        }
        catch (StorageException e) when (TableStorageStatus.IsLostRace(e))
        {
            throw Inconsistent("write", stateName, grainId, grainState.ETag, e);
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is not null)
        {
            var entity = new DynamicTableEntity(PartitionKey(grainId), RowKey(stateName)) { ETag = grainState.ETag };
            var table = await _tables.GetTableAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await table.ExecuteAsync(TableOperation.Delete(entity), cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException e) when (TableStorageStatus.IsLostRace(e))
            {
                throw Inconsistent("clear", stateName, grainId, grainState.ETag, e);
            }
        }

        grainState.State = new TState();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The PartitionKey of a grain: its escaped <c>Type/Key</c>.</summary>
    internal static string PartitionKey(GrainId grainId) => AzureTableKeyEncoder.Encode(grainId.ToString());

    private static string RowKey(string stateName) => AzureTableKeyEncoder.Encode(stateName);

    private static InconsistentStateException Inconsistent(string what, string stateName, GrainId grainId, string? etag, StorageException e) =>
        new($"Could not {what} the state '{stateName}' of grain {grainId}: the stored version is not the one read " +
            $"(ETag {etag ?? "none"}, HTTP {TableStorageStatus.StatusOf(e)}). Another activation changed it.",
            storedEtag: null, currentEtag: etag, inner: e);
}
