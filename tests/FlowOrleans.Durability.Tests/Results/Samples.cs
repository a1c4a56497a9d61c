using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Results;

internal static class Samples
{
    public static WindowResult Result(string? key, long windowStart, long count = 1, int revision = 0, string pipeline = "default", long emittedAt = 1) => new()
    {
        Pipeline = pipeline,
        Key = key,
        WindowStart = windowStart,
        WindowEnd = windowStart + 10_000,
        Count = count,
        Sum = count * 2.0,
        Min = 1,
        Max = 3,
        Avg = 2,
        EmittedAt = emittedAt,
        Revision = revision,
    };

    public static WindowRetraction Retraction(string? key, long windowStart, int revision = 1, long replacedBy = -1, string pipeline = "default") => new()
    {
        Pipeline = pipeline,
        Key = key,
        WindowStart = windowStart,
        Revision = revision,
        ReplacedBy = replacedBy,
        RetractedAt = 7,
    };

    public static LateEventRecord Late(int partition, long offset, long windowStart = 0, string pipeline = "default") => new()
    {
        Pipeline = pipeline,
        Id = $"late-{partition}-{offset}",
        Ts = windowStart + 5,
        Value = offset,
        Key = "k",
        Type = null,
        WindowStart = windowStart,
        Watermark = windowStart + 20_000,
        ReceivedAt = 99,
        Partition = partition,
        Offset = offset,
    };
}
