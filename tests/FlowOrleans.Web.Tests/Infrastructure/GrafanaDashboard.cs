using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>One query of a panel of <c>deploy/grafana/floworleans-dashboard.json</c>.</summary>
public sealed record GrafanaTarget(string Panel, string RefId, string Expr, JsonElement Datasource);

/// <summary>The Grafana dashboard in the repository, read the way Grafana reads its panels and targets.</summary>
public sealed partial class GrafanaDashboard(JsonElement root)
{
    /// <summary>Where the dashboard is.</summary>
    public const string RelativePath = "deploy/grafana/floworleans-dashboard.json";

    public JsonElement Root { get; } = root;

    /// <summary>Panels that show data (rows left out).</summary>
    public IReadOnlyList<JsonElement> Panels => Root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();

    /// <summary>Every query of every panel.</summary>
    public IReadOnlyList<GrafanaTarget> Targets => Panels
        .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => new GrafanaTarget(
            p.GetProperty("title").GetString()!, t.GetProperty("refId").GetString()!, t.GetProperty("expr").GetString()!, t.GetProperty("datasource"))))
        .ToList();

    /// <summary>Reads the dashboard file.</summary>
    public static GrafanaDashboard Load() =>
        new(JsonDocument.Parse(File.ReadAllText(Repository.PathOf(RelativePath))).RootElement.Clone());

    /// <summary>The FlowOrleans metric names a PromQL expression uses.</summary>
    public static IEnumerable<string> MetricNames(string expr) => MetricName().Matches(expr).Select(m => m.Value).Distinct();

    [GeneratedRegex("floworleans_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
