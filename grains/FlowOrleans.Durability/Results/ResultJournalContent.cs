using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// What a <see cref="ResultStore"/> keeps, as a compacted journal would hold it: the live results in recency order, the
/// retraction tombstones oldest first, and the kept late records, each with its count (so a journal can tell how many of
/// its lines are superseded without walking the sequences).
/// </summary>
public readonly record struct ResultJournalContent(
    int ResultCount,
    IEnumerable<WindowResult> Results,
    int RetractionCount,
    IEnumerable<WindowRetraction> Retractions,
    long LateCount,
    IEnumerable<LateEventRecord> Late);
