using System.Text.Json.Serialization;

namespace FlowOrleans.Streaming;

/// <summary>
/// The aggregate of one (pipeline, key, window). Identified by (<see cref="Pipeline"/>, <see cref="Key"/>,
/// <see cref="WindowStart"/>): a later revision (an allowed-lateness update) replaces an earlier one everywhere.
/// <see cref="Sum"/>, <see cref="Min"/>, <see cref="Max"/> and <see cref="Avg"/> are null when no event of the
/// window had a value. <see cref="Aggregates"/> holds percentiles (<c>p50</c>, <c>p99</c>…) and custom aggregators by name.
/// </summary>
public sealed record WindowResult
{
    [JsonPropertyName("pipeline")] public required string Pipeline { get; init; }
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("windowStart")] public required long WindowStart { get; init; }
    [JsonPropertyName("windowEnd")] public required long WindowEnd { get; init; }
    [JsonPropertyName("count")] public required long Count { get; init; }
    [JsonPropertyName("sum")] public double? Sum { get; init; }
    [JsonPropertyName("min")] public double? Min { get; init; }
    [JsonPropertyName("max")] public double? Max { get; init; }
    [JsonPropertyName("avg")] public double? Avg { get; init; }
    [JsonPropertyName("emittedAt")] public required long EmittedAt { get; init; }
    /// <summary>0 for the firing at the watermark; 1, 2… for allowed-lateness updates that replace it.</summary>
    [JsonPropertyName("revision")] public int Revision { get; init; }
    [JsonPropertyName("aggregates")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double?>? Aggregates { get; init; }
}

/// <summary>
/// An event that arrived after its window had fired (and its allowed lateness had passed): listed, never dropped.
/// (<see cref="Pipeline"/>, <see cref="Partition"/>, <see cref="Offset"/>, <see cref="WindowStart"/>) identifies the
/// record, so a replay after a crash does not list it twice. A sliding-window event late for two windows has two records.
/// </summary>
public sealed record LateEventRecord
{
    [JsonPropertyName("pipeline")] public required string Pipeline { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("ts")] public required long Ts { get; init; }
    [JsonPropertyName("value")] public double? Value { get; init; }
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("windowStart")] public required long WindowStart { get; init; }
    [JsonPropertyName("watermark")] public required long Watermark { get; init; }
    [JsonPropertyName("receivedAt")] public required long ReceivedAt { get; init; }
    [JsonPropertyName("partition")] public int Partition { get; init; }
    [JsonPropertyName("offset")] public long Offset { get; init; }
}

/// <summary>An event as it sits in the ingest log: its partition, its offset there, and when the gateway accepted it.</summary>
public readonly record struct LoggedEvent(int Partition, long Offset, long ReceivedAt, StreamEvent Event);
