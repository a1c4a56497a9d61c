using System.Runtime.InteropServices;
using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// The state of one window grain: one pipeline window <c>[Start, End)</c> and one shard, with the aggregate of
/// every group key of that shard. Lifecycle: open until <see cref="Fire"/> at <c>watermark &gt;= End</c> (revision 0,
/// exactly once); then, until <c>watermark &gt;= End + AllowedLateness</c>, each accepted event marks its group for
/// an updated result (revision + 1, emitted by the next <see cref="Fire"/>); then closed: events are
/// <see cref="ApplyOutcome.Late"/>. Exactly-once: per partition the last applied offset is kept, and an event at
/// or below it is a <see cref="ApplyOutcome.Duplicate"/>, so a replay after a crash never double counts.
/// All state is in public properties (System.Text.Json, <see cref="StreamStateJsonContext"/>).
/// </summary>
public sealed class WindowState
{
    public string Pipeline { get; set; } = "";

    public long Start { get; set; }

    public long End { get; set; }

    public int Shard { get; set; }

    public long AllowedLateness { get; set; }

    /// <summary>Aggregates by group key (the null group is <see cref="NullGroup"/>).</summary>
    public Dictionary<string, Accumulator> Groups { get; set; } = new(StringComparer.Ordinal);

    public Accumulator? NullGroup { get; set; }

    /// <summary>Per partition, the last log offset applied to this window.</summary>
    public Dictionary<int, long> AppliedOffsets { get; set; } = [];

    public bool Fired { get; set; }

    public bool Closed { get; set; }

    /// <summary>Group keys with an accepted late event whose updated result is not emitted yet.</summary>
    public List<string> PendingKeys { get; set; } = [];

    public bool NullPending { get; set; }

    public static WindowState Create(string pipeline, long start, long end, int shard, long allowedLateness) => new()
    {
        Pipeline = pipeline,
        Start = start,
        End = end,
        Shard = shard,
        AllowedLateness = allowedLateness,
    };

    /// <summary>
    /// The watermark a window grain judges a batch against (the <c>watermark</c> of <see cref="Apply"/>). A window that no
    /// on-time event has opened yet (none of it is durable) has expired once the durable pipeline watermark passed
    /// <c>End + AllowedLateness</c>, as in Flink: its events are late whether or not the window ever existed. Once opened
    /// (written with its first accepted events), only its own durable <see cref="Closed"/> flag decides, so a replay after
    /// a restart judges each event as before, or late where it was never shown.
    /// </summary>
    public static long LatenessWatermark(bool opened, long pipelineWatermark) => opened ? long.MinValue : pipelineWatermark;

    /// <summary>True when this window has updates waiting for <see cref="Fire"/>.</summary>
    public bool HasPendingUpdates => NullPending || PendingKeys.Count > 0;

    /// <summary>Applies one event of group <paramref name="groupKey"/> seen at <paramref name="watermark"/>.</summary>
    public ApplyOutcome Apply(in LoggedEvent e, string? groupKey, long watermark, AggregatePlan plan)
    {
        ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(AppliedOffsets, e.Partition, out var exists);
        if (exists && e.Offset <= last)
        {
            return ApplyOutcome.Duplicate;
        }

        if (Closed || Lateness.IsClosed(watermark, End, AllowedLateness))
        {
            if (!exists)
            {
                AppliedOffsets.Remove(e.Partition);
            }

            return ApplyOutcome.Late;
        }

        last = e.Offset;
        Accumulator acc;
        if (groupKey is null)
        {
            acc = NullGroup ??= new Accumulator();
        }
        else
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Groups, groupKey, out _);
            acc = slot ??= new Accumulator();
        }

        acc.Add(e.Event, plan);
        if (!Fired)
        {
            return ApplyOutcome.Accepted;
        }

        if (groupKey is null)
        {
            NullPending = true;
        }
        else if (!PendingKeys.Contains(groupKey))
        {
            PendingKeys.Add(groupKey);
        }

        return ApplyOutcome.AcceptedUpdate;
    }

    /// <summary>
    /// At <c>watermark &gt;= End</c>: the first call returns every group's result (revision 0); later calls return
    /// only the groups updated since (revision + 1). Before that, and when nothing changed, returns an empty list.
    /// </summary>
    public List<WindowResult> Fire(long watermark, long now, AggregatePlan plan)
    {
        var results = new List<WindowResult>();
        if (!Fired)
        {
            if (!Lateness.IsDue(watermark, End))
            {
                return results;
            }

            Fired = true;
            if (NullGroup is { } n)
            {
                results.Add(Emit(n, null, now, plan));
            }

            foreach (var (key, acc) in Groups)
            {
                results.Add(Emit(acc, key, now, plan));
            }
        }
        else
        {
            if (NullPending && NullGroup is { } n)
            {
                results.Add(Emit(n, null, now, plan));
            }

            foreach (var key in PendingKeys)
            {
                results.Add(Emit(Groups[key], key, now, plan));
            }
        }

        NullPending = false;
        PendingKeys.Clear();
        return results;
    }

    /// <summary>
    /// Fires what is due (as <see cref="Fire"/>) and, at <c>watermark &gt;= End + AllowedLateness</c>, closes the
    /// window: its grain may then drop the aggregates. Returns the results of that last firing.
    /// </summary>
    public List<WindowResult> Close(long watermark, long now, AggregatePlan plan)
    {
        var results = Fire(watermark, now, plan);
        if (Lateness.IsClosed(watermark, End, AllowedLateness))
        {
            Closed = true;
        }

        return results;
    }

    /// <summary>
    /// Drops the aggregates of a closed window whose results are durable: nothing reads them again (a closed window
    /// judges every event late before it looks at a group, and fires nothing more), so a window grain holds only its
    /// flags and applied offsets until it is collected, instead of every group's aggregate and sketch.
    /// </summary>
    public void ReleaseAggregates()
    {
        if (!Closed)
        {
            throw new InvalidOperationException("Only a closed window can drop its aggregates.");
        }

        Groups = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        NullGroup = null;
        PendingKeys = [];
        NullPending = false;
    }

    /// <summary>The current result of one group (null when the group has no events).</summary>
    public WindowResult? ResultOf(string? groupKey, long now, AggregatePlan plan)
    {
        var acc = groupKey is null ? NullGroup : Groups.GetValueOrDefault(groupKey);
        return acc?.ToResult(Pipeline, groupKey, Start, End, now, Math.Max(acc.Revision, 0), plan);
    }

    private WindowResult Emit(Accumulator acc, string? key, long now, AggregatePlan plan)
    {
        acc.Revision++;
        return acc.ToResult(Pipeline, key, Start, End, now, acc.Revision, plan);
    }
}
