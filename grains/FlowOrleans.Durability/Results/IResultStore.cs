using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// Window results and late events, with the queries of CONTRACT §4 answered from memory and a change feed for live
/// output. Implementations: <see cref="FileResultStore"/> (NDJSON files), <see cref="InMemoryResultStore"/> (tests);
/// the cluster mode adds a table-backed one. Thread-safe.
/// </summary>
public interface IResultStore : IAsyncDisposable
{
    /// <summary>Live (distinct) window results.</summary>
    long ResultCount { get; }

    /// <summary>Late records stored, all pipelines.</summary>
    long LateCount { get; }

    /// <summary>
    /// Raised after results were stored that changed something (new, or replacing an older revision or other content),
    /// in order; not raised for no-op re-upserts. Handlers run on the caller's thread and must be quick.
    /// </summary>
    event Action<IReadOnlyList<WindowResult>>? ResultsChanged;

    /// <summary>
    /// Raised after retractions that removed a result (or recorded one this store had not seen), in order; not raised
    /// for replayed ones. Handlers run on the caller's thread and must be quick.
    /// </summary>
    event Action<IReadOnlyList<WindowRetraction>>? ResultsRetracted;

    /// <summary>Raised after late records were added (duplicates excluded).</summary>
    event Action<IReadOnlyList<LateEventRecord>>? LateAppended;

    /// <summary>Stores results keyed by (pipeline, key, windowStart); returns those that changed something.</summary>
    ValueTask<IReadOnlyList<WindowResult>> UpsertResultsAsync(IReadOnlyList<WindowResult> results, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the results that <paramref name="retractions"/> withdraw (a session merged within allowed lateness under
    /// an earlier start) from every query, durably like an upsert; returns those that changed something (a replay changes nothing).
    /// </summary>
    ValueTask<IReadOnlyList<WindowRetraction>> RetractResultsAsync(IReadOnlyList<WindowRetraction> retractions, CancellationToken cancellationToken = default);

    /// <summary>Adds late records, skipping any whose (pipeline, partition, offset, windowStart) is known; returns those added.</summary>
    ValueTask<IReadOnlyList<LateEventRecord>> AppendLateAsync(IReadOnlyList<LateEventRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Makes everything stored so far durable. Call before checkpointing the offsets that produced it.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="limit"/> results to change, across pipelines, oldest first, latest revision of each.</summary>
    IReadOnlyList<WindowResult> Recent(int limit);

    /// <summary>Results of a pipeline with <paramref name="from"/> ≤ windowStart ≤ <paramref name="to"/> (inclusive bounds), ordered by windowStart then key (null key first).</summary>
    IReadOnlyList<WindowResult> Query(string pipeline, KeyFilter key, long? from, long? to, int limit);

    /// <summary>The last <paramref name="limit"/> late records of a pipeline, oldest first.</summary>
    IReadOnlyList<LateEventRecord> Late(string pipeline, int limit);

    /// <summary>Late records stored for one pipeline.</summary>
    long LateCountFor(string pipeline);
}
