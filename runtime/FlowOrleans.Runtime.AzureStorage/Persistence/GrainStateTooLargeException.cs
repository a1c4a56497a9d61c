namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>A grain's serialized state does not fit in one table entity.</summary>
public sealed class GrainStateTooLargeException(GrainId grainId, string stateName, int size, int limit)
    : InvalidOperationException(
        $"The state '{stateName}' of grain {grainId} is {size} bytes when serialized; Azure Table grain storage holds at most {limit} bytes per state. Keep less in it or split it over several states.")
{
    /// <summary>The grain whose state was too large.</summary>
    public GrainId GrainId { get; } = grainId;

    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The serialized size in bytes.</summary>
    public int Size { get; } = size;

    /// <summary>The limit in bytes.</summary>
    public int Limit { get; } = limit;
}
