using System.Globalization;
using FlowOrleans.Grains.Routing;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Tests.Routing;

/// <summary>
/// The router against the plain definition of routing, restated here one event at a time: for each pipeline, the
/// events passing its filter go to each of their windows (start, key shard), or to their session shard, in offset
/// order; targets appear in the order of their first event; pipelines without events are left out.
/// </summary>
public class PartitionBatchRouterTests
{
    private static readonly PipelineDefinition[] Pipelines =
    [
        PipelineDefinition.Default,
        PipelineDefinition.Alerts,
        new() { Name = "sharded-sliding", Shards = 4, Window = new WindowDefinition { Type = WindowTypes.Sliding, Size = 9_000, Slide = 3_000 } },
        new() { Name = "global-tumbling", GroupBy = null, Shards = 3, Window = new WindowDefinition { Type = WindowTypes.Tumbling, Size = 2_000, Offset = 500 } },
        new() { Name = "sessions", Shards = 5, Types = ["click"], Window = new WindowDefinition { Type = WindowTypes.Session, Gap = 1_000 } },
        new() { Name = "nothing", Types = ["never"], Window = new WindowDefinition { Type = WindowTypes.Tumbling, Size = 1_000 } },
    ];

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(4, 5_000)]
    [InlineData(5, 333)]
    public void Routes_every_event_to_its_targets_in_offset_order(int seed, int size)
    {
        var router = new PartitionBatchRouter(Pipelines);
        var rng = new Random(seed);
        long offset = 0;
        for (var round = 0; round < 3; round++)
        {
            // The same router, again: its reused scratch space must not leak from one batch into the next.
            var batch = Batch(rng, round == 1 ? size / 2 : size, ref offset);
            var routes = router.Route(batch);
            if (round > 0)
            {
                router.Release(); // and reused arrays must not leak either: the next round writes over these
            }

            routes = router.Route(batch);
            var expected = Expected(batch);
            Assert.Equal(expected.Select(r => r.Pipeline), routes.Select(r => r.Pipeline.Name));
            foreach (var (route, (_, windows, sessions)) in routes.Zip(expected))
            {
                Assert.Equal(windows.Keys, route.Windows.Keys);
                Assert.Equal(sessions.Keys, route.Sessions.Keys);
                foreach (var (key, events) in windows)
                {
                    Assert.Equal(events, route.Windows[key]);
                }

                foreach (var (key, events) in sessions)
                {
                    Assert.Equal(events, route.Sessions[key]);
                }
            }
        }
    }

    [Fact]
    public void Released_arrays_are_reused_and_unreleased_ones_are_left_to_their_readers()
    {
        var router = new PartitionBatchRouter(Pipelines);
        var rng = new Random(7);
        long offset = 0;
        var first = router.Route(Batch(rng, 500, ref offset));
        var firstEvents = Snapshot(first);

        // Not released (a call failed): the next route must not touch the arrays a slow receiver may still read.
        var second = router.Route(Batch(rng, 400, ref offset));
        Assert.Equal(firstEvents, Snapshot(first));
        Assert.DoesNotContain(ArraysOf(second), ArraysOf(first).Contains);

        // Released: the arrays are cleared (no old event stays reachable) and the next route writes into them.
        var secondArrays = ArraysOf(second);
        router.Release();
        Assert.All(secondArrays, a => Assert.All(a, e => Assert.Null(e.Event)));
        var batch = Batch(rng, 300, ref offset);
        var third = router.Route(batch);
        Assert.Equal(secondArrays, ArraysOf(third));
        Assert.Equal(Expected(batch).SelectMany(r => r.Windows.Values.Concat(r.Sessions.Values)).SelectMany(e => e), Snapshot(third));
    }

    private static List<LoggedEvent> Snapshot(List<PipelineRoute> routes) =>
        [.. routes.SelectMany(r => r.Windows.Values.Concat(r.Sessions.Values)).SelectMany(e => e)];

    private static HashSet<LoggedEvent[]> ArraysOf(List<PipelineRoute> routes) =>
        [.. routes.SelectMany(r => r.Windows.Values.Concat(r.Sessions.Values)).Select(e => ((ArraySegment<LoggedEvent>)e).Array!)];

    [Fact]
    public void Slices_keep_their_events_when_the_router_routes_the_next_batch()
    {
        var router = new PartitionBatchRouter(Pipelines);
        var rng = new Random(9);
        long offset = 0;
        var first = Batch(rng, 200, ref offset);
        var routes = router.Route(first);
        var copies = routes.Select(r => r.Windows.ToDictionary(w => w.Key, w => w.Value.ToArray())).ToList();
        router.Route(Batch(rng, 400, ref offset));
        for (var i = 0; i < routes.Count; i++)
        {
            foreach (var (key, events) in routes[i].Windows)
            {
                Assert.Equal(copies[i][key], events);
            }
        }
    }

    private static List<(string Pipeline, Dictionary<(long, int), List<LoggedEvent>> Windows, Dictionary<int, List<LoggedEvent>> Sessions)> Expected(List<LoggedEvent> batch)
    {
        var expected = new List<(string, Dictionary<(long, int), List<LoggedEvent>>, Dictionary<int, List<LoggedEvent>>)>();
        foreach (var p in Pipelines)
        {
            var windows = new Dictionary<(long, int), List<LoggedEvent>>();
            var sessions = new Dictionary<int, List<LoggedEvent>>();
            foreach (var e in batch)
            {
                if (p.Types is { } types && !types.Contains(e.Event.Type ?? "\0"))
                {
                    continue;
                }

                var shard = p.GroupBy is null || e.Event.Key is null || p.Shards == 1 ? 0 : (int)(Fnv1aHash.Hash(e.Event.Key) % (ulong)p.Shards);
                if (p.IsSession)
                {
                    Add(sessions, shard, e);
                    continue;
                }

                var size = p.Window.Size;
                var slide = p.Window.Slide ?? size;
                var offset = p.Window.Type == WindowTypes.Tumbling ? p.Window.Offset : 0;

                // Every start s = offset + k * slide with s <= ts < s + size, oldest first.
                var last = e.Event.Ts - (((e.Event.Ts - offset) % slide) + slide) % slide;
                for (var s = last - size + slide; s <= last; s += slide)
                {
                    Add(windows, (s, shard), e);
                }
            }

            if (windows.Count > 0 || sessions.Count > 0)
            {
                expected.Add((p.Name, windows, sessions));
            }
        }

        return expected;
    }

    private static void Add<TKey>(Dictionary<TKey, List<LoggedEvent>> map, TKey key, LoggedEvent e) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(e);
    }

    private static List<LoggedEvent> Batch(Random rng, int size, ref long offset)
    {
        string?[] types = ["important", "critical", "click", null, "other"];
        var batch = new List<LoggedEvent>(size);
        var now = 1_700_000_000_000L + rng.Next(100_000);
        for (var i = 0; i < size; i++)
        {
            var key = rng.Next(10) == 0 ? null : "k" + rng.Next(50).ToString(CultureInfo.InvariantCulture);
            var ts = now - rng.Next(rng.Next(20) == 0 ? 40_000 : 3_000);
            var e = new StreamEvent(offset.ToString(CultureInfo.InvariantCulture), ts, rng.Next(100), key, types[rng.Next(types.Length)]);
            batch.Add(new LoggedEvent(2, offset++, now, e));
        }

        return batch;
    }
}
