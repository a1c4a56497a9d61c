namespace FlowOrleans.Durability.Idempotency;

/// <summary>
/// What an <c>Idempotency-Key</c> request answered: the key, when it was first executed (Unix ms) and the
/// exact response body. The log writes it in the same group commit as the request's events.
/// </summary>
public sealed record IdempotencyRecord(string Key, long CreatedAt, byte[] Response);
