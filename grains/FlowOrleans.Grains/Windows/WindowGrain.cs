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
/// One window of one pipeline and key shard. The logic is <see cref="WindowState"/>; this grain holds it, decides
/// lateness only from durable facts (a closed window's state is written before any event is called late), writes
/// its state before it emits a firing, and sends results and late records to the result store.
/// </summary>
[GrainType("window")]
public sealed class WindowGrain(
    [PersistentState("window", StreamOptions.StorageName)] IPersistentState<WindowGrainState> state,
    IResultStore results,
    AggregatorRegistry aggregators,
    PipelineMetrics metrics,
    IOptions<StreamOptions> options,
    TimeProvider time) : Grain, IWindowGrain
{
    private AggregatePlan? _plan;
    private bool _dirty;

    // The window before its first accepted event: every event so far was late, and nothing of it is written.
    private WindowState? _unopened;

    // Results or late records this grain gave the result store since it last flushed it. In a cluster the store is
    // this silo's, not the partition's, so the grain flushes it itself before it writes Emitted or its partitions commit.
    private bool _unflushed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { Window: { Fired: true } window, Emitted: false })
        {
            // The firing was checkpointed but its results may not have reached the store: emit them again (idempotent).
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var current = new List<WindowResult>();
            if (window.ResultOf(null, now, Plan) is { } nullResult)
            {
                current.Add(nullResult);
            }

            foreach (var key in window.Groups.Keys)
            {
                current.Add(window.ResultOf(key, now, Plan)!);
            }

            await results.UpsertResultsAsync(current, cancellationToken);
            state.State.Emitted = true;
            _dirty = true;
            _unflushed = true;
        }
    }

    public async Task<WindowBatchReply> ApplyAsync(WindowBatch batch)
    {
        var pipeline = batch.Pipeline;
        var opened = state.State.Window is not null;
        if (!opened)
        {
            var (_, start, shard) = GrainKeys.ParseWindow(this.GetPrimaryKeyString());
            _unopened ??= WindowState.Create(pipeline.Name, start, start + pipeline.Window.Size, shard, pipeline.AllowedLateness);
            state.State.Aggregates = [.. pipeline.Aggregates];
        }

        var window = state.State.Window ?? _unopened!;
        List<LateEventRecord>? late = null;
        int applied = 0, duplicates = 0;
        var lateWatermark = Math.Max(batch.Watermark, state.State.ClosedWatermark);

        // Lateness comes from durable facts only: the window's written Closed flag, or, before it opened, the
        // pipeline watermark that the watermark grain wrote before it told anyone.
        var judgeAt = WindowState.LatenessWatermark(opened, batch.Watermark);
        foreach (var e in batch.Events)
        {
            switch (window.Apply(e, pipeline.GroupKeyOf(e.Event), judgeAt, Plan))
            {
                case ApplyOutcome.Late:
                    (late ??= []).Add(Lateness.Record(pipeline.Name, e, window.Start, lateWatermark));
                    break;
                case ApplyOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    applied++;
                    break;
            }
        }

        if (late is not null)
        {
            var added = await results.AppendLateAsync(late);
            metrics.LateEvents(pipeline.Name, added.Count);
            _unflushed = true;
        }

        if (!opened && applied > 0)
        {
            // Opened: written with its first events before any partition hears back, so a restart never judges them again.
            state.State.Window = window;
            _unopened = null;
            _dirty = true;
            await state.WriteStateAsync();
            _dirty = false;
        }
        else
        {
            _dirty |= applied > 0;
        }

        if (window.HasPendingUpdates)
        {
            // Allowed lateness: each accepted late event updates the result, which replaces the earlier one.
            await EmitAsync(window.Fire(long.MaxValue, Now, Plan));
        }

        if (options.Value.WriteThrough)
        {
            // In a cluster this grain may die alone: what it acknowledges must already be durable (see StreamOptions.WriteThrough).
            await CheckpointAsync();
        }

        return new WindowBatchReply(applied, late?.Count ?? 0, duplicates);
    }

    public async Task FireAsync(long watermark)
    {
        if (state.State.Window is not { } window)
        {
            // Registered windows have had events: no state means this grain lost what it applied since its last
            // checkpoint (its silo died). Failing keeps the firing pending until the partitions have replayed it here.
            throw new InvalidOperationException($"Window {this.GetPrimaryKeyString()} has no state yet; it fires once its partitions have replayed its events.");
        }

        if (window.Closed)
        {
            return;
        }

        var wasFired = window.Fired;
        var fired = window.Close(watermark, Now, Plan);
        if (window.Fired == wasFired && !window.Closed && fired.Count == 0)
        {
            return;
        }

        if (window.Closed)
        {
            state.State.ClosedWatermark = watermark;
        }

        // Durable first: once the firing or the close is written, no restart can take it back.
        state.State.Emitted = fired.Count == 0;
        await state.WriteStateAsync();
        _dirty = false;
        if (fired.Count > 0)
        {
            // The watermark grain forgets this firing once the call returns, so the results must be durable by then:
            // if this silo dies first, the call fails, the firing stays pending and the next activation re-emits it.
            await EmitAsync(fired);
            await results.FlushAsync();
            _unflushed = false;
            state.State.Emitted = true;
            _dirty = true;
        }

        if (window.Closed)
        {
            // Its results are in the store and Emitted is set: the aggregates are dead weight from here on (they were
            // written with the close above, for a restart to re-emit from). The next checkpoint writes the small state.
            window.ReleaseAggregates();
            _dirty = true;
        }
    }

    public async Task CheckpointAsync()
    {
        if (_unflushed)
        {
            // Emitted = true, and the partitions' commits past these late events, may only be written once the store has them.
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

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task EmitAsync(List<WindowResult> fired)
    {
        if (fired.Count == 0)
        {
            return;
        }

        await results.UpsertResultsAsync(fired);
        _unflushed = true;
        metrics.WindowsFlushed(fired[0].Pipeline, fired.Count);
    }
}
