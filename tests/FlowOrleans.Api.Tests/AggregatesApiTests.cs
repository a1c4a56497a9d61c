using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Aggregation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace FlowOrleans.Api.Tests;

/// <summary><c>sumsq</c>: the sum of squared values, a user aggregator registered at start-up.</summary>
public sealed class SumOfSquaresAggregator : ICustomAggregator
{
    public string Name => "sumsq";

    public int StateSize => 1;

    public void Initialize(Span<double> state)
    {
    }

    public void Add(Span<double> state, StreamEvent e) => state[0] += e.Value is { } v ? v * v : 0;

    public void Merge(Span<double> into, ReadOnlySpan<double> other) => into[0] += other[0];

    public double? Result(ReadOnlySpan<double> state) => state[0];
}

/// <summary>A node with one custom aggregator registered the way an application does it, twice (registration is idempotent).</summary>
public sealed class CustomAggregatorNodeFactory : FlowNodeFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddFlowAggregator<SumOfSquaresAggregator>().AddFlowAggregator<SumOfSquaresAggregator>());
    }
}

/// <summary>Percentiles and custom aggregators through the API: named in a pipeline, reported in each result's <c>aggregates</c>.</summary>
public sealed class AggregatesApiTests(CustomAggregatorNodeFactory node) : IClassFixture<CustomAggregatorNodeFactory>
{
    private const long W0 = 1_700_000_000_000;

    [Fact]
    public async Task Percentiles_are_within_the_sketch_s_1_percent_and_customs_are_exact()
    {
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync("""
            {"name": "stats", "window": {"type": "tumbling", "size": 10000}, "aggregates": ["count", "p50", "p99", "sumsq", "stddev", "range"]}
            """);
        var values = Enumerable.Range(1, 1_000).Select(i => Math.Round(Math.Exp(i / 100.0), 3)).ToArray();
        await api.IngestAsync(values.Select((v, i) => new StreamEvent($"s{i}", W0 + (i % 9_000), v, "k", null)));
        await api.IngestAsync(FlowApi.PushEvents(W0 + 16_000, 4));

        var result = (await Eventually.ValueAsync(() => api.ResultsAsync("pipeline=stats&key=k"), r => r.Count == 1, "the stats window to fire")).Single();
        var aggregates = result.Aggregates!;
        var sorted = values.Order().ToArray();
        AssertWithinOnePercent(Exact(sorted, 0.50), aggregates["p50"]!.Value);
        AssertWithinOnePercent(Exact(sorted, 0.99), aggregates["p99"]!.Value);
        Assert.Equal(values.Sum(v => v * v), aggregates["sumsq"]!.Value, 6);
        Assert.Equal(values.Max() - values.Min(), aggregates["range"]!.Value, 9);
        var mean = values.Average();
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length), aggregates["stddev"]!.Value, 6);
    }

    [Fact]
    public async Task An_aggregator_nobody_registered_is_a_validation_error()
    {
        using var response = await node.CreateClient().PostAsync("/pipelines", FlowApi.JsonBody("""
            {"name": "unknown-agg", "window": {"type": "tumbling", "size": 1000}, "aggregates": ["cubes"]}
            """));
        var problem = IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("'cubes'", problem.GetProperty("errors").GetProperty("aggregates")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>The rank-based quantile the sketch approximates: the value at rank floor(q * (n - 1)).</summary>
    private static double Exact(double[] sorted, double q) => sorted[(int)Math.Floor(q * (sorted.Length - 1))];

    private static void AssertWithinOnePercent(double exact, double estimate) =>
        Assert.True(Math.Abs(estimate - exact) <= 0.01 * Math.Abs(exact), $"estimate {estimate} is more than 1% from {exact}");
}
