using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Where a <see cref="ResultStore"/> keeps what it stores (nothing, or NDJSON files). Called under the store's lock.</summary>
public interface IResultJournal : IDisposable
{
    void AppendResult(WindowResult result);

    void AppendLate(LateEventRecord record);

    void Flush();

    /// <summary>
    /// Gives the journal a chance to drop superseded or evicted lines: <paramref name="results"/> are the live results in
    /// recency order, <paramref name="late"/> the kept late records.
    /// </summary>
    void MaybeCompact(int resultCount, IEnumerable<WindowResult> results, long lateCount, IEnumerable<LateEventRecord> late);
}
