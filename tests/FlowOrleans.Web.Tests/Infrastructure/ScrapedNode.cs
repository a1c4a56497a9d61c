using FlowOrleans.Api.Tests;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>
/// A node that has processed the README's six events (five on time, one late) and a real Prometheus scraping
/// it every second. Shared by the metrics tests; nothing else sends events to this node.
/// </summary>
public sealed class ScrapedNode : IAsyncLifetime
{
    /// <summary>How many events the fixture ingested.</summary>
    public const int EventCount = 6;

    /// <summary>The node; checkpoints every second so <c>floworleans_last_checkpoint_time</c> moves quickly.</summary>
    public NodeProcess Node { get; private set; } = null!;

    /// <summary>Prometheus, scraping <see cref="Node"/>.</summary>
    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>When the node was started (Unix ms).</summary>
    public long StartedAtMs { get; private set; }

    public async Task InitializeAsync()
    {
        StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Node = await NodeProcess.StartAsync("--Flow:CheckpointInterval=00:00:01");
        Prometheus = await PrometheusServer.StartAsync(Node.BaseAddress.Authority);

        Assert.Equal(5, await Node.IngestAsync(
        [
            new { id = "e1", ts = 1700000001000, value = 10, key = "sensor-a" },
            new { id = "e2", ts = 1700000004000, value = 30, key = "sensor-a" },
            new { id = "e3", ts = 1700000007000, value = 5, key = "sensor-b" },
            new { id = "e4", ts = 1700000016000, value = 1, key = "sensor-a" },
            new { id = "e5", ts = 1700000017000, value = 2, key = "sensor-b" },
        ]));

        // e6 is late only once the window [1700000000000, 1700000010000) has fired for both keys.
        await Eventually.WaitAsync(() => Metrics(), m => m.GetValueOrDefault("floworleans_windows_flushed_total{pipeline=\"default\"}") >= 2,
            TimeSpan.FromSeconds(30), "the first window firing");
        Assert.Equal(1, await Node.IngestAsync([new { id = "e6", ts = 1700000002000, value = 99, key = "sensor-a" }]));
    }

    /// <summary>Scrapes the node's <c>/metrics</c> and parses it strictly.</summary>
    public async Task<Dictionary<string, double>> Metrics() => PrometheusFormat.Parse(await Node.Http.GetStringAsync("/metrics"));

    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one <see cref="ScrapedNode"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ScrapedNodeCollection : ICollectionFixture<ScrapedNode>
{
    public const string Name = "scraped node";
}
