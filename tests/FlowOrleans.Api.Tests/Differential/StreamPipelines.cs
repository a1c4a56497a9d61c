using System.Text.Json;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>The pipelines the end-to-end differential tests compare: the two built-in ones, and three created over REST.</summary>
internal static class StreamPipelines
{
    /// <summary>Sliding 10 s / 5 s over every type, grouped by key.</summary>
    public static PipelineDefinition Sliding => Define("sliding", new WindowDefinition { Type = WindowTypes.Sliding, Size = 10_000, Slide = 5_000 });

    /// <summary>Per-key sessions with a 1 s gap, spread over two session grains.</summary>
    public static PipelineDefinition Sessions => Define("sessions", new WindowDefinition { Type = WindowTypes.Session, Gap = 1_000 }, shards: 2);

    /// <summary>One global group, tumbling 7 s windows with a 3 s offset, over three window-grain shards.</summary>
    public static PipelineDefinition Global
    {
        get
        {
            var p = Define("global", new WindowDefinition { Type = WindowTypes.Tumbling, Size = 7_000, Offset = 3_000 }, shards: 3);
            p.GroupBy = null;
            return p;
        }
    }

    /// <summary>The built-in pipelines and the REST ones, as the node holds them.</summary>
    public static IReadOnlyList<PipelineDefinition> All => [PipelineDefinition.Default, PipelineDefinition.Alerts, Sliding, Sessions, Global];

    /// <summary>The kill -9 test's smaller set: one of each window type.</summary>
    public static IReadOnlyList<PipelineDefinition> OnePerType => [PipelineDefinition.Default, Sliding, Sessions];

    /// <summary>The ones among <paramref name="pipelines"/> that are not built in, as JSON bodies for <c>POST /pipelines</c>.</summary>
    public static IEnumerable<string> RestBodies(IEnumerable<PipelineDefinition> pipelines) => pipelines
        .Where(p => p.Name is not ("default" or "alerts"))
        .Select(p => JsonSerializer.Serialize(p, PipelineJsonContext.Default.PipelineDefinition));

    /// <summary>Runs the oracle for one pipeline over the rounds.</summary>
    public static BatchOracle Recompute(PipelineDefinition definition, List<DeliveryStep> steps)
    {
        var w = definition.Window;
        var oracle = new BatchOracle(new OracleSpec(
            w.Type, w.Size, w.Slide ?? w.Size, w.Offset, w.Gap ?? 0, definition.WatermarkDelay, definition.AllowedLateness,
            definition.IdleTimeout, definition.AdvanceOnIdle, definition.Types?.ToArray(), definition.GroupBy is not null));
        oracle.Run(steps);
        return oracle;
    }

    private static PipelineDefinition Define(string name, WindowDefinition window, int shards = 1)
    {
        var p = PipelineDefinition.Default;
        p.Name = name;
        p.Window = window;
        p.Shards = shards;
        p.Aggregates = ["count", "sum", "min", "max", "avg"];
        return p;
    }
}
