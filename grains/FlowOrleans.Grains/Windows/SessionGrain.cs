using FlowOrleans.Durability.Results;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Grains.Windows;

/// <summary>
/// The session windows of one pipeline for the keys of one hash shard. Session windows have no fixed start,
/// so they cannot be keyed by window start: one grain per (pipeline, shard) holds every open session of its keys
/// (<see cref="SessionWindowState"/>), and the watermark grain advances it.
/// </summary>
[GrainType("session")]
public sealed class SessionGrain(
    [PersistentState("sessions", StreamOptions.StorageName)] IPersistentState<SessionGrainState> state,
    IResultStore results,
    AggregatorRegistry aggregators,
    PipelineMetrics metrics,
    TimeProvider time) : Grain, ISessionGrain
{
    private AggregatePlan? _plan;
    private bool _dirty;
    private bool _unflushed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Unemitted.Count > 0)
        {
            // The firing was checkpointed but its results may not have reached the store: emit them again (idempotent).
            await results.UpsertResultsAsync(state.State.Unemitted, cancellationToken);
            await results.FlushAsync(cancellationToken);
            state.State.Unemitted = [];
            _dirty = true;
        }
    }

    public async Task<WindowBatchReply> ApplyAsync(WindowBatch batch)
    {
        var pipeline = batch.Pipeline;
        var sessions = state.State.Sessions;
        if (sessions is null)
        {
            var (_, shard) = GrainKeys.ParseSession(this.GetPrimaryKeyString());
            sessions = state.State.Sessions = SessionWindowState.Create(pipeline.Name, shard, pipeline.Window.Gap ?? 0);
            state.State.Aggregates = [.. pipeline.Aggregates];
        }

        List<LateEventRecord>? late = null;
        int applied = 0, duplicates = 0;
        var watermark = state.State.DurableWatermark;
        foreach (var e in batch.Events)
        {
            switch (sessions.Apply(e, pipeline.GroupKeyOf(e.Event), watermark, Plan))
            {
                case ApplyOutcome.Late:
                    (late ??= []).Add(Lateness.Record(pipeline.Name, e, e.Event.Ts, watermark));
                    break;
                case ApplyOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    applied++;
                    break;
            }
        }

        _dirty |= applied > 0;
        if (late is not null)
        {
            var added = await results.AppendLateAsync(late);
            metrics.LateEvents(pipeline.Name, added.Count);
            _unflushed = true;
        }

        return new WindowBatchReply(applied, late?.Count ?? 0, duplicates);
    }

    public async Task AdvanceAsync(long watermark)
    {
        if (state.State.Sessions is not { } sessions || watermark <= state.State.DurableWatermark)
        {
            return;
        }

        var fired = sessions.Fire(watermark, time.GetUtcNow().ToUnixTimeMilliseconds(), Plan);
        if (fired.Count == 0)
        {
            return;
        }

        state.State.DurableWatermark = watermark;
        state.State.Unemitted = fired;
        await state.WriteStateAsync();
        _dirty = false;
        await results.UpsertResultsAsync(fired);
        await results.FlushAsync();
        _unflushed = false;
        state.State.Unemitted = [];
        _dirty = true;
        metrics.WindowsFlushed(fired[0].Pipeline, fired.Count);
    }

    public async Task CheckpointAsync()
    {
        if (_unflushed)
        {
            // Clearing Unemitted, and the partitions' commits past these late events, may only be written once the store has them.
            await results.FlushAsync();
            _unflushed = false;
        }

        if (_dirty)
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => CheckpointAsync();

    private AggregatePlan Plan => _plan ??= aggregators.Resolve(state.State.Aggregates);
}
