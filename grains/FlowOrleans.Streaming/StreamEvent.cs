using System.Text.Json.Serialization;

namespace FlowOrleans.Streaming;

/// <summary>
/// One validated event of the stream. <see cref="Id"/> is the event id as a string (integer ids are
/// their decimal form). <see cref="Value"/> is null for an event without a value: it counts, and is left
/// out of sum, min, max and avg. <see cref="Key"/> null is the group <c>null</c>.
/// </summary>
public sealed record StreamEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("ts")] long Ts,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("type")] string? Type);
