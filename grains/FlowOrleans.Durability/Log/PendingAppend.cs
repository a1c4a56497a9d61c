using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>One caller's batch waiting in the group-commit queue; completed with its offsets once durable.</summary>
public sealed class PendingAppend(IReadOnlyList<(int Partition, StreamEvent Event)> events, IdempotencyRecord? idempotency, long receivedAt)
{
    public IReadOnlyList<(int Partition, StreamEvent Event)> Events { get; } = events;

    public IdempotencyRecord? Idempotency { get; } = idempotency;

    public long ReceivedAt { get; } = receivedAt;

    public long[] Offsets { get; } = new long[events.Count];

    public TaskCompletionSource<IReadOnlyList<long>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
