namespace FlowOrleans.Durability.Idempotency;

/// <summary>
/// Remembers <c>Idempotency-Key</c> requests and their responses for a retention period. Durability comes from the
/// ingest log: the execution passes <see cref="IdempotencyTicket.Record"/> to <c>IIngestLog.AppendAsync</c>, and a
/// restarted node seeds the store from <c>IIngestLog.RecoveredIdempotencyRecords</c>.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Retention of a key after its first execution.</summary>
    TimeSpan Retention { get; }

    /// <summary>Live (unexpired) keys.</summary>
    int Count { get; }

    /// <summary>
    /// Runs <paramref name="execute"/> unless the key is known: then returns the stored response (Replayed). A concurrent
    /// call with the same key waits for the running one and gets its response; if the running one fails, the waiter
    /// executes itself. The response is stored only after <paramref name="execute"/> succeeds.
    /// </summary>
    Task<IdempotentOutcome> ExecuteOnceAsync(string key, Func<IdempotencyTicket, CancellationToken, Task<byte[]>> execute, CancellationToken cancellationToken = default);

    /// <summary>The stored response of an unexpired key.</summary>
    bool TryGetResponse(string key, out byte[] response);
}
