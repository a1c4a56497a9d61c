using FlowOrleans.GrainInterfaces;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.ClientApi.Pipelines;

/// <summary>The gateway's copy of the pipeline catalog, refreshed with one cheap call when it changed.</summary>
public sealed class PipelineDirectory(IGrainFactory grains)
{
    private PipelineSet _current = new(-1, []);

    /// <summary>The current pipelines.</summary>
    public async ValueTask<IReadOnlyList<PipelineDefinition>> GetAllAsync()
    {
        var known = Volatile.Read(ref _current);
        if (await Catalog.GetIfChangedAsync(known.Version) is { } changed)
        {
            Volatile.Write(ref _current, changed);
            return changed.Pipelines;
        }

        return known.Pipelines;
    }

    /// <summary>One pipeline, or null.</summary>
    public async ValueTask<PipelineDefinition?> FindAsync(string name) =>
        (await GetAllAsync()).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The catalog grain.</summary>
    public IPipelineCatalogGrain Catalog => grains.GetGrain<IPipelineCatalogGrain>(GrainKeys.Catalog);
}
