using System.Text.Json.Serialization;

namespace FlowOrleans.Streaming.Pipelines;

/// <summary>Source-generated JSON metadata for pipeline definitions (camelCase, as in CONTRACT §3).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(PipelineDefinition))]
[JsonSerializable(typeof(List<PipelineDefinition>))]
public sealed partial class PipelineJsonContext : JsonSerializerContext;
