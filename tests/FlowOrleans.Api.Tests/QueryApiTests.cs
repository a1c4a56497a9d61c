using System.Globalization;
using System.Net;
using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary>
/// A node holding a known history: three fired windows of the default pipeline (keys a, b and the null key), one late
/// event, and one open window of the watermark-pushing events.
/// </summary>
public sealed class QueryNodeFactory : FlowNodeFactory
{
    public const long W0 = 1_700_000_000_000, W1 = W0 + 10_000, W2 = W0 + 20_000, PushTs = W0 + 36_000;

    public static readonly StreamEvent[] History =
    [
        new("e1", W0 + 1_000, 10, "a", null),
        new("e2", W0 + 4_000, 30, "a", null),
        new("e3", W0 + 7_000, 5, "b", null),
        new("n1", W0 + 8_000, 7, null, null),
        new("n2", W0 + 9_000, null, null, null),
        new("e4", W1 + 2_000, 1, "a", null),
        new("e5", W1 + 3_000, 2, "b", "important"),
        new("e6", W2 + 1_000, 3, "a", null),
    ];

    public static readonly StreamEvent Late = new("late-1", W0 + 2_000, 99, "a", null);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var api = new FlowApi(CreateClient());
        await api.IngestAsync(History);
        await api.IngestAsync(FlowApi.PushEvents(PushTs, 4));
        await api.WatermarkReachesAsync("default", PushTs - 5_000);
        await Eventually.TrueAsync(async () => (await api.ResultsAsync()).Count(r => r.Key is null or "a" or "b") == 6, "the three windows to fire");
        await api.IngestAsync([Late]);
        await Eventually.TrueAsync(async () => (await api.LateAsync()).Count == 1, "the late event to be listed");
    }
}

/// <summary>The read side: <c>/results</c>, <c>/late</c>, <c>/recent</c>, <c>/watermark</c>, <c>/metrics</c> and the health probes.</summary>
public sealed class QueryApiTests(QueryNodeFactory node) : IClassFixture<QueryNodeFactory>
{
    private const long W0 = QueryNodeFactory.W0, W1 = QueryNodeFactory.W1, W2 = QueryNodeFactory.W2;
    private readonly FlowApi _api = new(node.CreateClient());

    [Fact]
    public async Task Results_are_exact_and_ordered_by_window_start_then_key()
    {
        var results = (await _api.ResultsAsync()).Where(r => r.Key is null or "a" or "b").ToList();
        Assert.Equal(
            [
                (W0, (string?)null, 2L, 7.0, 7.0, 7.0, 7.0),
                (W0, "a", 2L, 40.0, 10.0, 30.0, 20.0),
                (W0, "b", 1L, 5.0, 5.0, 5.0, 5.0),
                (W1, "a", 1L, 1.0, 1.0, 1.0, 1.0),
                (W1, "b", 1L, 2.0, 2.0, 2.0, 2.0),
                (W2, "a", 1L, 3.0, 3.0, 3.0, 3.0),
            ],
            results.Select(r => (r.WindowStart, r.Key, r.Count, r.Sum!.Value, r.Min!.Value, r.Max!.Value, r.Avg!.Value)));
        Assert.All(results, r => Assert.Equal(r.WindowStart + 10_000, r.WindowEnd));
        Assert.All(results, r => Assert.Equal("default", r.Pipeline));
        Assert.All(results, r => Assert.Equal(0, r.Revision));
        Assert.DoesNotContain(results, r => r.Count == 3); // The late event is not aggregated.
    }

    [Fact]
    public async Task Key_and_null_key_select_one_group()
    {
        Assert.Equal([W0, W1, W2], (await _api.ResultsAsync("pipeline=default&key=a")).Select(r => r.WindowStart));
        Assert.Equal([W0, W1], (await _api.ResultsAsync("key=b")).Select(r => r.WindowStart));
        var nulls = await _api.ResultsAsync("nullKey=true");
        var only = Assert.Single(nulls);
        Assert.Null(only.Key);
        Assert.Equal(2, only.Count); // n2 has no value: it counts, and is left out of sum/min/max/avg.
        Assert.Empty(await _api.ResultsAsync("key=nobody"));
    }

    [Fact]
    public async Task From_and_to_bound_the_window_start_inclusively_and_limit_cuts()
    {
        Assert.Equal(["a", "b"], (await _api.ResultsAsync($"from={W1}&to={W1}")).Select(r => r.Key));
        Assert.Equal([W1, W2], (await _api.ResultsAsync($"key=a&from={W1}")).Select(r => r.WindowStart));
        Assert.Equal([W0, W1], (await _api.ResultsAsync($"key=a&to={W1}")).Select(r => r.WindowStart));
        Assert.Equal([(W0, (string?)null), (W0, "a")], (await _api.ResultsAsync("limit=2")).Select(r => (r.WindowStart, r.Key)));
    }

    [Fact]
    public async Task Late_events_are_listed_with_the_window_they_missed_and_the_watermark()
    {
        var late = Assert.Single(await _api.LateAsync());
        var expected = QueryNodeFactory.Late;
        Assert.Equal((expected.Id, expected.Ts, expected.Value, expected.Key), (late.Id, late.Ts, late.Value, late.Key));
        Assert.Equal("default", late.Pipeline);
        Assert.Equal(W0, late.WindowStart);
        Assert.True(late.Watermark >= W0 + 10_000, $"watermark {late.Watermark} had passed the window's end");
        Assert.True(late.ReceivedAt > W0);
        Assert.Empty(await _api.LateAsync("alerts"));
    }

    [Fact]
    public async Task Recent_is_ndjson_of_the_last_results_oldest_first()
    {
        using var response = await _api.Http.GetAsync("/recent?limit=3");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var recent = lines.Select(l => JsonSerializer.Deserialize<WindowResult>(l, FlowApi.Json)!).ToList();
        // Order is the store's order of change; emittedAt is stamped by each window grain before it reaches the store,
        // so concurrently firing windows may store out of emittedAt order. "The last 3, oldest first" is checked below
        // as the tail of the full list in the same order.
        Assert.All(recent, r => Assert.True(r.WindowEnd > r.WindowStart && r.Count > 0, $"a fired window: {r}"));

        using var all = await _api.Http.GetAsync("/recent");
        var everything = (await all.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Six default windows, and the two alerts windows (sliding 10 s / 5 s) of the one 'important' event.
        var pipelines = everything.Select(l => JsonSerializer.Deserialize<WindowResult>(l, FlowApi.Json)!.Pipeline).ToList();
        Assert.Equal(6, pipelines.Count(p => p == "default"));
        Assert.Equal(2, pipelines.Count(p => p == "alerts"));
        Assert.Equal(everything[^3..], lines);
    }

    [Fact]
    public async Task Watermark_shows_the_pipeline_and_each_partition()
    {
        var info = await _api.WatermarkAsync();
        Assert.Equal("default", info.Pipeline);
        Assert.Equal(QueryNodeFactory.PushTs - 5_000, info.Watermark);
        Assert.Equal([0, 1, 2, 3], info.Partitions.Select(p => p.Partition));
        Assert.All(info.Partitions, p => Assert.True(p.MaxTs >= QueryNodeFactory.PushTs));
        Assert.All(info.Partitions, p => Assert.False(p.Idle));
        Assert.Equal(1, info.OpenWindows);
    }

    [Theory]
    [InlineData("/results?limit=0", "'limit'")]
    [InlineData("/results?limit=100001", "'limit'")]
    [InlineData("/results?from=abc", "'from'")]
    [InlineData("/results?to=1.5", "'to'")]
    [InlineData("/late?limit=x", "'limit'")]
    [InlineData("/recent?limit=-1", "'limit'")]
    public async Task A_bad_query_parameter_is_a_problem_naming_it(string url, string name)
    {
        using var response = await _api.Http.GetAsync(url);
        var problem = IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), HttpStatusCode.BadRequest);
        Assert.Contains(name, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/results?pipeline=nope")]
    [InlineData("/late?pipeline=nope")]
    [InlineData("/watermark?pipeline=nope")]
    [InlineData("/pipelines/nope")]
    public async Task An_unknown_pipeline_is_a_problem_404(string url)
    {
        using var response = await _api.Http.GetAsync(url);
        var problem = IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), HttpStatusCode.NotFound);
        Assert.Contains("'nope'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_every_event_window_and_late_record_since_start()
    {
        var text = await _api.Http.GetStringAsync("/metrics");
        var events = QueryNodeFactory.History.Length + 4 + 1;
        Assert.Equal(events, Sample(text, "floworleans_ingested_events_total"));
        Assert.Equal(events, Sample(text, "floworleans_events_total"));
        Assert.Equal(6, Sample(text, "floworleans_windows_flushed_total{pipeline=\"default\"}"));
        Assert.Equal(1, Sample(text, "floworleans_late_events_total{pipeline=\"default\"}"));
        Assert.Equal(QueryNodeFactory.PushTs - 5_000, Sample(text, "floworleans_watermark_timestamp{pipeline=\"default\"}"));
        // Checkpoints run on their own interval: wait for the first instead of assuming it happened already.
        await Eventually.TrueAsync(async () => Sample(await _api.Http.GetStringAsync("/metrics"), "floworleans_last_checkpoint_time") > W0, "a checkpoint time after the first checkpoint");
        Assert.Contains("floworleans_grain_activations{grain_type=\"window\"}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_probes_answer_200(string url)
    {
        using var response = await _api.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static double Sample(string text, string series) => FlowApi.MetricSample(text, series);
}
