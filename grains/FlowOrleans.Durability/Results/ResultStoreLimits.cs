namespace FlowOrleans.Durability.Results;

/// <summary>How much a result store keeps; beyond it the oldest entries are dropped from memory and, at the next compaction, from disk.</summary>
public sealed record ResultStoreLimits
{
    public static ResultStoreLimits Default { get; } = new();

    /// <summary>Window results kept (all pipelines); the least recently changed go first. Default 1,000,000.</summary>
    public int MaxResults { get; init; } = 1_000_000;

    /// <summary>Late records kept per pipeline; the oldest go first (in chunks of a tenth). Default 1,000,000.</summary>
    public int MaxLatePerPipeline { get; init; } = 1_000_000;
}
