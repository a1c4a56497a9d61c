using System.Collections.Concurrent;

namespace FlowOrleans.Durability.Idempotency;

/// <summary>
/// The in-memory index of idempotency keys (one implementation for every log): a key → record map with expiry by
/// <see cref="TimeProvider"/>, plus the executions in flight so the same key never runs twice at once.
/// </summary>
public sealed class IdempotencyStore : IIdempotencyStore
{
    private readonly Dictionary<string, IdempotencyRecord> _records = new(StringComparer.Ordinal);
    private readonly Queue<IdempotencyRecord> _byAge = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<IdempotentOutcome>> _inFlight = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();

    /// <param name="retention">How long a key is remembered; the log's <c>IdempotencyRetention</c> should be the same.</param>
    /// <param name="timeProvider">Clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="recovered">Records recovered by the log on open.</param>
    public IdempotencyStore(TimeSpan retention, TimeProvider? timeProvider = null, IEnumerable<IdempotencyRecord>? recovered = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        Retention = retention;
        _timeProvider = timeProvider ?? TimeProvider.System;
        foreach (var record in (recovered ?? []).OrderBy(r => r.CreatedAt))
        {
            Add(record);
        }
    }

    public TimeSpan Retention { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                Purge();
                return _records.Count;
            }
        }
    }

    public async Task<IdempotentOutcome> ExecuteOnceAsync(
        string key,
        Func<IdempotencyTicket, CancellationToken, Task<byte[]>> execute,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        while (true)
        {
            if (TryGetResponse(key, out var stored))
            {
                return new IdempotentOutcome(stored, Replayed: true);
            }

            var mine = new TaskCompletionSource<IdempotentOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = _inFlight.GetOrAdd(key, mine);
            if (running != mine)
            {
                try
                {
                    var outcome = await running.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                    return outcome with { Replayed = true };
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // the first execution failed: try again ourselves
                }
            }

            try
            {
                // The previous holder may have finished between our look-up and GetOrAdd.
                if (TryGetResponse(key, out stored))
                {
                    mine.SetResult(new IdempotentOutcome(stored, Replayed: true));
                    return mine.Task.Result;
                }

                var ticket = new IdempotencyTicket(key, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                var response = await execute(ticket, cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    Add(ticket.Record(response));
                }

                var result = new IdempotentOutcome(response, Replayed: false);
                mine.SetResult(result);
                return result;
            }
            catch (Exception ex)
            {
                mine.TrySetException(ex);
                _ = mine.Task.Exception; // observed: waiters retry
                throw;
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<string, TaskCompletionSource<IdempotentOutcome>>(key, mine));
            }
        }
    }

    public bool TryGetResponse(string key, out byte[] response)
    {
        lock (_lock)
        {
            Purge();
            if (_records.TryGetValue(key, out var record))
            {
                response = record.Response;
                return true;
            }
        }

        response = [];
        return false;
    }

    private void Add(IdempotencyRecord record)
    {
        if (record.CreatedAt < Cutoff())
        {
            return;
        }

        _records[record.Key] = record;
        _byAge.Enqueue(record);
    }

    private void Purge()
    {
        var cutoff = Cutoff();
        while (_byAge.TryPeek(out var oldest) && oldest.CreatedAt < cutoff)
        {
            _byAge.Dequeue();
            if (_records.TryGetValue(oldest.Key, out var current) && ReferenceEquals(current, oldest))
            {
                _records.Remove(oldest.Key);
            }
        }
    }

    private long Cutoff() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)Retention.TotalMilliseconds;
}
