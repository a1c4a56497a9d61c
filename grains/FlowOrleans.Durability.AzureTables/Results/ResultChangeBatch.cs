using System.Text.Json.Serialization;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>
/// What one journal entry carries: results that changed, late records that were added, and results retracted (absent in
/// entries written before retractions existed). A reader applies them in any order: a retraction keeps results of a lower
/// revision out (<see cref="WindowRetraction"/>), so the outcome is the same.
/// </summary>
public sealed record ResultChangeBatch(
    [property: JsonPropertyName("results")] List<WindowResult> Results,
    [property: JsonPropertyName("late")] List<LateEventRecord> Late,
    [property: JsonPropertyName("retractions")] List<WindowRetraction>? Retractions = null);

/// <summary>Source-generated JSON for the result tables and the journal.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ResultChangeBatch))]
[JsonSerializable(typeof(WindowResult))]
[JsonSerializable(typeof(LateEventRecord))]
[JsonSerializable(typeof(WindowRetraction))]
internal sealed partial class ResultTableJsonContext : JsonSerializerContext;
