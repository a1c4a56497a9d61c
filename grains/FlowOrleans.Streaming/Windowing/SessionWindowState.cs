using System.Runtime.InteropServices;
using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// The state of one session grain (<c>{pipeline}/session/{shard}</c>): the open sessions of every group key of
/// that shard. Session windows have no fixed starts, so they are sharded by key hash, not by window start.
/// <list type="bullet">
/// <item>An event at <c>ts</c> opens the proto-session <c>[ts, ts + Gap)</c>. It merges with every open session of
/// its key that overlaps it (<c>s.Start &lt; ts + Gap &amp;&amp; ts &lt; s.End</c>); open sessions of a key are disjoint,
/// and merging is order independent.</item>
/// <item>A session fires once, when <c>watermark &gt;= End</c>: one result (revision 0) keyed by its start, and it
/// is then removed (final).</item>
/// <item>Lateness: an event is late when <c>watermark &gt;= ts + Gap</c> (its own proto-session is already due);
/// its <see cref="LateEventRecord.WindowStart"/> is its <c>ts</c>. An on-time event never joins a fired session: if it
/// overlaps one in time it starts a new session (with a later start). Allowed lateness is not supported for
/// sessions (the validator requires 0).</item>
/// </list>
/// Exactly-once dedup by per-partition last applied offset, as in <see cref="WindowState"/>.
/// </summary>
public sealed class SessionWindowState
{
    public string Pipeline { get; set; } = "";

    public int Shard { get; set; }

    public long Gap { get; set; }

    public Dictionary<string, List<Session>> Groups { get; set; } = new(StringComparer.Ordinal);

    public List<Session>? NullGroup { get; set; }

    public Dictionary<int, long> AppliedOffsets { get; set; } = [];

    public static SessionWindowState Create(string pipeline, int shard, long gap) => new()
    {
        Pipeline = pipeline,
        Shard = shard,
        Gap = gap,
    };

    /// <summary>How many sessions are open over all keys.</summary>
    public int OpenSessionCount
    {
        get
        {
            var n = NullGroup?.Count ?? 0;
            foreach (var list in Groups.Values)
            {
                n += list.Count;
            }

            return n;
        }
    }

    /// <summary>Applies one event of group <paramref name="groupKey"/> seen at <paramref name="watermark"/>.</summary>
    public ApplyOutcome Apply(in LoggedEvent e, string? groupKey, long watermark, AggregatePlan plan)
    {
        ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(AppliedOffsets, e.Partition, out var exists);
        if (exists && e.Offset <= last)
        {
            return ApplyOutcome.Duplicate;
        }

        var ts = e.Event.Ts;
        var end = ts + Gap;
        if (Lateness.IsDue(watermark, end))
        {
            if (!exists)
            {
                AppliedOffsets.Remove(e.Partition);
            }

            return ApplyOutcome.Late;
        }

        last = e.Offset;
        List<Session> sessions;
        if (groupKey is null)
        {
            sessions = NullGroup ??= [];
        }
        else
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Groups, groupKey, out _);
            sessions = slot ??= [];
        }

        Session? target = null;
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            if (s.Start >= end || ts >= s.End)
            {
                continue;
            }

            if (target is null)
            {
                target = s;
                continue;
            }

            target.Start = Math.Min(target.Start, s.Start);
            target.End = Math.Max(target.End, s.End);
            target.Aggregate.Merge(s.Aggregate, plan);
            sessions.RemoveAt(i);
            i--;
        }

        if (target is null)
        {
            target = new Session { Start = ts, End = end };
            sessions.Add(target);
        }
        else
        {
            target.Start = Math.Min(target.Start, ts);
            target.End = Math.Max(target.End, end);
        }

        target.Aggregate.Add(e.Event, plan);
        return ApplyOutcome.Accepted;
    }

    /// <summary>Returns the results of every session with <c>End &lt;= watermark</c> and removes them.</summary>
    public List<WindowResult> Fire(long watermark, long now, AggregatePlan plan)
    {
        var results = new List<WindowResult>();
        if (NullGroup is { } nulls)
        {
            FireKey(nulls, null, watermark, now, plan, results);
        }

        List<string>? emptied = null;
        foreach (var (key, sessions) in Groups)
        {
            FireKey(sessions, key, watermark, now, plan, results);
            if (sessions.Count == 0)
            {
                (emptied ??= []).Add(key);
            }
        }

        if (emptied is not null)
        {
            foreach (var key in emptied)
            {
                Groups.Remove(key);
            }
        }

        return results;
    }

    private void FireKey(List<Session> sessions, string? key, long watermark, long now, AggregatePlan plan, List<WindowResult> results)
    {
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            if (!Lateness.IsDue(watermark, s.End))
            {
                continue;
            }

            s.Aggregate.Revision = 0;
            results.Add(s.Aggregate.ToResult(Pipeline, key, s.Start, s.End, now, 0, plan));
            sessions.RemoveAt(i);
            i--;
        }
    }
}
