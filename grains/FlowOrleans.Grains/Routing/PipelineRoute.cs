using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Grains.Routing;

/// <summary>Where one batch of a partition goes for one pipeline: the events per window grain and per session grain.</summary>
public sealed class PipelineRoute(PipelineDefinition pipeline)
{
    /// <summary>The pipeline.</summary>
    public PipelineDefinition Pipeline { get; } = pipeline;

    /// <summary>Events per window grain (window start, shard), in offset order; read-only slices of one array per route.</summary>
    public Dictionary<(long Start, int Shard), IReadOnlyList<LoggedEvent>> Windows { get; } = [];

    /// <summary>Events per session grain shard, in offset order; read-only slices of one array per route.</summary>
    public Dictionary<int, IReadOnlyList<LoggedEvent>> Sessions { get; } = [];

    /// <summary>True when no event of the batch is for this pipeline.</summary>
    public bool IsEmpty => Windows.Count == 0 && Sessions.Count == 0;
}
