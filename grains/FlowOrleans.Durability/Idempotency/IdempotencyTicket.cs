namespace FlowOrleans.Durability.Idempotency;

/// <summary>
/// Handed to the one execution of a key. The execution builds its response, then appends its events together with
/// <see cref="Record"/>(response) so the log makes both durable in the same group commit.
/// </summary>
public readonly record struct IdempotencyTicket(string Key, long CreatedAt)
{
    public IdempotencyRecord Record(byte[] response) => new(Key, CreatedAt, response);
}
