using FlowOrleans.Runtime;

namespace FlowOrleans.GrainInterfaces;

/// <summary>
/// The watermark of one pipeline: the minimum over its partitions' watermarks (partitions idle for the
/// idle timeout do not hold it back). It never goes backwards. It knows the open windows and tells those
/// whose end is at or below the watermark to fire. Keyed by pipeline name.
/// </summary>
public interface IWatermarkGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a partition's progress, fires what became due, and returns the pipeline watermark as last written
    /// (<see cref="GetDurableWatermarkAsync"/>).
    /// </summary>
    Task<long> ReportAsync(ProgressReport report);

    /// <summary>
    /// The pipeline watermark as last written: a durable fact that no restart moves back, so partitions may judge
    /// lateness against it (an event for a window that ended at or before it is late, even if no grain ever held that window).
    /// </summary>
    [ReadOnly]
    Task<long> GetDurableWatermarkAsync();

    /// <summary>The watermark and the partitions behind it.</summary>
    [ReadOnly]
    Task<WatermarkInfo> GetAsync();

    /// <summary>Makes the watermark and the open-window index durable.</summary>
    Task CheckpointAsync();

    /// <summary>Forgets the pipeline (it was deleted).</summary>
    Task ResetAsync();
}

/// <summary>The pipelines of the cluster, durable. One grain, keyed <see cref="GrainKeys.Catalog"/>.</summary>
public interface IPipelineCatalogGrain : IGrainWithStringKey
{
    /// <summary>The pipelines, or null when <paramref name="knownVersion"/> is current.</summary>
    [ReadOnly]
    Task<PipelineSet?> GetIfChangedAsync(long knownVersion);

    /// <summary>Validates and adds a pipeline.</summary>
    Task<PipelineCreateResult> CreateAsync(Streaming.Pipelines.PipelineDefinition definition);

    /// <summary>Removes a pipeline; false when there was none.</summary>
    Task<bool> DeleteAsync(string name);
}
