namespace FlowOrleans.Runtime;

/// <summary>The stored form of a state: the value, its ETag, and whether a record exists.</summary>
public sealed class GrainState<TState> where TState : new()
{
    /// <summary>The value.</summary>
    public TState State { get; set; } = new();

    /// <summary>The ETag of the stored record, or null.</summary>
    public string? ETag { get; set; }

    /// <summary>Whether a record exists in storage.</summary>
    public bool RecordExists { get; set; }
}

/// <summary>
/// A grain storage provider (memory, file, Azure Table). Providers compare ETags on write and clear and
/// throw <see cref="InconsistentStateException"/> on mismatch. Registered by name in the silo.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the state <paramref name="stateName"/> of <paramref name="grainId"/> into <paramref name="grainState"/>.</summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new();

    /// <summary>Writes the state if the stored ETag matches <see cref="GrainState{TState}.ETag"/>, then sets the new ETag.</summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new();

    /// <summary>Deletes the state if the stored ETag matches.</summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, GrainState<TState> grainState, CancellationToken cancellationToken) where TState : new();
}
