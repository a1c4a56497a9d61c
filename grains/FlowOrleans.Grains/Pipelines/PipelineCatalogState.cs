using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Grains.Pipelines;

/// <summary>The checkpoint of the pipeline catalog.</summary>
public sealed class PipelineCatalogState
{
    /// <summary>Changes on every create and delete.</summary>
    public long Version { get; set; }

    /// <summary>The pipelines, by name order of creation.</summary>
    public List<PipelineDefinition> Pipelines { get; set; } = [];
}
