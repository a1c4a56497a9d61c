using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Where a <see cref="ResultStore"/> keeps what it stores (nothing, or NDJSON files). Called under the store's lock.</summary>
public interface IResultJournal : IDisposable
{
    void AppendResult(WindowResult result);

    void AppendLate(LateEventRecord record);

    void Flush();

    /// <summary>Gives the journal a chance to drop superseded revisions; <paramref name="live"/> is the current results in recency order.</summary>
    void MaybeCompact(int liveCount, IEnumerable<WindowResult> live);
}
