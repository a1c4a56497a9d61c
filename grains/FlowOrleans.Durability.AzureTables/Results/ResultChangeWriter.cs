using System.Text.Json;
using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>
/// Writes a process's result changes to the tables in the background, soon after they happen (so the gateway's
/// mirror, and through it <c>/ws</c>, sees them within a poll), one round at a time: the result and late entities
/// first, then a journal entry with the same changes under this writer's next sequence number. <see cref="FlushAsync"/>
/// completes once every change queued before it is in the tables, and fails if the round that held them failed (the
/// changes stay queued and are written by a later round).
/// </summary>
internal sealed class ResultChangeWriter : IAsyncDisposable
{
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMinutes(1);
    private readonly ResultTables _tables;
    private readonly AzureTableResultStoreOptions _options;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(long Seq, WindowResult? Result, LateEventRecord? Late, WindowRetraction? Retraction)> _pending = [];
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private readonly Task _loop;
    private long _queued;
    private long _durable;
    private long _journalSequence;
    private long _lastHeartbeat;

    public ResultChangeWriter(ResultTables tables, AzureTableResultStoreOptions options)
    {
        _tables = tables;
        _options = options;
        Writer = AzureTableKeyEncoder.Encode($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _loop = Task.Run(RunAsync);
    }

    /// <summary>This process's journal partition.</summary>
    public string Writer { get; }

    public void Enqueue(IReadOnlyList<WindowResult> results, IReadOnlyList<LateEventRecord> late, IReadOnlyList<WindowRetraction>? retractions = null)
    {
        retractions ??= [];
        if (results.Count == 0 && late.Count == 0 && retractions.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var r in results)
            {
                _pending.Add((++_queued, r, null, null));
            }

            foreach (var l in late)
            {
                _pending.Add((++_queued, null, l, null));
            }

            foreach (var t in retractions)
            {
                _pending.Add((++_queued, null, null, t));
            }
        }

        _wake.Release();
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (_durable >= _queued)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_queued, done));
        }

        _wake.Release();
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops writing. Changes not yet written are dropped, as a crash would drop them: a graceful stop flushes first (grains checkpoint on deactivation).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var (_, tcs) in _waiters)
            {
                tcs.TrySetException(new ObjectDisposedException(nameof(AzureTableResultStore)));
            }

            _waiters.Clear();
        }

        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(10), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<(long Seq, WindowResult? Result, LateEventRecord? Late, WindowRetraction? Retraction)> round;
            lock (_lock)
            {
                round = [.. _pending];
                _pending.Clear();
            }

            try
            {
                await HeartbeatAsync(token).ConfigureAwait(false);
                if (round.Count > 0)
                {
                    await WriteAsync(round, token).ConfigureAwait(false);
                }

                failures = 0;
                Completed(round.Count > 0 ? round[^1].Seq : 0, null);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _pending.InsertRange(0, round);
                }

                Completed(0, ex);
                failures++;
                await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * failures)), token).ConfigureAwait(false);
                _wake.Release();
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(List<(long Seq, WindowResult? Result, LateEventRecord? Late, WindowRetraction? Retraction)> round, CancellationToken token)
    {
        var results = round.Where(c => c.Result is not null).Select(c => c.Result!).ToList();
        var late = round.Where(c => c.Late is not null).Select(c => c.Late!).ToList();
        var retractions = round.Where(c => c.Retraction is not null).Select(c => c.Retraction!).ToList();
        await Task.WhenAll(_tables.UpsertResultsAsync(results, token), _tables.UpsertLateAsync(late, token)).ConfigureAwait(false);

        // After the upserts: a result and its retraction in one round (fired, then merged away) leave no entity.
        await _tables.DeleteResultsAsync(retractions, token).ConfigureAwait(false);
        foreach (var payload in JournalPayloads(results, late, retractions))
        {
            await _tables.AppendJournalAsync(Writer, ++_journalSequence, payload, token).ConfigureAwait(false);
        }
    }

    /// <summary>The changes as journal payloads, each small enough for one entity (halving the lists until they fit).</summary>
    private static IEnumerable<byte[]> JournalPayloads(List<WindowResult> results, List<LateEventRecord> late, List<WindowRetraction> retractions)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new ResultChangeBatch(results, late, retractions), ResultTableJsonContext.Default.ResultChangeBatch);
        if (payload.Length <= SplitDataProperties.MaxPayloadBytes - 1024 || results.Count + late.Count + retractions.Count <= 1)
        {
            yield return payload;
            yield break;
        }

        var halfResults = results.Count / 2;
        var halfLate = late.Count / 2;
        var halfRetractions = retractions.Count / 2;
        foreach (var part in JournalPayloads(results[..halfResults], late[..halfLate], retractions[..halfRetractions]))
        {
            yield return part;
        }

        foreach (var part in JournalPayloads(results[halfResults..], late[halfLate..], retractions[halfRetractions..]))
        {
            yield return part;
        }
    }

    private async Task HeartbeatAsync(CancellationToken token)
    {
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - _lastHeartbeat < HeartbeatPeriod.TotalMilliseconds)
        {
            return;
        }

        await _tables.TouchWriterAsync(Writer, token).ConfigureAwait(false);
        var cutoff = now - (long)_options.JournalRetention.TotalMilliseconds;
        foreach (var (writer, seen) in await _tables.ReadWritersAsync(token).ConfigureAwait(false))
        {
            // Old entries of every writer go; a writer silent for a whole retention (a dead process) is forgotten.
            await _tables.DeleteJournalAsync(writer, cutoff, forget: writer != Writer && seen < cutoff, token).ConfigureAwait(false);
        }

        _lastHeartbeat = now;
    }

    private void Completed(long durable, Exception? failure)
    {
        List<TaskCompletionSource> done = [];
        List<TaskCompletionSource> failed = [];
        lock (_lock)
        {
            _durable = Math.Max(_durable, durable);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (target, tcs) = _waiters[i];
                if (target <= _durable)
                {
                    done.Add(tcs);
                    _waiters.RemoveAt(i);
                }
                else if (failure is not null)
                {
                    failed.Add(tcs);
                    _waiters.RemoveAt(i);
                }
            }
        }

        done.ForEach(t => t.TrySetResult());
        failed.ForEach(t => t.TrySetException(new IOException($"Writing results to the tables failed: {failure!.Message}", failure)));
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, _options.TimeProvider, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
