using System.Text;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.CrashWriter;

/// <summary>The deterministic content the crash writer appends, so the test can check every acknowledged record.</summary>
public static class CrashWriterEvents
{
    public const int EventsPerBatch = 6;

    public static StreamEvent Make(long batch, int index) => new(
        $"b{batch}-{index}",
        1_700_000_000_000 + (batch * 10) + index,
        index == 0 ? null : batch + (index / 10.0),
        index % 3 == 0 ? null : $"key-{batch % 17}",
        index % 2 == 0 ? "critical" : null);

    public static int PartitionOf(long batch, int index, int partitions) => (int)((batch + index) % partitions);

    public static string IdempotencyKey(long batch) => $"req-{batch}";

    public static byte[] Response(long batch) => Encoding.UTF8.GetBytes($"{{\"accepted\":{EventsPerBatch},\"batch\":{batch}}}");
}
