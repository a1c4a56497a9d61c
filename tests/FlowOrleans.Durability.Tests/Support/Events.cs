using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Support;

/// <summary>Deterministic test events.</summary>
public static class Events
{
    public static StreamEvent Make(int n) => new(
        $"e{n}",
        1_700_000_000_000 + n,
        n % 3 == 0 ? null : n * 1.5,
        n % 4 == 0 ? null : $"k{n % 5}",
        n % 2 == 0 ? "important" : null);

    public static List<(int Partition, StreamEvent Event)> Batch(int first, int count, int partitions) =>
        Enumerable.Range(first, count).Select(n => (n % partitions, Make(n))).ToList();
}
