using System.Text.Json.Serialization;

namespace FlowOrleans.Streaming.Pipelines;

/// <summary>
/// The <c>window</c> object of a pipeline definition. <see cref="Type"/> is one of <see cref="WindowTypes"/>;
/// tumbling uses <see cref="Size"/> and <see cref="Offset"/>, sliding uses <see cref="Size"/> and <see cref="Slide"/>,
/// session uses <see cref="Gap"/>. All times are milliseconds.
/// </summary>
public sealed class WindowDefinition
{
    [JsonPropertyName("type")] public string Type { get; set; } = WindowTypes.Tumbling;
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("slide")] public long? Slide { get; set; }
    [JsonPropertyName("offset")] public long Offset { get; set; }
    [JsonPropertyName("gap")] public long? Gap { get; set; }
}

/// <summary>The window type names of a pipeline definition.</summary>
public static class WindowTypes
{
    public const string Tumbling = "tumbling";
    public const string Sliding = "sliding";
    public const string Session = "session";
}
