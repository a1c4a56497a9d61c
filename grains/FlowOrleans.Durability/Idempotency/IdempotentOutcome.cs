namespace FlowOrleans.Durability.Idempotency;

/// <summary>The answer to an idempotent request: the response body, and whether it is a replay of an earlier execution.</summary>
public readonly record struct IdempotentOutcome(byte[] Response, bool Replayed);
