using System.Text.Json;
using FlowOrleans.Web.Tests.Infrastructure;

namespace FlowOrleans.Web.Tests;

/// <summary>Debian's Prometheus scraping a running node: what users see in Prometheus and Grafana.</summary>
[Collection(ScrapedNodeCollection.Name)]
public sealed class PrometheusScrapeTests(ScrapedNode fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PrometheusReadsTheNumberOfEventsIngested()
    {
        var answer = await Eventually.WaitAsync(() => fixture.Prometheus.QueryAsync("floworleans_events_total"),
            series => series.Count == 1 && series.Values.Single() == ScrapedNode.EventCount, Deadline,
            $"Prometheus reporting floworleans_events_total = {ScrapedNode.EventCount} (targets: see /api/v1/targets)");

        var labels = JsonDocument.Parse(answer.Keys.Single()).RootElement;
        Assert.Equal("floworleans", labels.GetProperty("job").GetString());
        Assert.Equal(fixture.Node.BaseAddress.Authority, labels.GetProperty("instance").GetString());
        var up = await fixture.Prometheus.QueryAsync("up{job=\"floworleans\"}");
        Assert.Equal(1, up.Values.Single());
    }

    [Fact]
    public async Task EveryGrafanaPanelQueryAnswersWithData()
    {
        foreach (var target in GrafanaDashboard.Load().Targets)
        {
            await Eventually.WaitAsync(() => fixture.Prometheus.QueryAsync(target.Expr), series => series.Count > 0, Deadline,
                $"panel '{target.Panel}' query {target.Expr} returning series");
        }
    }
}
