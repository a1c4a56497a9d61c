using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;

namespace FlowOrleans.Api.Tests.Sessions;

/// <summary>
/// Session windows with allowed lateness as a user sees them over REST, step by step: two sessions of one key fire; an
/// event within lateness extends the second one (revision 1 replaces revision 0); one that bridges both merges them
/// under the first start (the second start disappears); once the watermark passed the merged end plus the lateness,
/// an event inside it is late. The expected results are computed from the events sent, with the session rules.
/// </summary>
internal sealed class SessionLatenessScenario(FlowApi api, string pipeline)
{
    public const long Gap = 1_000;
    public const long Lateness = 10_000;
    public const int Partitions = 4;
    private const long W0 = 1_700_000_000_000;
    private const string Key = "k";

    private readonly string _type = pipeline + "-ev";
    private readonly List<StreamEvent> _first = [];
    private readonly List<StreamEvent> _second = [];
    private int _pushes;

    public string Definition => $$"""
        {"name": "{{pipeline}}", "window": {"type": "session", "gap": {{Gap}}}, "groupBy": "key", "types": ["{{_type}}"],
         "watermarkDelay": 0, "idleTimeout": 600000, "allowedLateness": {{Lateness}}, "aggregates": ["count", "sum", "min", "max", "avg"]}
        """;

    /// <summary>Every event of the merged session so far.</summary>
    public IReadOnlyList<StreamEvent> Merged => [.. _first, .. _second];

    /// <summary>Two sessions of the key fire with revision 0.</summary>
    public async Task TwoSessionsFireAsync()
    {
        await api.CreatePipelineAsync(Definition);
        _first.Add(Event("first", W0 + 1_000, 1));
        _second.Add(Event("second", W0 + 2_600, 2));
        await api.IngestAsync([_first[0], _second[0]]);
        await PushAsync(W0 + 5_000);
        var fired = await ResultsWhenAsync(r => r.Count == 2, "both sessions to fire");
        AssertSession(_first, 0, fired[0]);
        AssertSession(_second, 0, fired[1]);
    }

    /// <summary>An event within lateness extends the second session: its revision 1 replaces revision 0.</summary>
    public async Task AnUpdateReplacesTheFirstResultAsync()
    {
        _second.Add(Event("extend", W0 + 2_700, 3));
        await api.IngestAsync([_second[^1]]);
        var updated = await ResultsWhenAsync(r => r.Count == 2 && r[1].Revision > 0, "the second session's update");
        AssertSession(_first, 0, updated[0]);
        AssertSession(_second, 1, updated[1]);
    }

    /// <summary>An event within lateness bridges both fired sessions: one result under the first start, the second start gone.</summary>
    public async Task ABridgeMergesThemAsync()
    {
        var secondStart = _second.Min(e => e.Ts);
        _second.Add(Event("bridge", W0 + 1_900, 4)); // [1_900, 2_900) overlaps [1_000, 2_000) and [2_600, 3_700)
        await api.IngestAsync([_second[^1]]);
        var merged = await ResultsWhenAsync(r => r.Count == 1, "the merged session");
        AssertSession(Merged, 2, merged[0]); // max(0, 1) + 1
        await AssertNoResultAtAsync(secondStart);
    }

    /// <summary>Goes on with what <paramref name="earlier"/> sent (before a restart), through this scenario's node.</summary>
    public void Continue(SessionLatenessScenario earlier)
    {
        _first.AddRange(earlier._first);
        _second.AddRange(earlier._second);
        _pushes = earlier._pushes;
    }

    /// <summary>The merged session is still the only result, and its second start still gone from every query.</summary>
    public async Task AssertStillMergedAsync(int revision)
    {
        AssertSession(Merged, revision, Assert.Single(await ResultsAsync()));
        await AssertNoResultAtAsync(_second[0].Ts);
    }

    /// <summary>After a restart: one more event within lateness continues from the revision shown before.</summary>
    public async Task AnotherUpdateContinuesTheRevisionsAsync(int revision)
    {
        _second.Add(Event("after", W0 + 3_200, 5));
        await api.IngestAsync([_second[^1]]);
        var updated = await ResultsWhenAsync(r => r.Count == 1 && r[0].Count == Merged.Count, "the next update of the merged session");
        AssertSession(Merged, revision, updated[0]);
    }

    /// <summary>
    /// The watermark passes the merged end plus the lateness; then an event inside the dropped session is late. The
    /// key's partition reports first, so it only knows an older watermark: the session grain's own must judge.
    /// </summary>
    public async Task BeyondTheLatenessAnEventIsLateAsync()
    {
        var end = Merged.Max(e => e.Ts) + Gap;
        var shown = Assert.Single(await ResultsAsync());
        var keyPartition = EventPartitioner.PartitionOf(new StreamEvent("x", 0, null, Key, null), Partitions);
        var push = Push(end + Lateness);
        await api.IngestAsync(push.Where(e => e.Partition == keyPartition).Select(e => e.Event));
        await Eventually.TrueAsync(
            async () => (await api.WatermarkAsync(pipeline)).Partitions.Any(p => p.Partition == keyPartition && p.MaxTs >= end + Lateness),
            "the key's partition to report");
        await api.IngestAsync(push.Where(e => e.Partition != keyPartition).Select(e => e.Event));
        await api.WatermarkReachesAsync(pipeline, end + Lateness);

        var tooLate = Event("too-late", W0 + 2_000, 100); // inside [1_000, end), and 2_000 + gap + lateness <= the watermark
        await api.IngestAsync([tooLate]);
        var late = await Eventually.ValueAsync(() => api.LateAsync(pipeline), l => l.Count == 1, "the event beyond the lateness to be listed");
        Assert.Equal((tooLate.Id, tooLate.Ts), (late[0].Id, late[0].WindowStart));

        // Nothing of it is aggregated, also not as a session of its own after the next firing round.
        await PushAsync(end + Lateness + (2 * Gap));
        Assert.Equal(shown with { EmittedAt = 0 }, Assert.Single(await ResultsAsync()) with { EmittedAt = 0 });
    }

    private StreamEvent Event(string id, long ts, double value) => new($"{pipeline}-{id}", ts, value, Key, _type);

    private List<(int Partition, StreamEvent Event)> Push(long ts) =>
        [.. FlowApi.PushEvents(ts, Partitions, $"{pipeline}-push{_pushes++}").Select(e => (EventPartitioner.PartitionOf(e, Partitions), e))];

    private async Task PushAsync(long ts)
    {
        await api.IngestAsync(Push(ts).Select(p => p.Event));
        await api.WatermarkReachesAsync(pipeline, ts);
    }

    private Task<List<WindowResult>> ResultsAsync() => api.ResultsAsync($"pipeline={pipeline}");

    private Task<List<WindowResult>> ResultsWhenAsync(Func<List<WindowResult>, bool> done, string what) =>
        Eventually.ValueAsync(ResultsAsync, done, what);

    private async Task AssertNoResultAtAsync(long start)
    {
        Assert.DoesNotContain(await ResultsAsync(), r => r.WindowStart == start);
        var recent = (await api.Http.GetStringAsync("/recent?limit=100000"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<WindowResult>(l, FlowApi.Json)!)
            .Where(r => r.Pipeline == pipeline)
            .ToList();
        Assert.NotEmpty(recent);
        Assert.DoesNotContain(recent, r => r.WindowStart == start);
    }

    private static void AssertSession(IReadOnlyList<StreamEvent> events, int revision, WindowResult r)
    {
        var values = events.Select(e => e.Value!.Value).ToList();
        Assert.Equal(
            (Key, events.Min(e => e.Ts), events.Max(e => e.Ts) + Gap, (long)events.Count, values.Sum(), values.Min(), values.Max(), revision),
            (r.Key, r.WindowStart, r.WindowEnd, r.Count, r.Sum!.Value, r.Min!.Value, r.Max!.Value, r.Revision));
    }
}
