using System.Diagnostics.Metrics;
using System.Net;
using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.ClientApi.Metrics;
using FlowOrleans.Runtime;

namespace FlowOrleans.Api.Tests;

/// <summary>The dashboard's arithmetic over several silos, fed by a source that answers with fixed snapshots.</summary>
public class ClusterSamplerTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private static readonly SiloAddress One = new(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Two = new(new IPEndPoint(IPAddress.Loopback, 11112), 2);
    private static readonly SiloAddress Gone = new(new IPEndPoint(IPAddress.Loopback, 11113), 3);

    [Fact]
    public async Task CountersOfSilosAddUpAndRatesComeFromTheSecondSample()
    {
        var clock = new SteppedClock(Start.AddSeconds(60));
        var source = new FixedSource();
        var sampler = new ClusterSampler(source, clock);
        source.Counters = [Snapshot(One, calls: 100, failures: 1, p99: 4), Snapshot(Two, calls: 50, failures: 0, p99: 16)];

        var first = await sampler.SampleAsync(default);

        Assert.Equal(0, first.RateWindowMs);
        var method = Assert.Single(first.Methods);
        Assert.Equal(("window", "IWindowGrain.ApplyAsync", 150L, 1L, 0.0, 16.0), (method.GrainType, method.Method, method.Calls, method.Errors, method.CallsPerSecond, method.LatencyP99Ms));
        Assert.Equal(((0.5 * 100) + (2.0 * 50)) / 150, method.LatencyMeanMs, 6);
        var type = Assert.Single(first.GrainTypes);
        Assert.Equal(("window", 10L, 150L), (type.Type, type.Activations, type.Calls));
        Assert.Equal(new[] { ("one", "Active", 5L, 60_000L), ("two", "Active", 5L, 60_000L), ("three", "Dead", 0L, 60_000L) },
            first.Silos.Select(s => (s.Name, s.Status, s.Activations, s.UptimeMs)));

        clock.Advance(TimeSpan.FromSeconds(2));
        source.Counters = [Snapshot(One, calls: 300, failures: 1, p99: 4), Snapshot(Two, calls: 150, failures: 0, p99: 16)];
        var second = await sampler.SampleAsync(default);

        Assert.Equal(2000, second.RateWindowMs);
        Assert.Equal(150.0, Assert.Single(second.Methods).CallsPerSecond, 6);
        Assert.Equal(150.0, Assert.Single(second.GrainTypes).CallsPerSecond, 6);
    }

    [Fact]
    public void SiloGaugeCountsEveryStatus()
    {
        using var meterFactory = new OwnMeterFactory();
        using var exporter = new PrometheusExporter(meterFactory, "FlowOrleans.");
        _ = new SiloMetrics(meterFactory, new FixedSource());

        var samples = PrometheusFormat.Parse(exporter.Scrape());

        Assert.Equal(2, samples["floworleans_silos{status=\"active\"}"]);
        Assert.Equal(1, samples["floworleans_silos{status=\"dead\"}"]);
        Assert.Equal(0, samples["floworleans_silos{status=\"joining\"}"]);
        Assert.Equal(0, samples["floworleans_silos{status=\"shutting_down\"}"]);
        Assert.Equal(0, samples["floworleans_silos{status=\"created\"}"]);
    }

    private static RuntimeStatisticsSnapshot Snapshot(SiloAddress silo, long calls, long failures, double p99) =>
        new(silo, silo.ToString(), SiloStatus.Active, Start, [new GrainTypeActivations("window", 5)],
            [new GrainMethodStatistics("window", "IWindowGrain", "ApplyAsync", calls, failures, MeanLatencyMs: p99 / 8, P50LatencyMs: 1, P99LatencyMs: p99)]);

    /// <summary>A two-silo cluster with a dead third member; the counters are set by the test.</summary>
    private sealed class FixedSource : IClusterStatisticsSource
    {
        public IReadOnlyList<RuntimeStatisticsSnapshot> Counters { get; set; } = [];

        public IReadOnlyList<SiloSummary> GetSilos() =>
        [
            new(One, "one", SiloStatus.Active, Start, IsLocal: true),
            new(Two, "two", SiloStatus.Active, Start, IsLocal: false),
            new(Gone, "three", SiloStatus.Dead, Start, IsLocal: false),
        ];

        public ValueTask<IReadOnlyList<RuntimeStatisticsSnapshot>> GetCountersAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Counters);
    }

    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class OwnMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
