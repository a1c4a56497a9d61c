using System.Text.Json.Serialization;

namespace FlowOrleans.Streaming;

/// <summary>
/// Withdraws the result of (<see cref="Pipeline"/>, <see cref="Key"/>, <see cref="WindowStart"/>) from every query.
/// A session window that fired and then took a late event within its allowed lateness can move its start earlier, or
/// merge with another fired session: its updated result is keyed by the new start, so the results under the old starts
/// must go. <see cref="Revision"/> is the revision of the merged result that replaces them (<see cref="ReplacedBy"/> its
/// start): the retraction removes every stored result of that id with a lower revision, and keeps later ones of those
/// out, so replaying a retraction or the results it removed after a crash changes nothing.
/// </summary>
public sealed record WindowRetraction
{
    [JsonPropertyName("pipeline")] public required string Pipeline { get; init; }
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("windowStart")] public required long WindowStart { get; init; }
    /// <summary>The revision of the merged result that replaces the retracted one (always above the retracted revision).</summary>
    [JsonPropertyName("revision")] public required int Revision { get; init; }
    /// <summary>The start of the merged session whose result replaces the retracted one.</summary>
    [JsonPropertyName("replacedBy")] public required long ReplacedBy { get; init; }
    [JsonPropertyName("retractedAt")] public required long RetractedAt { get; init; }
}
