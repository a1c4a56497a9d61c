namespace FlowOrleans.Streaming.Tests.Differential;

/// <summary>The pipeline settings the oracle needs, restated in plain values.</summary>
internal sealed record OracleSpec(
    string Kind, long Size, long Slide, long Offset, long Gap, long Delay, long AllowedLateness, long IdleTimeout,
    bool AdvanceOnIdle, string[]? Types, bool GroupByKey);

/// <summary>The expected content of one window (or session) of one key.</summary>
internal sealed class OracleWindow
{
    public long End { get; set; }
    public List<double?> Values { get; } = [];
}

/// <summary>
/// A brute-force recomputation of the engine's documented contract, written without the classes under test:
/// replays the watermark over the delivery steps, classifies every event against the watermark before its batch,
/// and collects the events of each (key, window) and the late (id, window) pairs. A window is late once that watermark
/// passed its end (plus allowed lateness) whether or not any earlier event opened it (Flink's expired window).
/// </summary>
internal sealed class BatchOracle(OracleSpec spec)
{
    private const string NullKey = "\u0000null";
    private readonly Dictionary<int, long> _maxTs = [];
    private readonly Dictionary<int, long> _lastAt = [];
    private readonly Dictionary<int, long> _lastOffset = [];
    private readonly Dictionary<string, List<(long Start, long End, List<double?> Values)>> _openSessions = [];
    private long _watermark = long.MinValue;

    public Dictionary<(string Key, long Start), OracleWindow> Windows { get; } = [];
    public List<(string Id, long WindowStart)> Late { get; } = [];

    public static string KeyOf(string? key) => key ?? NullKey;

    public void Run(IEnumerable<DeliveryStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.Batch is { } batch)
            {
                var before = _watermark;
                foreach (var e in batch)
                {
                    if (_lastOffset.TryGetValue(e.Partition, out var lo) && e.Offset <= lo)
                    {
                        continue;
                    }

                    _lastOffset[e.Partition] = e.Offset;
                    Classify(e.Event, before);
                    _maxTs[e.Partition] = _maxTs.TryGetValue(e.Partition, out var m) ? Math.Max(m, e.Event.Ts) : e.Event.Ts;
                    _lastAt[e.Partition] = step.Now;
                }
            }

            Recompute(step.Now);
        }

        foreach (var (key, sessions) in _openSessions)
        {
            foreach (var s in sessions)
            {
                AddSession(key, s);
            }
        }
    }

    private void Classify(StreamEvent e, long watermark)
    {
        if (spec.Types is not null && !spec.Types.Contains(e.Type))
        {
            return;
        }

        var key = spec.GroupByKey ? KeyOf(e.Key) : NullKey;
        if (spec.Kind == "session")
        {
            ClassifySession(e, key, watermark);
            return;
        }

        var starts = new List<long>();
        if (spec.Kind == "tumbling")
        {
            starts.Add(e.Ts - ((((e.Ts - spec.Offset) % spec.Size) + spec.Size) % spec.Size));
        }
        else
        {
            var aligned = e.Ts - (((e.Ts % spec.Slide) + spec.Slide) % spec.Slide);
            for (var s = aligned; s > e.Ts - spec.Size; s -= spec.Slide)
            {
                starts.Add(s);
            }
        }

        foreach (var start in starts)
        {
            var end = start + spec.Size;
            if (watermark >= end + spec.AllowedLateness)
            {
                Late.Add((e.Id, start));
                continue;
            }

            if (!Windows.TryGetValue((key, start), out var w))
            {
                Windows[(key, start)] = w = new OracleWindow { End = end };
            }

            w.Values.Add(e.Value);
        }
    }

    private void ClassifySession(StreamEvent e, string key, long watermark)
    {
        if (watermark >= e.Ts + spec.Gap)
        {
            Late.Add((e.Id, e.Ts));
            return;
        }

        if (!_openSessions.TryGetValue(key, out var sessions))
        {
            _openSessions[key] = sessions = [];
        }

        var touching = sessions.Where(s => s.Start < e.Ts + spec.Gap && e.Ts < s.End).ToList();
        var values = touching.SelectMany(s => s.Values).Append(e.Value).ToList();
        var start = touching.Select(s => s.Start).Append(e.Ts).Min();
        var end = touching.Select(s => s.End).Append(e.Ts + spec.Gap).Max();
        sessions.RemoveAll(touching.Contains);
        sessions.Add((start, end, values));
    }

    private void Recompute(long now)
    {
        if (_maxTs.Count > 0)
        {
            var active = _maxTs.Keys.Where(p => now - _lastAt[p] < spec.IdleTimeout).ToList();
            long candidate;
            if (active.Count > 0)
            {
                candidate = active.Min(p => _maxTs[p] - spec.Delay);
            }
            else
            {
                candidate = _maxTs.Values.Max() - spec.Delay;
                if (spec.AdvanceOnIdle)
                {
                    candidate += now - (_lastAt.Values.Max() + spec.IdleTimeout);
                }
            }

            _watermark = Math.Max(_watermark, candidate);
        }

        foreach (var (key, sessions) in _openSessions)
        {
            foreach (var s in sessions.Where(s => s.End <= _watermark).ToList())
            {
                AddSession(key, s);
                sessions.Remove(s);
            }
        }
    }

    private void AddSession(string key, (long Start, long End, List<double?> Values) s)
    {
        var w = new OracleWindow { End = s.End };
        w.Values.AddRange(s.Values);
        Windows.Add((key, s.Start), w);
    }
}
