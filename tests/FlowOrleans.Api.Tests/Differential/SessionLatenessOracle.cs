using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>What <see cref="SessionLatenessOracle.Classify"/> can tell about an event before its round is sent.</summary>
internal enum SessionOutcome
{
    Accepted,
    Late,

    /// <summary>Depends on the watermark the event is judged at, which the node's partitions decide: not generated.</summary>
    Undecided,
}

/// <summary>
/// Session windows with allowed lateness recomputed round by round, written without the classes under test (Flink's
/// merging windows): an event overlapping a held session (not fired, or fired with <c>End + lateness</c> above the
/// watermark) joins it and merges every held one it bridges; one that overlaps none is late when
/// <c>ts + gap + lateness</c> is at or below the watermark, else it opens a session of its own; a fired session is
/// final once the watermark reaches <c>End + lateness</c>. A node judges each event at some watermark between the one of
/// two rounds before and the one its round ends with (<see cref="RoundDriver"/> waits for each round's watermark), so
/// an event has one outcome only when the rules agree over that whole range, and the end of every session is then the
/// same whatever the interleaving of partitions. <see cref="Classify"/> says whether it does. Events are applied in
/// rounds (<see cref="Apply"/>, then <see cref="EndRound"/>).
/// </summary>
internal sealed class SessionLatenessOracle(long gap, long lateness)
{
    private readonly Dictionary<string, List<OracleSession>> _held = [];
    private readonly Dictionary<string, HashSet<long>> _finalStarts = [];

    /// <summary>Every session once final (and, after <see cref="Finish"/>, every one), by (key, start).</summary>
    public Dictionary<(string Key, long Start), OracleWindow> Windows { get; } = [];

    /// <summary>Late records: (event id, the event's ts).</summary>
    public List<(string Id, long WindowStart)> Late { get; } = [];

    /// <summary>Events older than their round's starting watermark that joined or opened a session.</summary>
    public int AcceptedWithinLateness { get; private set; }

    /// <summary>Of those, how many moved the start of a fired session or merged two (results the node must retract).</summary>
    public int Retracting { get; private set; }

    /// <summary>
    /// The outcome of an event of round <c>r</c>: <paramref name="started"/> is the watermark the round starts with
    /// (sessions ending at or before it fired), <paramref name="lowest"/> the one of two rounds before, and
    /// <paramref name="highest"/> the one the round ends with. Against the state before the round.
    /// </summary>
    public SessionOutcome Classify(string key, long ts, long started, long lowest, long highest)
    {
        var held = false;
        foreach (var s in Touching(key, ts))
        {
            if (s.End > started || s.End + lateness > highest)
            {
                held = true; // Not fired yet (then lateness >= one round keeps it held all round), or fired and held all round.
            }
            else if (s.End + lateness > lowest)
            {
                return SessionOutcome.Undecided; // Dropped during the round or not, depending on when the event is judged.
            }
        }

        if (held)
        {
            return SessionOutcome.Accepted;
        }

        var closesAt = ts + gap + lateness;
        if (closesAt <= lowest)
        {
            return SessionOutcome.Late;
        }

        // A session of its own: not under the start of a session that went final (the store would hold two results there).
        var overlapsFinal = _finalStarts.TryGetValue(key, out var starts) && starts.Any(s => s < ts + gap && ts - (10 * gap) < s);
        return closesAt > highest && !overlapsFinal ? SessionOutcome.Accepted : SessionOutcome.Undecided;
    }

    /// <summary>Applies an event that <see cref="Classify"/> judged, in the round whose start watermark is <paramref name="started"/>.</summary>
    public void Apply(string key, string id, long ts, double? value, SessionOutcome outcome, long started)
    {
        if (outcome == SessionOutcome.Late)
        {
            Late.Add((id, ts));
            return;
        }

        var sessions = Held(key);
        var touching = Touching(key, ts).ToList();
        if (ts < started)
        {
            AcceptedWithinLateness++;
            var fired = touching.Where(s => s.End <= started).ToList();
            if (fired.Count > 1 || (fired.Count == 1 && ts < fired[0].Start))
            {
                Retracting++;
            }
        }

        var merged = new OracleSession
        {
            Start = touching.Select(s => s.Start).Append(ts).Min(),
            End = touching.Select(s => s.End).Append(ts + gap).Max(),
        };
        merged.Values.AddRange(touching.SelectMany(s => s.Values).Append(value));
        sessions.RemoveAll(touching.Contains);
        sessions.Add(merged);
    }

    /// <summary>The round ended at <paramref name="watermark"/>: fired sessions past their lateness are final.</summary>
    public void EndRound(long watermark)
    {
        foreach (var (key, sessions) in _held)
        {
            foreach (var s in sessions.Where(s => s.End + lateness <= watermark).ToList())
            {
                Finalize(key, s);
                sessions.Remove(s);
            }
        }
    }

    /// <summary>The stream ended: what is still held shows with its last revision.</summary>
    public void Finish()
    {
        foreach (var (key, sessions) in _held)
        {
            sessions.ForEach(s => Finalize(key, s));
            sessions.Clear();
        }
    }

    private void Finalize(string key, OracleSession s)
    {
        var w = new OracleWindow { End = s.End };
        w.Values.AddRange(s.Values);
        Windows.Add((key, s.Start), w);
        (_finalStarts.TryGetValue(key, out var starts) ? starts : _finalStarts[key] = []).Add(s.Start);
    }

    private List<OracleSession> Held(string key) => _held.TryGetValue(key, out var list) ? list : _held[key] = [];

    private IEnumerable<OracleSession> Touching(string key, long ts) =>
        _held.TryGetValue(key, out var list) ? list.Where(s => s.Start < ts + gap && ts < s.End) : [];

    private sealed class OracleSession
    {
        public long Start { get; init; }
        public long End { get; init; }
        public List<double?> Values { get; } = [];
    }
}
