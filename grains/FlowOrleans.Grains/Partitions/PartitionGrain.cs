using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Results;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Grains.Routing;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Watermarks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Partitions;

/// <summary>
/// Reads one ingest-log partition in order. Each batch is split by <see cref="PartitionBatchRouter"/> and sent to
/// window and session grains; then each pipeline's watermark grain hears of the progress. Every checkpoint
/// interval the windows it fed write their state, the result store flushes, the watermarks write theirs, and only
/// then does the partition commit its offset (which lets the log drop old segments). A restart replays from the
/// committed offset; window grains ignore what they already applied.
/// </summary>
[GrainType("partition")]
public sealed partial class PartitionGrain(
    [PersistentState("partition", StreamOptions.StorageName)] IPersistentState<PartitionGrainState> state,
    IIngestLog log,
    IResultStore results,
    PipelineMetrics metrics,
    IOptions<StreamOptions> options,
    TimeProvider time,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain
{
    private readonly Dictionary<string, long> _watermarks = new(StringComparer.Ordinal);
    private readonly HashSet<(string Pipeline, OpenWindowRef Window)> _fedWindows = [];
    private readonly HashSet<(string Pipeline, int Shard)> _fedSessions = [];
    private readonly HashSet<string> _fedPipelines = new(StringComparer.Ordinal);
    private int _partition;
    private long _readOffset;
    private long _processed;
    private PipelineSet _pipelines = new(-1, []);
    private PartitionBatchRouter _router = new([]);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = (int)this.GetPrimaryKeyLong();
        _readOffset = Math.Max(state.State.CommittedOffset, log.GetCommittedOffset(_partition));
        var o = options.Value;
        RegisterGrainTimer(_ => ProcessAsync(), o.PollInterval, o.PollInterval, keepAlive: true);
        RegisterGrainTimer(_ => CheckpointAsync(), o.CheckpointInterval, o.CheckpointInterval, keepAlive: true);
        return Task.CompletedTask;
    }

    public Task WakeAsync() => ProcessAsync();

    public Task RewindAsync()
    {
        _readOffset = Math.Max(state.State.CommittedOffset, log.GetCommittedOffset(_partition));
        return ProcessAsync();
    }

    public Task<PartitionInfo> GetInfoAsync() =>
        Task.FromResult(new PartitionInfo(_partition, _readOffset, state.State.CommittedOffset, log.GetEndOffset(_partition), _processed));

    public async Task CheckpointAsync()
    {
        if (_readOffset == state.State.CommittedOffset && _fedWindows.Count == 0 && _fedSessions.Count == 0)
        {
            return;
        }

        var checkpoints = new List<Task>(_fedWindows.Count + _fedSessions.Count);
        foreach (var (pipeline, w) in _fedWindows)
        {
            checkpoints.Add(GrainFactory.GetGrain<IWindowGrain>(GrainKeys.Window(pipeline, w.Start, w.Shard)).CheckpointAsync());
        }

        foreach (var (pipeline, shard) in _fedSessions)
        {
            checkpoints.Add(GrainFactory.GetGrain<ISessionGrain>(GrainKeys.Session(pipeline, shard)).CheckpointAsync());
        }

        await Task.WhenAll(checkpoints);
        await results.FlushAsync();
        await Task.WhenAll(_fedPipelines.Select(p => GrainFactory.GetGrain<IWatermarkGrain>(p).CheckpointAsync()));

        var committed = _readOffset;
        state.State.CommittedOffset = committed;
        await state.WriteStateAsync();
        await log.CommitAsync(_partition, committed);
        _fedWindows.Clear();
        _fedSessions.Clear();
        _fedPipelines.Clear();
        metrics.CheckpointCompleted(time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Checkpoints on idle collection and hand-off, while the windows it fed are still there. Not on a silo stop: then
    /// every activation deactivates at once, each window writing its own state as it goes, and the windows may be gone
    /// before the partition could ask them. A commit must never pass what is checkpointed downstream, so the partition
    /// keeps its last committed offset; after the restart it replays from there, and the windows ignore what they applied.
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        reason.Code == DeactivationReasonCode.ShuttingDown ? Task.CompletedTask : CheckpointAsync();

    private async Task ProcessAsync()
    {
        var batchSize = options.Value.ReadBatchSize;
        while (true)
        {
            // Read until the log is drained; in a cluster another process appends, so the log's end offset here may lag.
            var batch = await log.ReadAsync(_partition, _readOffset, batchSize);
            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await RouteAsync(batch);
            }
            catch (Exception ex)
            {
                // Nothing moves past the batch: it is sent again on the next wake-up, and the windows drop what they already have.
                LogBatchFailed(logger, _partition, batch[0].Offset, ex);
                return;
            }

            _readOffset = batch[^1].Offset + 1;
            _processed += batch.Count;
            metrics.EventsProcessed(batch.Count);
        }
    }

    private async Task RouteAsync(IReadOnlyList<LoggedEvent> batch)
    {
        await RefreshPipelinesAsync();
        foreach (var pipeline in _pipelines.Pipelines)
        {
            if (!_watermarks.ContainsKey(pipeline.Name))
            {
                // After activation (a replay) or a catalog change: learn the durable watermark before judging any event.
                _watermarks[pipeline.Name] = await GrainFactory.GetGrain<IWatermarkGrain>(pipeline.Name).GetDurableWatermarkAsync();
            }
        }

        var routes = _router.Route(batch);
        var windowCalls = new List<WindowCall>();
        var calls = new List<Task>();
        foreach (var route in routes)
        {
            var p = route.Pipeline;
            var watermark = _watermarks.GetValueOrDefault(p.Name, long.MinValue);
            foreach (var (window, events) in route.Windows)
            {
                var call = GrainFactory.GetGrain<IWindowGrain>(GrainKeys.Window(p.Name, window.Start, window.Shard)).ApplyAsync(new WindowBatch(p, _partition, events, watermark));
                windowCalls.Add(new WindowCall(route, window.Start, window.Shard, call));
                calls.Add(call);
            }

            foreach (var (shard, events) in route.Sessions)
            {
                calls.Add(GrainFactory.GetGrain<ISessionGrain>(GrainKeys.Session(p.Name, shard)).ApplyAsync(new WindowBatch(p, _partition, events, watermark)));
            }
        }

        await Task.WhenAll(calls);
        _router.Release(); // Every apply completed, so no grain reads the slices any more; a failed call skips this.
        await ReportProgressAsync(batch, routes, windowCalls);
    }

    private async Task ReportProgressAsync(
        IReadOnlyList<LoggedEvent> batch,
        List<PipelineRoute> routes,
        List<WindowCall> windowCalls)
    {
        // Every pipeline hears of the partition's progress, also those with no event in this batch.
        var maxTs = PartitionBatchRouter.MaxTs(batch);
        var lastOffset = batch[^1].Offset;
        var reports = new List<Task<long>>(_pipelines.Pipelines.Count);
        var names = new List<string>(_pipelines.Pipelines.Count);
        foreach (var pipeline in _pipelines.Pipelines)
        {
            var route = routes.Find(r => ReferenceEquals(r.Pipeline, pipeline));
            var size = pipeline.Window.Size;
            var windows = new List<OpenWindowRef>();
            foreach (var (callRoute, start, shard, reply) in windowCalls)
            {
                if (!ReferenceEquals(callRoute, route))
                {
                    continue;
                }

                var w = new OpenWindowRef(start, start + size, shard);
                _fedWindows.Add((pipeline.Name, w)); // Checkpointed even when all its events were late: it flushes their records.
                if (WindowHasState(reply.Result))
                {
                    windows.Add(w);
                }
            }

            var sessions = route is null ? [] : route.Sessions.Keys.ToList();
            foreach (var s in sessions)
            {
                _fedSessions.Add((pipeline.Name, s));
            }

            _fedPipelines.Add(pipeline.Name);
            names.Add(pipeline.Name);
            reports.Add(GrainFactory.GetGrain<IWatermarkGrain>(pipeline.Name)
                .ReportAsync(new ProgressReport(pipeline, _partition, maxTs, lastOffset, windows, sessions)));
        }

        var watermarks = await Task.WhenAll(reports);
        for (var i = 0; i < names.Count; i++)
        {
            _watermarks[names[i]] = watermarks[i];
        }
    }

    /// <summary>
    /// Whether a window holds state after a batch, and so may be fired: it applied events now or before (duplicates).
    /// A window whose events were all late never opened and has nothing to fire; registering it with the watermark
    /// would leave a firing pending that fails on every tick.
    /// </summary>
    internal static bool WindowHasState(WindowBatchReply reply) => reply.Applied > 0 || reply.Duplicates > 0;

    private async Task RefreshPipelinesAsync()
    {
        if (await GrainFactory.GetGrain<IPipelineCatalogGrain>(GrainKeys.Catalog).GetIfChangedAsync(_pipelines.Version) is { } changed)
        {
            _pipelines = changed;
            _router = new PartitionBatchRouter(changed.Pipelines);
            _watermarks.Clear(); // A pipeline deleted and created again starts from a new watermark.
        }
    }

    /// <summary>One window grain's apply call of a batch.</summary>
    private readonly record struct WindowCall(PipelineRoute Route, long Start, int Shard, Task<WindowBatchReply> Reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition} could not process the batch at offset {Offset}; it is retried at the next wake-up")]
    private static partial void LogBatchFailed(ILogger logger, int partition, long offset, Exception exception);
}
