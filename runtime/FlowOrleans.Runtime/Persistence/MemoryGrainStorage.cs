using System.Collections.Concurrent;
using System.Globalization;

namespace FlowOrleans.Runtime;

/// <summary>
/// Grain storage in process memory (for tests and development). States are kept serialized, so a grain never
/// shares an object with storage; the ETag is a version counter. Silos of one process share records
/// when they are given the same <see cref="MemoryGrainStore"/> (as a TestCluster's silos are).
/// </summary>
public sealed class MemoryGrainStorage(GrainStorageSerializer serializer, MemoryGrainStore? store = null) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), MemoryGrainStore.StoredRecord> _records = (store ?? new MemoryGrainStore()).Records;

    /// <inheritdoc />
    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new()
    {
        if (_records.TryGetValue((stateName, grainId), out var record))
        {
            grainState.State = serializer.Deserialize<TState>(record.Json) ?? new TState();
            grainState.ETag = record.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = new TState();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new()
    {
        var json = serializer.Serialize(grainState.State);
        var key = (stateName, grainId);
        while (true)
        {
            _records.TryGetValue(key, out var current);
            Check(current, grainState.ETag, stateName, grainId);
            var next = new MemoryGrainStore.StoredRecord(json, (current?.Version ?? 0) + 1);
            var stored = current is null ? _records.TryAdd(key, next) : _records.TryUpdate(key, next, current);
            if (stored)
            {
                grainState.ETag = next.Version.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
                return Task.CompletedTask;
            }
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new()
    {
        var key = (stateName, grainId);
        _records.TryGetValue(key, out var current);
        Check(current, grainState.ETag, stateName, grainId);
        if (current is not null && !_records.TryRemove(new KeyValuePair<(string, GrainId), MemoryGrainStore.StoredRecord>(key, current)))
        {
            throw new InconsistentStateException($"State '{stateName}' of {grainId} changed during clear.", null, grainState.ETag);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static void Check(MemoryGrainStore.StoredRecord? current, string? etag, string stateName, GrainId grainId)
    {
        var stored = current?.Version.ToString(CultureInfo.InvariantCulture);
        if (stored != etag)
        {
            throw new InconsistentStateException($"ETag mismatch writing state '{stateName}' of {grainId}: stored {stored ?? "none"}, grain holds {etag ?? "none"}.", stored, etag);
        }
    }
}

/// <summary>The records of in-memory grain storage; share one instance to share state between silos of a process.</summary>
public sealed class MemoryGrainStore
{
    internal ConcurrentDictionary<(string StateName, GrainId GrainId), StoredRecord> Records { get; } = new();

    internal sealed record StoredRecord(byte[] Json, long Version);
}
