namespace FlowOrleans.Streaming.Watermarks;

/// <summary>What the watermark knows of one ingest partition.</summary>
public sealed class PartitionProgress
{
    /// <summary>The largest event ts the partition has processed.</summary>
    public long MaxTs { get; set; } = long.MinValue;

    /// <summary>Processing time (Unix ms) when the partition last processed an event.</summary>
    public long LastEventAt { get; set; }

    /// <summary>The last log offset processed (-1 before any).</summary>
    public long LastOffset { get; set; } = -1;
}
