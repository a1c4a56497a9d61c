using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>
/// The gateway's view of every silo's results in cluster mode: the in-memory <see cref="ResultStore"/> the embedded
/// node uses, rebuilt from the result and late tables at start (results in emission order, late records in arrival
/// order) and then fed by polling each writer's journal partition for entries after the last one seen. Applying a
/// change twice is harmless: results are keyed by (pipeline, key, windowStart) and an equal revision is no change,
/// late records are keyed by (pipeline, partition, offset, windowStart). So the rebuild and the journal may overlap,
/// and the mirror raises <see cref="IResultStore.ResultsChanged"/> and <see cref="IResultStore.LateAppended"/> (which
/// drive <c>/ws</c>) once per real change.
/// </summary>
public sealed class ResultMirror : ResultStore
{
    private readonly AzureTableResultStoreOptions _options;
    private readonly ResultTables _tables;
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private long _lastWriterScan;

    private ResultMirror(AzureTableResultStoreOptions options)
        : base(NullResultJournal.Instance, options.Limits)
    {
        _options = options;
        _tables = new ResultTables(options);
    }

    /// <summary>True once the rebuild from the tables is done.</summary>
    public bool Ready { get; private set; }

    /// <summary>Journal entries applied since start.</summary>
    public long EntriesApplied { get; private set; }

    /// <summary>Rebuilds from the tables and starts following the journals.</summary>
    public static async Task<ResultMirror> StartAsync(AzureTableResultStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzureTableResultStoreOptionsValidator.ThrowIfInvalid(options);
        var mirror = new ResultMirror(options);
        await mirror.RebuildAsync(cancellationToken).ConfigureAwait(false);
        mirror._loop = Task.Run(mirror.FollowAsync);
        return mirror;
    }

    /// <summary>Reads every journal once now (tests use it to avoid waiting for a poll).</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - _lastWriterScan >= 1000)
        {
            foreach (var (writer, _) in await _tables.ReadWritersAsync(cancellationToken).ConfigureAwait(false))
            {
                _positions.TryAdd(writer, 0);
            }

            _lastWriterScan = now;
        }

        var applied = 0;
        foreach (var writer in _positions.Keys.ToList())
        {
            foreach (var (sequence, changes) in await _tables.ReadJournalAsync(writer, _positions[writer], cancellationToken).ConfigureAwait(false))
            {
                await UpsertResultsAsync(changes.Results, cancellationToken).ConfigureAwait(false);
                await AppendLateAsync(changes.Late, cancellationToken).ConfigureAwait(false);
                await RetractResultsAsync(changes.Retractions ?? [], cancellationToken).ConfigureAwait(false);
                _positions[writer] = sequence;
                applied++;
            }
        }

        EntriesApplied += applied;
        return applied;
    }

    /// <summary>Stops following the journals.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        // Every retained journal entry is applied after the rebuild, also those already in the tables: harmless, and
        // nothing that lands while the tables are read is missed.
        List<WindowResult> results = [];
        await foreach (var result in _tables.ReadAllResultsAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        foreach (var result in results.OrderBy(r => r.EmittedAt))
        {
            Restore(result);
        }

        List<LateEventRecord> late = [];
        await foreach (var record in _tables.ReadAllLateAsync(cancellationToken).ConfigureAwait(false))
        {
            late.Add(record);
        }

        foreach (var record in late.OrderBy(l => l.ReceivedAt).ThenBy(l => l.Partition).ThenBy(l => l.Offset))
        {
            Restore(record);
        }

        Ready = true;
    }

    private async Task FollowAsync()
    {
        var token = _stopping.Token;
        var delay = _options.MinPollInterval;
        while (!token.IsCancellationRequested)
        {
            var applied = 0;
            try
            {
                applied = await PollOnceAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Storage unreachable for a moment: the next poll continues from the same positions.
            }

            delay = applied > 0 ? _options.MinPollInterval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollInterval.Ticks));
            try
            {
                await Task.Delay(delay, _options.TimeProvider, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
