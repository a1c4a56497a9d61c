using System.Text.Json.Serialization;

namespace FlowOrleans.Streaming;

/// <summary>Source-generated JSON metadata for the stream's records (log entries, results, retractions, late events).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StreamEvent))]
[JsonSerializable(typeof(WindowResult))]
[JsonSerializable(typeof(LateEventRecord))]
[JsonSerializable(typeof(WindowRetraction))]
[JsonSerializable(typeof(List<StreamEvent>))]
[JsonSerializable(typeof(List<WindowResult>))]
[JsonSerializable(typeof(List<LateEventRecord>))]
[JsonSerializable(typeof(List<WindowRetraction>))]
[JsonSerializable(typeof(IReadOnlyList<WindowResult>))]
[JsonSerializable(typeof(IReadOnlyList<LateEventRecord>))]
public sealed partial class StreamJsonContext : JsonSerializerContext;
