namespace FlowOrleans.Runtime;

/// <summary>
/// A named piece of grain state kept by a storage provider. Inject it into a grain constructor with
/// <see cref="PersistentStateAttribute"/>; it is read before <see cref="Grain.OnActivateAsync"/> runs.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The state. A fresh instance when nothing is stored yet.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored state, or null when none is stored.</summary>
    string? Etag { get; }

    /// <summary>True when the storage holds a record for this grain and state name.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/>. Throws <see cref="InconsistentStateException"/> when the stored ETag is not ours.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Declares an <see cref="IPersistentState{TState}"/> constructor parameter: the state's name and its storage provider.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name, unique within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name; null for the default provider.</summary>
    public string? StorageName { get; } = storageName;
}

/// <summary>A write or clear found a different ETag in storage than the one the grain last saw.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The ETag in storage, if known.</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the grain held.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}
