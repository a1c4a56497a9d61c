using System.Diagnostics;
using FlowOrleans.Web.Tests.Infrastructure;

namespace FlowOrleans.Web.Tests;

/// <summary>The files in <c>deploy/</c>: a Prometheus config that Prometheus accepts, and a Grafana dashboard whose panels query our real metrics.</summary>
[Collection(ScrapedNodeCollection.Name)]
public sealed class DeployFilesTests(ScrapedNode fixture)
{
    private static readonly string[] SeedQueries =
    [
        "rate(floworleans_events_total[1m])",
        "floworleans_windows_flushed_total",
        "floworleans_watermark_timestamp",
        "floworleans_last_checkpoint_time",
    ];

    [Fact]
    public async Task PrometheusConfigPassesPromtoolAndScrapesTheNode()
    {
        var promtool = Prerequisite.Require("/usr/bin/promtool", "prometheus");
        var config = Repository.PathOf("deploy/prometheus.yml");
        var start = new ProcessStartInfo(promtool, ["check", "config", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var check = Process.Start(start)!;
        var output = await check.StandardOutput.ReadToEndAsync() + await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();

        Assert.True(check.ExitCode == 0, $"promtool check config deploy/prometheus.yml failed:\n{output}");
        var text = await File.ReadAllTextAsync(config);
        Assert.Contains("- targets: ['127.0.0.1:8080']", text, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GrafanaPanelsHaveTargetsLayoutAndThePrometheusDatasource()
    {
        var dashboard = GrafanaDashboard.Load();
        var variable = dashboard.Root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
        var datasourceUid = "${" + variable.GetProperty("name").GetString() + "}";

        Assert.NotEmpty(dashboard.Root.GetProperty("title").GetString()!);
        Assert.True(dashboard.Panels.Count >= 8, "the dashboard has the stream and cluster panels");
        var ids = dashboard.Root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var panel in dashboard.Panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.Contains(panel.GetProperty("type").GetString(), new[] { "timeseries", "stat" });
            var grid = panel.GetProperty("gridPos");
            Assert.True(grid.GetProperty("w").GetInt32() > 0 && grid.GetProperty("h").GetInt32() > 0, $"panel '{title}' has a size");
            Assert.True(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32() <= 24, $"panel '{title}' fits Grafana's 24 columns");
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("type").GetString());
            Assert.Equal(datasourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
        }

        foreach (var target in dashboard.Targets)
        {
            Assert.Equal(datasourceUid, target.Datasource.GetProperty("uid").GetString());
            Assert.NotEmpty(GrafanaDashboard.MetricNames(target.Expr));
        }

        var exprs = dashboard.Targets.Select(t => t.Expr).ToList();
        foreach (var seed in SeedQueries)
        {
            Assert.True(exprs.Any(e => e.Contains(seed, StringComparison.Ordinal)), $"the seed's query {seed} is on the dashboard");
        }
    }

    [Fact]
    public async Task GrafanaQueriesNameMetricsTheNodeExposes()
    {
        var exposed = (await fixture.Metrics()).Keys
            .Select(series => series.Split('{')[0])
            .SelectMany(name => new[] { name, TrimSuffix(name, "_bucket"), TrimSuffix(name, "_sum"), TrimSuffix(name, "_count") })
            .ToHashSet(StringComparer.Ordinal);

        foreach (var target in GrafanaDashboard.Load().Targets)
        {
            foreach (var name in GrafanaDashboard.MetricNames(target.Expr))
            {
                Assert.True(exposed.Contains(name), $"panel '{target.Panel}' queries {name}, which /metrics does not expose");
            }
        }
    }

    private static string TrimSuffix(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;
}
