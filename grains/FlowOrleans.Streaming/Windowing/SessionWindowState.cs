using System.Runtime.InteropServices;
using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// The state of one session grain (<c>{pipeline}/session/{shard}</c>): the sessions of every group key of that shard,
/// open or fired and retained for allowed lateness. Session windows have no fixed starts, so they are sharded by key
/// hash, not by window start. The rules are Flink's merging windows with allowed lateness:
/// <list type="bullet">
/// <item>An event at <c>ts</c> opens the proto-session <c>[ts, ts + Gap)</c>. It merges with every session of its key
/// that overlaps it (<c>s.Start &lt; ts + Gap &amp;&amp; ts &lt; s.End</c>) and is still held: open (not fired), or fired
/// and retained. Sessions of a key are disjoint, and merging is order independent.</item>
/// <item>A session fires when <c>watermark &gt;= End</c>: one result keyed by its start (revision 0 the first time).
/// With <see cref="AllowedLateness"/> 0 it is then removed (final). Otherwise it is retained, with its aggregate and
/// the revision it fired with, until <c>watermark &gt;= End + AllowedLateness</c>, and then dropped.</item>
/// <item>A merge that includes a fired part makes the session <see cref="Session.Pending"/>: it fires again, at once
/// (<see cref="FireUpdates"/>, right after the batch) when its end is at or below the watermark, else when the watermark
/// reaches its end, with revision = max(revisions of its fired parts) + 1. Results of its fired parts whose start
/// differs from the merged start are retracted (<see cref="WindowRetraction"/>) in the same firing. A new session formed
/// by an event within lateness whose end is already due also fires at once (revision 0).</item>
/// <item>Lateness: with <see cref="AllowedLateness"/> 0 an event is late when <c>watermark &gt;= ts + Gap</c> (its own
/// proto-session is already due), as before allowed lateness existed. With allowed lateness it is late when it overlaps
/// no held session and <c>watermark &gt;= ts + Gap + AllowedLateness</c>. A late event is not aggregated; its
/// <see cref="LateEventRecord.WindowStart"/> is its <c>ts</c>.</item>
/// </list>
/// Exactly-once dedup by per-partition last applied offset, as in <see cref="WindowState"/>. The state is all the grain
/// writes before it emits a firing, so re-emitting after a crash (results and retractions alike) is idempotent.
/// </summary>
public sealed class SessionWindowState
{
    public string Pipeline { get; set; } = "";

    public int Shard { get; set; }

    public long Gap { get; set; }

    /// <summary>How long after firing a session still takes late events (0: fired sessions are final).</summary>
    public long AllowedLateness { get; set; }

    public Dictionary<string, List<Session>> Groups { get; set; } = new(StringComparer.Ordinal);

    public List<Session>? NullGroup { get; set; }

    public Dictionary<int, long> AppliedOffsets { get; set; } = [];

    /// <summary>Group keys holding a <see cref="Session.Pending"/> session (the null group is <see cref="NullPending"/>).</summary>
    public List<string> PendingKeys { get; set; } = [];

    public bool NullPending { get; set; }

    public static SessionWindowState Create(string pipeline, int shard, long gap, long allowedLateness = 0) => new()
    {
        Pipeline = pipeline,
        Shard = shard,
        Gap = gap,
        AllowedLateness = allowedLateness,
    };

    /// <summary>How many sessions are held over all keys (open, and fired ones retained for allowed lateness).</summary>
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

    /// <summary>True when a session changed within allowed lateness waits to fire again (see <see cref="FireUpdates"/>).</summary>
    public bool HasPendingUpdates => NullPending || PendingKeys.Count > 0;

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
        if (Lateness.IsClosed(watermark, end, AllowedLateness)
            && (AllowedLateness == 0 || !OverlapsHeld(SessionsOf(groupKey, create: false), ts, end, watermark)))
        {
            if (!exists)
            {
                AppliedOffsets.Remove(e.Partition);
            }

            return ApplyOutcome.Late;
        }

        last = e.Offset;
        var sessions = SessionsOf(groupKey, create: true)!;
        Session? target = null;
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            if (s.Start >= end || ts >= s.End || IsDropped(s, watermark))
            {
                continue;
            }

            if (target is null)
            {
                target = s;
                continue;
            }

            Absorb(target, s, plan);
            sessions.RemoveAt(i);
            i--;
        }

        bool update;
        if (target is null)
        {
            target = new Session { Start = ts, End = end };
            sessions.Add(target);

            // Not late, yet already due: only within allowed lateness. Formed after its time, it fires at once.
            update = Lateness.IsDue(watermark, end);
        }
        else
        {
            target.Start = Math.Min(target.Start, ts);
            target.End = Math.Max(target.End, end);
            update = target.HasFired;
        }

        target.Aggregate.Add(e.Event, plan);
        if (!update)
        {
            return ApplyOutcome.Accepted;
        }

        target.Pending = true;
        MarkPending(groupKey);
        return ApplyOutcome.AcceptedUpdate;
    }

    /// <summary>
    /// Advances to <paramref name="watermark"/>: every session with <c>End &lt;= watermark</c> that has not fired, or
    /// changed since it fired, fires (its results returned, the retractions it brings added to
    /// <paramref name="retractions"/>); fired sessions with <c>End + AllowedLateness &lt;= watermark</c> are removed.
    /// </summary>
    /// <remarks><paramref name="retractions"/> is required with allowed lateness (only then can a firing retract anything).</remarks>
    public List<WindowResult> Fire(long watermark, long now, AggregatePlan plan, ICollection<WindowRetraction>? retractions = null)
    {
        RequireRetractions(retractions);
        var results = new List<WindowResult>();
        PendingKeys.Clear();
        NullPending = NullGroup is { } nulls && FireKey(nulls, null, watermark, now, plan, onlyPending: false, results, retractions);

        List<string>? emptied = null;
        foreach (var (key, sessions) in Groups)
        {
            if (FireKey(sessions, key, watermark, now, plan, onlyPending: false, results, retractions))
            {
                PendingKeys.Add(key);
            }

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

    /// <summary>
    /// Fires only the <see cref="Session.Pending"/> sessions that are due at <paramref name="watermark"/>: what a batch of
    /// events within allowed lateness changed, emitted right after that batch instead of at the next watermark advance.
    /// </summary>
    public List<WindowResult> FireUpdates(long watermark, long now, AggregatePlan plan, ICollection<WindowRetraction> retractions)
    {
        var results = new List<WindowResult>();
        if (NullPending && NullGroup is { } nulls)
        {
            NullPending = FireKey(nulls, null, watermark, now, plan, onlyPending: true, results, retractions);
        }

        for (var i = 0; i < PendingKeys.Count; i++)
        {
            if (!FireKey(Groups[PendingKeys[i]], PendingKeys[i], watermark, now, plan, onlyPending: true, results, retractions))
            {
                PendingKeys.RemoveAt(i);
                i--;
            }
        }

        return results;
    }

    // Fires what is due in one key's sessions and, unless onlyPending, drops the fired ones past their lateness.
    // Returns whether a pending session is left.
    private bool FireKey(
        List<Session> sessions, string? key, long watermark, long now, AggregatePlan plan, bool onlyPending,
        List<WindowResult> results, ICollection<WindowRetraction>? retractions)
    {
        var pendingLeft = false;
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            if ((s.Pending || (!onlyPending && !s.HasFired)) && Lateness.IsDue(watermark, s.End))
            {
                Emit(s, key, now, plan, results, retractions);
            }

            pendingLeft |= s.Pending;
            if (!onlyPending && s.HasFired && !s.Pending && Lateness.IsClosed(watermark, s.End, AllowedLateness))
            {
                sessions.RemoveAt(i);
                i--;
            }
        }

        return pendingLeft;
    }

    private void Emit(Session s, string? key, long now, AggregatePlan plan, List<WindowResult> results, ICollection<WindowRetraction>? retractions)
    {
        var revision = s.Aggregate.Revision + 1;
        s.Aggregate.Revision = revision;
        s.Pending = false;
        results.Add(s.Aggregate.ToResult(Pipeline, key, s.Start, s.End, now, revision, plan));
        if (AllowedLateness == 0)
        {
            return; // Removed right after: nothing of it can be retracted.
        }

        if (s.FiredStarts is { } starts)
        {
            foreach (var start in starts)
            {
                if (start != s.Start)
                {
                    retractions!.Add(new WindowRetraction
                    {
                        Pipeline = Pipeline,
                        Key = key,
                        WindowStart = start,
                        Revision = revision,
                        ReplacedBy = s.Start,
                        RetractedAt = now,
                    });
                }
            }
        }

        s.FiredStarts = [s.Start];
    }

    // Merges `other` into `target`: interval, aggregate, the revision to continue from, the results to retract.
    private static void Absorb(Session target, Session other, AggregatePlan plan)
    {
        target.Start = Math.Min(target.Start, other.Start);
        target.End = Math.Max(target.End, other.End);
        target.Aggregate.Merge(other.Aggregate, plan);
        target.Aggregate.Revision = Math.Max(target.Aggregate.Revision, other.Aggregate.Revision);
        target.Pending |= other.Pending;
        if (other.FiredStarts is { } starts)
        {
            (target.FiredStarts ??= []).AddRange(starts);
        }
    }

    // A fired session past its lateness takes no more events (Fire removes it at the next advance). An open or pending
    // session is held until it fires, whatever the watermark an event brings.
    private bool IsDropped(Session s, long watermark) =>
        s.HasFired && !s.Pending && Lateness.IsClosed(watermark, s.End, AllowedLateness);

    private bool OverlapsHeld(List<Session>? sessions, long ts, long end, long watermark)
    {
        if (sessions is null)
        {
            return false;
        }

        foreach (var s in sessions)
        {
            if (s.Start < end && ts < s.End && !IsDropped(s, watermark))
            {
                return true;
            }
        }

        return false;
    }

    private List<Session>? SessionsOf(string? groupKey, bool create)
    {
        if (groupKey is null)
        {
            return create ? NullGroup ??= [] : NullGroup;
        }

        if (!create)
        {
            return Groups.GetValueOrDefault(groupKey);
        }

        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Groups, groupKey, out _);
        return slot ??= [];
    }

    private void MarkPending(string? groupKey)
    {
        if (groupKey is null)
        {
            NullPending = true;
        }
        else if (!PendingKeys.Contains(groupKey))
        {
            PendingKeys.Add(groupKey);
        }
    }

    private void RequireRetractions(ICollection<WindowRetraction>? retractions)
    {
        if (retractions is null && AllowedLateness > 0)
        {
            throw new ArgumentNullException(nameof(retractions), "With allowed lateness a firing can retract earlier results: pass a collection for them.");
        }
    }
}
