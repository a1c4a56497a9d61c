using FlowOrleans.Durability.Log;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming.Watermarks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Watermarks;

/// <summary>
/// The watermark of one pipeline. The arithmetic is <see cref="WatermarkTracker"/> and the open windows are an
/// <see cref="OpenWindowIndex"/>; this grain writes the advanced watermark before it tells windows to fire, so no
/// restart can move it back, and it re-checks idleness on a timer so the last windows fire when inputs go quiet.
/// </summary>
[GrainType("watermark")]
public sealed partial class WatermarkGrain(
    [PersistentState("watermark", StreamOptions.StorageName)] IPersistentState<WatermarkGrainState> state,
    IIngestLog log,
    PipelineMetrics metrics,
    IOptions<StreamOptions> options,
    TimeProvider time,
    ILogger<WatermarkGrain> logger) : Grain, IWatermarkGrain
{
    private IGrainTimer? _timer;
    private bool _dirty;

    // Every log partition has reported to this pipeline: none can hold the watermark as "expected" any more.
    private bool _allReported;

    // The watermark of the last write: what partitions judge lateness against.
    private long _durable = long.MinValue;
    private DateTimeOffset _writtenAt = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.PollInterval;
        _timer = RegisterGrainTimer(_ => TickAsync(), period, period, keepAlive: true);
        if (state.State.Tracker is { } tracker)
        {
            metrics.Watermark(this.GetPrimaryKeyString(), tracker.Watermark);
            _durable = tracker.Watermark;
        }

        return Task.CompletedTask;
    }

    public async Task<long> ReportAsync(ProgressReport report)
    {
        var s = state.State;
        s.Pipeline ??= report.Pipeline;
        var tracker = s.Tracker ??= WatermarkTracker.For(report.Pipeline);
        tracker.Observe(report.Partition, report.MaxTs, report.LastOffset, Now);
        var learned = false;
        foreach (var window in report.Windows)
        {
            learned |= s.Windows.Register(window);
        }

        foreach (var shard in report.SessionShards)
        {
            learned |= s.SessionShards.Add(shard);
        }

        _dirty = true;
        if (learned && options.Value.WriteThrough)
        {
            // The partition will not report these windows again once it moves on: they must survive this grain's silo.
            await CheckpointAsync();
        }

        await AdvanceAsync();
        if (tracker.Watermark > _durable && time.GetUtcNow() - _writtenAt >= options.Value.PollInterval)
        {
            // Partitions judge windows nobody opened against the written watermark: keep it at most a poll interval behind.
            await WriteAsync();
        }

        return _durable;
    }

    public Task<long> GetDurableWatermarkAsync() => Task.FromResult(_durable);

    public Task<WatermarkInfo> GetAsync()
    {
        var pipeline = this.GetPrimaryKeyString();
        if (state.State.Tracker is not { } tracker)
        {
            return Task.FromResult(new WatermarkInfo(pipeline, null, [], 0));
        }

        var now = Now;
        var partitions = tracker.Partitions
            .OrderBy(p => p.Key)
            .Select(p => new PartitionWatermark(p.Key, p.Value.MaxTs == long.MinValue ? null : p.Value.MaxTs, tracker.IsIdle(p.Key, now)))
            .ToList();
        var watermark = tracker.Watermark == long.MinValue ? (long?)null : tracker.Watermark;
        return Task.FromResult(new WatermarkInfo(pipeline, watermark, partitions, state.State.Windows.Count));
    }

    public async Task CheckpointAsync()
    {
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    public async Task ResetAsync()
    {
        _timer?.Dispose();
        await state.ClearStateAsync();
        _durable = long.MinValue;
        metrics.ForgetPipeline(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => CheckpointAsync();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task WriteAsync()
    {
        var watermark = state.State.Tracker?.Watermark ?? long.MinValue;
        await state.WriteStateAsync();
        _dirty = false;
        _durable = Math.Max(_durable, watermark);
        _writtenAt = time.GetUtcNow();
    }

    private Task TickAsync() => state.State.Tracker is null ? Task.CompletedTask : AdvanceAsync();

    private async Task AdvanceAsync()
    {
        var s = state.State;
        var tracker = s.Tracker!;
        var before = tracker.Watermark;
        var now = Now;
        ExpectUnreportedPartitions(tracker, now);
        var watermark = tracker.Advance(now);
        var due = s.Windows.TakeDue(watermark);
        var closable = s.Windows.TakeClosable(watermark, s.Pipeline!.AllowedLateness);
        var advanced = watermark > before;
        var pending = s.PendingFires;
        if (!advanced && due.Count == 0 && closable.Count == 0 && pending.Count == 0)
        {
            return;
        }

        metrics.Watermark(this.GetPrimaryKeyString(), watermark);
        _dirty = true;
        if (due.Count == 0 && closable.Count == 0 && pending.Count == 0 && s.SessionShards.Count == 0)
        {
            return;
        }

        // The watermark, and the windows it fires, are durable before any window acts on it.
        pending.UnionWith(due);
        pending.UnionWith(closable);
        await WriteAsync();
        var pipeline = s.Pipeline.Name;
        var targets = pending.ToArray();
        var calls = new List<Task>(targets.Length + s.SessionShards.Count);
        foreach (var w in targets)
        {
            calls.Add(FireAsync(w, pipeline, watermark));
        }

        if (advanced)
        {
            foreach (var shard in s.SessionShards)
            {
                calls.Add(AdvanceSessionsAsync(shard, pipeline, watermark));
            }
        }

        await Task.WhenAll(calls);
    }

    /// <summary>
    /// A partition that has not reported to this pipeline yet but has appended, uncommitted events in the log holds the
    /// watermark back: otherwise the first partition to report could fire windows the others still have events for.
    /// Events it processed before this pipeline existed hold it only until the partition's next checkpoint commits them.
    /// (In a cluster a silo sees the log's end only for the partitions it reads, so there this covers its own partitions.)
    /// </summary>
    private void ExpectUnreportedPartitions(WatermarkTracker tracker, long now)
    {
        if (_allReported)
        {
            return; // A partition never stops having reported: nothing left to look at on this hot path.
        }

        var reported = 0;
        for (var p = 0; p < log.PartitionCount; p++)
        {
            if (!tracker.Partitions.TryGetValue(p, out var progress) || progress.MaxTs == long.MinValue)
            {
                tracker.Expect(p, log.GetEndOffset(p) > log.GetCommittedOffset(p), now);
            }
            else
            {
                reported++;
            }
        }

        _allReported = reported == log.PartitionCount;
    }

    private async Task FireAsync(OpenWindowRef window, string pipeline, long watermark)
    {
        try
        {
            await GrainFactory.GetGrain<IWindowGrain>(GrainKeys.Window(pipeline, window.Start, window.Shard)).FireAsync(watermark);
            state.State.PendingFires.Remove(window);
            _dirty = true;
        }
        catch (Exception ex)
        {
            LogFireFailed(logger, pipeline, window.Start, window.Shard, ex);
        }
    }

    private async Task AdvanceSessionsAsync(int shard, string pipeline, long watermark)
    {
        try
        {
            await GrainFactory.GetGrain<ISessionGrain>(GrainKeys.Session(pipeline, shard)).AdvanceAsync(watermark);
        }
        catch (Exception ex)
        {
            LogSessionsFailed(logger, pipeline, shard, ex);
        }
    }
}
