namespace FlowOrleans.Runtime;

/// <summary>A state the activation reads before <see cref="Grain.OnActivateAsync"/>.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}

/// <summary>An <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/> provider.</summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage) : IPersistentState<TState>, IPersistentStateLoader
    where TState : new()
{
    private readonly GrainState<TState> _grainState = new();

    public TState State
    {
        get => _grainState.State;
        set => _grainState.State = value;
    }

    public string? Etag => _grainState.ETag;

    public bool RecordExists => _grainState.RecordExists;

    public Task ReadStateAsync(CancellationToken cancellationToken = default) => storage.ReadStateAsync(stateName, grainId, _grainState, cancellationToken);

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => storage.WriteStateAsync(stateName, grainId, _grainState, cancellationToken);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearStateAsync(stateName, grainId, _grainState, cancellationToken).ConfigureAwait(false);
        _grainState.State = new TState();
    }
}
