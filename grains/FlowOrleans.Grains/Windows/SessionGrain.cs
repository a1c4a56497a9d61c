using FlowOrleans.Durability.Results;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Windowing;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Windows;

/// <summary>
/// The session windows of one pipeline for the keys of one hash shard. Session windows have no fixed start,
/// so they cannot be keyed by window start: one grain per (pipeline, shard) holds every open session of its keys
/// (<see cref="SessionWindowState"/>), and the watermark grain advances it. With allowed lateness fired sessions are
/// retained: an event that changes one emits its next revision right after its batch, and the results of starts it
/// merged away are retracted. Every firing is written (results and retractions in <see cref="SessionGrainState"/>)
/// before it is emitted, so a restart re-emits it and a replay never changes what was shown.
/// </summary>
[GrainType("session")]
public sealed class SessionGrain(
    [PersistentState("sessions", StreamOptions.StorageName)] IPersistentState<SessionGrainState> state,
    IResultStore results,
    AggregatorRegistry aggregators,
    PipelineMetrics metrics,
    IOptions<StreamOptions> options,
    TimeProvider time) : Grain, ISessionGrain
{
    private AggregatePlan? _plan;
    private bool _dirty;

    // Results or late records given to the result store since it was last flushed. In a cluster the store is this
    // silo's, so the grain flushes it itself before its state or its partitions' commits may rely on it.
    private bool _unflushed;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.Unemitted.Count > 0 || state.State.UnemittedRetractions.Count > 0 ? EmitAsync() : Task.CompletedTask;

    public async Task<WindowBatchReply> ApplyAsync(WindowBatch batch)
    {
        var pipeline = batch.Pipeline;
        var sessions = state.State.Sessions;
        if (sessions is null)
        {
            var (_, shard) = GrainKeys.ParseSession(this.GetPrimaryKeyString());
            sessions = state.State.Sessions = SessionWindowState.Create(pipeline.Name, shard, pipeline.Window.Gap ?? 0, pipeline.AllowedLateness);
            state.State.Aggregates = [.. pipeline.Aggregates];
        }

        List<LateEventRecord>? late = null;
        int applied = 0, duplicates = 0;
        // A shard that never fired has no watermark of its own: the pipeline's durable watermark (which the partition
        // sends along) still makes an event whose session would already be due late, as for windows nobody opened.
        var watermark = Math.Max(state.State.DurableWatermark, batch.Watermark);
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

        if (sessions.HasPendingUpdates)
        {
            await FireUpdatesAsync(sessions, watermark);
        }

        if (options.Value.WriteThrough)
        {
            // In a cluster this grain may die alone: what it acknowledges must already be durable (see StreamOptions.WriteThrough).
            await CheckpointAsync();
        }

        return new WindowBatchReply(applied, late?.Count ?? 0, duplicates);
    }

    public async Task AdvanceAsync(long watermark)
    {
        if (state.State.Sessions is not { } sessions || watermark <= state.State.DurableWatermark)
        {
            return;
        }

        var held = sessions.OpenSessionCount;
        var retractions = new List<WindowRetraction>();
        var fired = sessions.Fire(watermark, Now, Plan, retractions);
        if (fired.Count == 0 && sessions.OpenSessionCount == held)
        {
            return;
        }

        // Durable first, with the results: a crash before they reach the store re-emits them on activation. A drop of
        // sessions past their allowed lateness is written too (with the watermark that dropped them), even when nothing
        // fires: no replay may then let an event into a session that is gone.
        state.State.DurableWatermark = watermark;
        state.State.Unemitted.AddRange(fired);
        state.State.UnemittedRetractions.AddRange(retractions);
        await WriteStateAsync();
        if (fired.Count == 0)
        {
            return;
        }

        await EmitAsync();

        // A firing is durable in the store before this returns (the watermark may then drop it from its pending firings).
        await results.FlushAsync();
        _unflushed = false;
    }

    public async Task CheckpointAsync()
    {
        if (_unflushed)
        {
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

    /// <summary>
    /// Allowed lateness: sessions that this batch changed after they fired (or formed already due) emit their next
    /// revision now, with the retractions of the starts they merged away. Written first, like a firing: lateness is
    /// judged against the batch's watermark, which a replay may see higher, so what is shown must not depend on a replay.
    /// </summary>
    private async Task FireUpdatesAsync(SessionWindowState sessions, long watermark)
    {
        var retractions = new List<WindowRetraction>();
        var fired = sessions.FireUpdates(watermark, Now, Plan, retractions);
        if (fired.Count == 0)
        {
            return; // Updated sessions whose end is still ahead: they fire when the watermark gets there.
        }

        state.State.Unemitted.AddRange(fired);
        state.State.UnemittedRetractions.AddRange(retractions);
        await WriteStateAsync();
        await EmitAsync();
    }

    // In a cluster the result store writes in the background: what a state write stops re-emitting (Unemitted) or moves
    // its applied offsets past (late records) must reach the tables first. The embedded store hands every change to the
    // operating system before it returns, which a kill -9 does not lose, so there the fsync waits for the checkpoint.
    private async Task WriteStateAsync()
    {
        if (_unflushed && options.Value.WriteThrough)
        {
            await results.FlushAsync();
            _unflushed = false;
        }

        await state.WriteStateAsync();
        _dirty = false;
    }

    private async Task EmitAsync()
    {
        var pending = state.State.Unemitted;
        var changed = await results.UpsertResultsAsync(pending);
        if (changed.Count > 0)
        {
            metrics.WindowsFlushed(changed[0].Pipeline, changed.Count);
        }

        // After the results that replace them: a query never misses a session, at worst it shows the old start a moment longer.
        if (state.State.UnemittedRetractions.Count > 0)
        {
            await results.RetractResultsAsync(state.State.UnemittedRetractions);
        }

        // Unemitted may be dropped from the checkpoint only once the store has them durably: flush before the next write.
        state.State.Unemitted = [];
        state.State.UnemittedRetractions = [];
        _unflushed = true;
        _dirty = true;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private AggregatePlan Plan => _plan ??= aggregators.Resolve(state.State.Aggregates);
}
