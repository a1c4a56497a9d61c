using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Pipelines;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Pipelines;

/// <summary>
/// The durable list of pipelines. On its first activation it holds the built-in <c>default</c> and <c>alerts</c>
/// pipelines; pipelines from configuration are added when missing; the REST API creates and deletes the rest.
/// </summary>
[GrainType("catalog")]
public sealed class PipelineCatalogGrain(
    [PersistentState("pipelines", StreamOptions.StorageName)] IPersistentState<PipelineCatalogState> state,
    IOptions<StreamOptions> options,
    AggregatorRegistry aggregators) : Grain, IPipelineCatalogGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        if (!state.RecordExists)
        {
            state.State.Pipelines = [PipelineDefinition.Default, PipelineDefinition.Alerts];
            changed = true;
        }

        foreach (var configured in options.Value.Pipelines)
        {
            if (Find(configured.Name) is null)
            {
                state.State.Pipelines.Add(configured);
                changed = true;
            }
        }

        if (changed)
        {
            state.State.Version++;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<PipelineSet?> GetIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : new PipelineSet(state.State.Version, [.. state.State.Pipelines]));

    public async Task<PipelineCreateResult> CreateAsync(PipelineDefinition definition)
    {
        var errors = PipelineValidator.Validate(definition, aggregators);
        if (errors.Count > 0)
        {
            return new PipelineCreateResult(null, ByField(errors), Conflict: false);
        }

        if (Find(definition.Name) is not null)
        {
            return new PipelineCreateResult(null, new Dictionary<string, string[]> { ["name"] = [$"a pipeline named '{definition.Name}' exists already"] }, Conflict: true);
        }

        state.State.Pipelines.Add(definition);
        state.State.Version++;
        await state.WriteStateAsync();
        return new PipelineCreateResult(definition, null, Conflict: false);
    }

    public async Task<bool> DeleteAsync(string name)
    {
        if (PipelineDefinition.IsBuiltIn(name) || Find(name) is not { } existing)
        {
            return false; // The built-in pipelines always exist (the API refuses to delete them with a 409).
        }

        state.State.Pipelines.Remove(existing);
        state.State.Version++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IWatermarkGrain>(name).ResetAsync();
        return true;
    }

    private PipelineDefinition? Find(string name) =>
        state.State.Pipelines.Find(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>Groups validator messages (<c>"window.size must be &gt; 0"</c>) by their leading field name.</summary>
    internal static Dictionary<string, string[]> ByField(IEnumerable<string> errors) =>
        errors.GroupBy(e => e.Split(' ', 2)[0].TrimEnd(':'), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
