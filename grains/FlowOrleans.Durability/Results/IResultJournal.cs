using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Where a <see cref="ResultStore"/> keeps what it stores (nothing, or NDJSON files). Called under the store's lock.</summary>
public interface IResultJournal : IDisposable
{
    void AppendResult(WindowResult result);

    void AppendRetraction(WindowRetraction retraction);

    void AppendLate(LateEventRecord record);

    /// <summary>Makes the appended lines durable on disk (fsync).</summary>
    void Flush();

    /// <summary>
    /// Hands the appended lines to the operating system without an fsync: they then survive a <c>kill -9</c> of the
    /// process. The store calls it before an upsert, a retraction or a late append returns: a window that emitted results
    /// records that fact in its next state write and never emits them again, and a session grain's state write moves its
    /// applied offsets past the late events it listed, so a replay would not list them again.
    /// </summary>
    void WriteThrough();

    /// <summary>Gives the journal a chance to drop superseded or evicted lines, keeping only <paramref name="kept"/>.</summary>
    void MaybeCompact(ResultJournalContent kept);
}
