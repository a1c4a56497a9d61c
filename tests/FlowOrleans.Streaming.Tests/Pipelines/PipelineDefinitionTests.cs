using System.Text.Json;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Tests.Pipelines;

public class PipelineDefinitionTests
{
    [Fact]
    public void Contract_json_reads_with_defaults_for_missing_fields()
    {
        const string json = """
            {"name": "alerts", "window": {"type": "sliding", "size": 10000, "slide": 5000},
             "groupBy": "key", "types": ["important", "critical"], "watermarkDelay": 5000,
             "allowedLateness": 0, "idleTimeout": 30000, "aggregates": ["count", "sum", "min", "max", "avg", "p99"]}
            """;
        var d = JsonSerializer.Deserialize(json, PipelineJsonContext.Default.PipelineDefinition)!;
        Assert.Equal("alerts", d.Name);
        Assert.Equal((WindowTypes.Sliding, 10_000L, (long?)5_000), (d.Window.Type, d.Window.Size, d.Window.Slide));
        Assert.Equal(["important", "critical"], d.Types!);
        Assert.Equal("p99", d.Aggregates[^1]);
        Assert.Equal(1, d.Shards);
        Assert.False(d.AdvanceOnIdle);
        Assert.Empty(PipelineValidator.Validate(d));

        var minimal = JsonSerializer.Deserialize("""{"name":"m","window":{"type":"tumbling","size":1000},"groupBy":null}""",
            PipelineJsonContext.Default.PipelineDefinition)!;
        Assert.Null(minimal.GroupBy);
        Assert.Equal(PipelineDefinition.DefaultAggregates, minimal.Aggregates);
        Assert.Equal((5_000L, 0L, 30_000L), (minimal.WatermarkDelay, minimal.AllowedLateness, minimal.IdleTimeout));
    }

    [Fact]
    public void Definition_round_trips_in_camel_case()
    {
        var json = JsonSerializer.Serialize(PipelineDefinition.Alerts, PipelineJsonContext.Default.PipelineDefinition);
        Assert.Contains("\"watermarkDelay\":5000", json, StringComparison.Ordinal);
        Assert.Contains("\"advanceOnIdle\":false", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, PipelineJsonContext.Default.PipelineDefinition)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, PipelineJsonContext.Default.PipelineDefinition));
    }

    [Fact]
    public void Default_is_the_contracts_default_pipeline()
    {
        var d = PipelineDefinition.Default;
        Assert.Equal(("default", WindowTypes.Tumbling, 10_000L, 0L, "key", 5_000L, 0L), (d.Name, d.Window.Type, d.Window.Size, d.Window.Offset, d.GroupBy, d.WatermarkDelay, d.AllowedLateness));
        Assert.Null(d.Types);
    }

    [Fact]
    public void Types_filter_and_group_key()
    {
        var alerts = PipelineDefinition.Alerts;
        Assert.True(alerts.Accepts(new StreamEvent("1", 0, 1, "k", "critical")));
        Assert.False(alerts.Accepts(new StreamEvent("1", 0, 1, "k", "normal")));
        Assert.False(alerts.Accepts(new StreamEvent("1", 0, 1, "k", null)));
        Assert.True(PipelineDefinition.Default.Accepts(new StreamEvent("1", 0, 1, "k", null)));

        Assert.Equal("k", alerts.GroupKeyOf(new StreamEvent("1", 0, 1, "k", null)));
        var global = PipelineDefinition.Default;
        global.GroupBy = null;
        Assert.Null(global.GroupKeyOf(new StreamEvent("1", 0, 1, "k", null)));
    }
}
