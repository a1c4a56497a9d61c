using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>
/// The result store of a silo in cluster mode. Window grains of this silo upsert results and add late records here; an
/// in-memory index drops what this process already stored unchanged, and a <see cref="ResultChangeWriter"/> writes the
/// rest to the result, late and journal tables in the background. <see cref="FlushAsync"/> (called before a partition
/// commits its offset) waits until they are stored. Queries answer from this process's index only: the gateway's
/// <see cref="ResultMirror"/> is the one that sees every silo's results.
/// </summary>
public sealed class AzureTableResultStore : IResultStore
{
    private readonly InMemoryResultStore _index;
    private readonly ResultChangeWriter _writer;

    public AzureTableResultStore(AzureTableResultStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureTableResultStoreOptionsValidator.ThrowIfInvalid(options);
        _index = new InMemoryResultStore(options.Limits);
        _writer = new ResultChangeWriter(new ResultTables(options), options);
    }

    public long ResultCount => _index.ResultCount;

    public long LateCount => _index.LateCount;

    /// <summary>This process's journal partition (for tests and diagnostics).</summary>
    public string JournalWriter => _writer.Writer;

    public event Action<IReadOnlyList<WindowResult>>? ResultsChanged
    {
        add => _index.ResultsChanged += value;
        remove => _index.ResultsChanged -= value;
    }

    public event Action<IReadOnlyList<WindowRetraction>>? ResultsRetracted
    {
        add => _index.ResultsRetracted += value;
        remove => _index.ResultsRetracted -= value;
    }

    public event Action<IReadOnlyList<LateEventRecord>>? LateAppended
    {
        add => _index.LateAppended += value;
        remove => _index.LateAppended -= value;
    }

    public async ValueTask<IReadOnlyList<WindowResult>> UpsertResultsAsync(IReadOnlyList<WindowResult> results, CancellationToken cancellationToken = default)
    {
        var changed = await _index.UpsertResultsAsync(results, cancellationToken).ConfigureAwait(false);
        _writer.Enqueue(changed, []);
        return changed;
    }

    public async ValueTask<IReadOnlyList<WindowRetraction>> RetractResultsAsync(IReadOnlyList<WindowRetraction> retractions, CancellationToken cancellationToken = default)
    {
        var changed = await _index.RetractResultsAsync(retractions, cancellationToken).ConfigureAwait(false);
        _writer.Enqueue([], [], changed);
        return changed;
    }

    public async ValueTask<IReadOnlyList<LateEventRecord>> AppendLateAsync(IReadOnlyList<LateEventRecord> records, CancellationToken cancellationToken = default)
    {
        var added = await _index.AppendLateAsync(records, cancellationToken).ConfigureAwait(false);
        _writer.Enqueue([], added);
        return added;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => new(_writer.FlushAsync(cancellationToken));

    public IReadOnlyList<WindowResult> Recent(int limit) => _index.Recent(limit);

    public IReadOnlyList<WindowResult> Query(string pipeline, KeyFilter key, long? from, long? to, int limit) => _index.Query(pipeline, key, from, to, limit);

    public IReadOnlyList<LateEventRecord> Late(string pipeline, int limit) => _index.Late(pipeline, limit);

    public long LateCountFor(string pipeline) => _index.LateCountFor(pipeline);

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _index.DisposeAsync().ConfigureAwait(false);
    }
}
