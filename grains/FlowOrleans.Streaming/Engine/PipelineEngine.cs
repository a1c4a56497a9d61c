using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Watermarks;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Engine;

/// <summary>
/// One pipeline, in process: what the partition, window, session and watermark grains do together, and the
/// reference for the differential tests and benchmarks. Contract of <see cref="ProcessBatch"/>:
/// <list type="number">
/// <item>every event of the batch is classified against the watermark as it was <b>before</b> the batch;</item>
/// <item>an event whose offset is at or below its partition's last processed offset is a replay and skipped;</item>
/// <item>every other event counts for its partition's progress (max ts, activity at <c>now</c>), whatever its type;</item>
/// <item>events passing the type filter go, for each window they belong to, to that window's aggregate, or to
/// <see cref="LateEvents"/> when the window is closed (<see cref="Lateness.IsClosed"/>);</item>
/// <item>after the batch the watermark advances at <c>now</c> (<see cref="WatermarkTracker"/>); due windows fire
/// (revision 0), windows updated within allowed lateness emit their next revision, closed windows are dropped.</item>
/// </list>
/// Outputs accumulate in <see cref="Results"/>, <see cref="Retractions"/> and <see cref="LateEvents"/> (the caller may clear them).
/// </summary>
public sealed class PipelineEngine
{
    private readonly PipelineDefinition _definition;
    private readonly AggregatePlan _plan;
    private readonly WindowRouter _router;
    private readonly WindowTarget[] _targets;
    private readonly WatermarkTracker _tracker;
    private readonly OpenWindowIndex _index = new();
    private readonly Dictionary<OpenWindowRef, WindowState> _windows = [];
    private readonly SessionWindowState[]? _sessions;
    private readonly List<WindowState> _updated = [];

    public PipelineEngine(PipelineDefinition definition, AggregatorRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = PipelineValidator.Validate(definition, registry);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(definition));
        }

        _definition = definition;
        _plan = (registry ?? AggregatorRegistry.CreateDefault()).Resolve(definition.Aggregates);
        _tracker = WatermarkTracker.For(definition);
        _router = new WindowRouter(definition);
        _targets = new WindowTarget[_router.MaxTargets];
        if (definition.IsSession)
        {
            _sessions = new SessionWindowState[definition.Shards];
            for (var i = 0; i < _sessions.Length; i++)
            {
                _sessions[i] = SessionWindowState.Create(definition.Name, i, definition.Window.Gap!.Value, definition.AllowedLateness);
            }
        }
    }

    public PipelineDefinition Definition => _definition;

    public long Watermark => _tracker.Watermark;

    /// <summary>The watermark state (partitions' max ts and activity), read-only by convention.</summary>
    public WatermarkTracker Tracker => _tracker;

    public int OpenWindowCount => _windows.Count;

    public int OpenSessionCount
    {
        get
        {
            var n = 0;
            foreach (var s in _sessions ?? [])
            {
                n += s.OpenSessionCount;
            }

            return n;
        }
    }

    public List<WindowResult> Results { get; } = [];

    public List<LateEventRecord> LateEvents { get; } = [];

    /// <summary>Session results withdrawn by a later merge within allowed lateness (each replaces earlier entries of <see cref="Results"/>).</summary>
    public List<WindowRetraction> Retractions { get; } = [];

    /// <summary>Processes a batch of logged events (any partitions, each partition in offset order) at processing time <paramref name="now"/>.</summary>
    public void ProcessBatch(ReadOnlySpan<LoggedEvent> batch, long now)
    {
        var watermark = _tracker.Watermark;
        foreach (ref readonly var e in batch)
        {
            if (_tracker.Partitions.TryGetValue(e.Partition, out var progress) && e.Offset <= progress.LastOffset)
            {
                continue;
            }

            Route(in e, watermark);
            _tracker.Observe(e.Partition, e.Event.Ts, e.Offset, now);
        }

        FireAndClose(_tracker.Advance(now), now);
    }

    /// <summary>Advances the watermark with processing time only (idle partitions, advanceOnIdle) and fires what is due.</summary>
    public void Tick(long now) => FireAndClose(_tracker.Advance(now), now);

    /// <summary>End of a bounded input: the watermark goes to +infinity, every window and session fires and closes.</summary>
    public void Finish(long now)
    {
        _tracker.Watermark = long.MaxValue;
        FireAndClose(long.MaxValue, now);
    }

    private void Route(in LoggedEvent e, long watermark)
    {
        var n = _router.Route(e.Event, watermark, _targets, out var key);
        for (var i = 0; i < n; i++)
        {
            var (id, late) = _targets[i];
            if (late)
            {
                LateEvents.Add(Lateness.Record(_definition.Name, in e, id.Start, watermark));
                continue;
            }

            if (_sessions is not null)
            {
                if (_sessions[id.Shard].Apply(in e, key, watermark, _plan) == ApplyOutcome.Late)
                {
                    LateEvents.Add(Lateness.Record(_definition.Name, in e, id.Start, watermark));
                }

                continue;
            }

            if (!_windows.TryGetValue(id, out var window))
            {
                window = WindowState.Create(_definition.Name, id.Start, id.End, id.Shard, _definition.AllowedLateness);
                _windows.Add(id, window);
                _index.Register(id);
            }

            var wasPending = window.HasPendingUpdates;
            var outcome = window.Apply(in e, key, watermark, _plan);
            if (outcome == ApplyOutcome.AcceptedUpdate && !wasPending)
            {
                _updated.Add(window);
            }
            else if (outcome == ApplyOutcome.Late)
            {
                LateEvents.Add(Lateness.Record(_definition.Name, in e, id.Start, watermark));
            }
        }
    }

    private void FireAndClose(long watermark, long now)
    {
        if (_sessions is not null)
        {
            foreach (var s in _sessions)
            {
                Results.AddRange(s.Fire(watermark, now, _plan, Retractions));
            }

            return;
        }

        foreach (var id in _index.TakeDue(watermark))
        {
            Results.AddRange(_windows[id].Fire(watermark, now, _plan));
        }

        foreach (var window in _updated)
        {
            Results.AddRange(window.Fire(watermark, now, _plan));
        }

        _updated.Clear();
        foreach (var id in _index.TakeClosable(watermark, _definition.AllowedLateness))
        {
            Results.AddRange(_windows[id].Close(watermark, now, _plan));
            _windows.Remove(id);
        }
    }
}
