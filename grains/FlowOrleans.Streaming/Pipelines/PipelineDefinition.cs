using System.Text.Json.Serialization;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Pipelines;

/// <summary>
/// A pipeline as defined in configuration or over <c>POST /pipelines</c> (CONTRACT §3). Check it with
/// <see cref="PipelineValidator"/> before use. All times are milliseconds.
/// </summary>
public sealed class PipelineDefinition
{
    /// <summary>The aggregates a definition gets when it names none.</summary>
    public static IReadOnlyList<string> DefaultAggregates { get; } = ["count", "sum", "min", "max", "avg"];

    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("window")] public WindowDefinition Window { get; set; } = new();
    /// <summary><c>"key"</c> groups by the event key; null makes one global group.</summary>
    [JsonPropertyName("groupBy")] public string? GroupBy { get; set; } = "key";
    /// <summary>Only events of these types; null keeps every event.</summary>
    [JsonPropertyName("types")] public List<string>? Types { get; set; }
    /// <summary>Partition watermark = max ts - this.</summary>
    [JsonPropertyName("watermarkDelay")] public long WatermarkDelay { get; set; } = 5000;
    /// <summary>Flink's allowed lateness: how long after firing a window still takes events (with updated results).</summary>
    [JsonPropertyName("allowedLateness")] public long AllowedLateness { get; set; }
    /// <summary>A partition with no new data for this long stops holding the watermark back.</summary>
    [JsonPropertyName("idleTimeout")] public long IdleTimeout { get; set; } = 30000;
    [JsonPropertyName("aggregates")] public List<string> Aggregates { get; set; } = [.. DefaultAggregates];
    /// <summary>When every partition is idle, let the watermark advance with processing time.</summary>
    [JsonPropertyName("advanceOnIdle")] public bool AdvanceOnIdle { get; set; }
    /// <summary>Window-grain shards per window (group keys are spread by hash).</summary>
    [JsonPropertyName("shards")] public int Shards { get; set; } = 1;

    /// <summary>The default pipeline: tumbling 10 s aligned to the epoch, grouped by key, 5 s watermark delay.</summary>
    public static PipelineDefinition Default => new()
    {
        Name = "default",
        Window = new WindowDefinition { Type = WindowTypes.Tumbling, Size = 10_000, Offset = 0 },
    };

    /// <summary>The second seed's pipeline: sliding 10 s / 5 s over <c>important</c> and <c>critical</c>, 5 s delay.</summary>
    public static PipelineDefinition Alerts => new()
    {
        Name = "alerts",
        Window = new WindowDefinition { Type = WindowTypes.Sliding, Size = 10_000, Slide = 5_000 },
        Types = ["important", "critical"],
        Aggregates = ["count", "sum", "min", "max", "avg", "p99"],
    };

    /// <summary>True for the pipelines that always exist (<c>default</c> and <c>alerts</c>): they cannot be deleted.</summary>
    public static bool IsBuiltIn(string name) => name is "default" or "alerts";

    /// <summary>True when the event passes the <see cref="Types"/> filter.</summary>
    public bool Accepts(StreamEvent e)
    {
        var types = Types;
        if (types is null)
        {
            return true;
        }

        if (e.Type is null)
        {
            return false;
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (string.Equals(types[i], e.Type, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The group key of the event: its key, or null when <see cref="GroupBy"/> is null.</summary>
    public string? GroupKeyOf(StreamEvent e) => GroupBy is null ? null : e.Key;

    /// <summary>True for session windows (which live in session grains, not window grains).</summary>
    [JsonIgnore]
    public bool IsSession => string.Equals(Window.Type, WindowTypes.Session, StringComparison.Ordinal);

    /// <summary>The assigner of a tumbling or sliding definition.</summary>
    public IWindowAssigner CreateAssigner() => Window.Type switch
    {
        WindowTypes.Tumbling => new TumblingWindowAssigner(Window.Size, Window.Offset),
        WindowTypes.Sliding => new SlidingWindowAssigner(Window.Size, Window.Slide ?? Window.Size),
        _ => throw new InvalidOperationException($"window.type '{Window.Type}' has no window-start assigner."),
    };
}
