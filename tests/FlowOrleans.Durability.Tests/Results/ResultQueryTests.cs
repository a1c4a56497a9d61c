using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Results;

public class ResultQueryTests
{
    private readonly InMemoryResultStore _store = new();

    [Fact]
    public async Task ALaterRevisionReplacesTheEarlierOneEverywhere()
    {
        await _store.UpsertResultsAsync([Samples.Result("a", 0), Samples.Result("b", 0)]);
        var changed = await _store.UpsertResultsAsync([Samples.Result("a", 0, count: 5, revision: 1)]);

        Assert.Single(changed);
        Assert.Equal(2, _store.ResultCount);
        Assert.Equal([("b", 1L), ("a", 5L)], _store.Recent(10).Select(r => (r.Key!, r.Count)));
        Assert.Equal([5L, 1L], _store.Query("default", KeyFilter.Any, null, null, 10).Select(r => r.Count));
        Assert.Equal(5, Assert.Single(_store.Query("default", KeyFilter.Exactly("a"), null, null, 10)).Count);
    }

    [Fact]
    public async Task ReUpsertingTheSameContentOrAnOlderRevisionIsNoChange()
    {
        await _store.UpsertResultsAsync([Samples.Result("a", 0, count: 2, revision: 1)]);
        Assert.Empty(await _store.UpsertResultsAsync([Samples.Result("a", 0, count: 2, revision: 1, emittedAt: 777)]));
        Assert.Empty(await _store.UpsertResultsAsync([Samples.Result("a", 0, count: 9, revision: 0)]));
        Assert.Single(await _store.UpsertResultsAsync([Samples.Result("a", 0, count: 3, revision: 1)]));
        var only = Assert.Single(_store.Recent(10));
        Assert.Equal((3L, 1), (only.Count, only.Revision));
    }

    [Fact]
    public async Task AggregatesTakePartInTheContentComparison()
    {
        var withP99 = Samples.Result("a", 0) with { Aggregates = new Dictionary<string, double?> { ["p99"] = 4 } };
        await _store.UpsertResultsAsync([withP99]);
        Assert.Empty(await _store.UpsertResultsAsync([withP99 with { Aggregates = new Dictionary<string, double?> { ["p99"] = 4 } }]));
        Assert.Single(await _store.UpsertResultsAsync([withP99 with { Aggregates = new Dictionary<string, double?> { ["p99"] = 5 } }]));
    }

    [Fact]
    public async Task QueryOrdersByWindowStartThenKeyWithTheNullKeyFirst()
    {
        await _store.UpsertResultsAsync([
            Samples.Result("b", 10_000), Samples.Result("a", 10_000), Samples.Result(null, 10_000),
            Samples.Result("z", 0), Samples.Result("a", 20_000), Samples.Result("a", 0, pipeline: "alerts"),
        ]);

        var all = _store.Query("default", KeyFilter.Any, null, null, 100);
        Assert.Equal([(0L, "z"), (10_000L, null), (10_000L, "a"), (10_000L, "b"), (20_000L, "a")], all.Select(r => (r.WindowStart, r.Key)));
        Assert.Single(_store.Query("alerts", KeyFilter.Any, null, null, 100));
        Assert.Empty(_store.Query("nope", KeyFilter.Any, null, null, 100));
    }

    [Fact]
    public async Task FiltersDistinguishNoKeyFilterFromTheNullGroupAndBoundWindowStartInclusively()
    {
        await _store.UpsertResultsAsync([
            Samples.Result(null, 0), Samples.Result(null, 10_000), Samples.Result("a", 10_000),
            Samples.Result(null, 20_000), Samples.Result("a", 30_000),
        ]);

        Assert.Equal([0L, 10_000L, 20_000L], _store.Query("default", KeyFilter.Exactly(null), null, null, 100).Select(r => r.WindowStart));
        Assert.Equal(5, _store.Query("default", KeyFilter.Any, null, null, 100).Count);
        Assert.Equal([10_000L, 20_000L], _store.Query("default", KeyFilter.Exactly(null), 10_000, 20_000, 100).Select(r => r.WindowStart));
        Assert.Equal([(10_000L, null), (10_000L, "a"), (20_000L, (string?)null)], _store.Query("default", KeyFilter.Any, 10_000, 20_000, 100).Select(r => (r.WindowStart, r.Key)));
        Assert.Equal([(10_000L, (string?)null), (10_000L, "a")], _store.Query("default", KeyFilter.Any, 10_000, 10_000, 100).Select(r => (r.WindowStart, r.Key)));
        Assert.Empty(_store.Query("default", KeyFilter.Any, 20_000, 10_000, 100));
        Assert.Equal([10_000L], _store.Query("default", KeyFilter.Exactly("a"), null, 29_999, 100).Select(r => r.WindowStart));
    }

    [Fact]
    public async Task LimitsCutQueriesAndRecentReturnsTheLastNOldestFirst()
    {
        await _store.UpsertResultsAsync(Enumerable.Range(0, 50).Select(i => Samples.Result("k", i * 10_000L)).ToList());

        Assert.Equal([0L, 10_000L, 20_000L], _store.Query("default", KeyFilter.Any, null, null, 3).Select(r => r.WindowStart));
        Assert.Equal([0L, 10_000L], _store.Query("default", KeyFilter.Exactly("k"), null, null, 2).Select(r => r.WindowStart));
        Assert.Equal([470_000L, 480_000L, 490_000L], _store.Recent(3).Select(r => r.WindowStart));
        Assert.Equal(50, _store.Recent(1000).Count);
        Assert.Empty(_store.Recent(0));
    }

    [Fact]
    public async Task LateRecordsAreDeduplicatedAndTheLastNComeOldestFirst()
    {
        var added = await _store.AppendLateAsync([Samples.Late(0, 1), Samples.Late(0, 2), Samples.Late(1, 1), Samples.Late(0, 1, windowStart: 10_000)]);
        Assert.Equal(4, added.Count);
        var replay = await _store.AppendLateAsync([Samples.Late(0, 2), Samples.Late(1, 1), Samples.Late(0, 3)]);

        Assert.Equal([3L], replay.Select(r => r.Offset));
        Assert.Equal(5, _store.LateCount);
        Assert.Equal([(1, 1L), (0, 1L), (0, 3L)], _store.Late("default", 3).Select(r => (r.Partition, r.Offset)));
        Assert.Empty(_store.Late("alerts", 3));
        await _store.AppendLateAsync([Samples.Late(0, 1, pipeline: "alerts")]);
        Assert.Equal(1, _store.LateCountFor("alerts"));
        Assert.Equal(5, _store.LateCountFor("default"));
    }

    [Fact]
    public async Task ChangeEventsCarryOnlyWhatChanged()
    {
        var results = new List<WindowResult>();
        var late = new List<LateEventRecord>();
        _store.ResultsChanged += results.AddRange;
        _store.LateAppended += late.AddRange;

        await _store.UpsertResultsAsync([Samples.Result("a", 0), Samples.Result("a", 0)]);
        await _store.UpsertResultsAsync([Samples.Result("a", 0)]);
        await _store.AppendLateAsync([Samples.Late(0, 1), Samples.Late(0, 1)]);

        Assert.Single(results);
        Assert.Single(late);
    }
}
