using System.Text.Json.Serialization;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>What one journal entry carries: results that changed and late records that were added, in the order stored.</summary>
public sealed record ResultChangeBatch(
    [property: JsonPropertyName("results")] List<WindowResult> Results,
    [property: JsonPropertyName("late")] List<LateEventRecord> Late);

/// <summary>Source-generated JSON for the result tables and the journal.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ResultChangeBatch))]
[JsonSerializable(typeof(WindowResult))]
[JsonSerializable(typeof(LateEventRecord))]
internal sealed partial class ResultTableJsonContext : JsonSerializerContext;
