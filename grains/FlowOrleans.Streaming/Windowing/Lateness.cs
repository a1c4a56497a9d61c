namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// The lateness rules, in one place. A window <c>[start, end)</c> is due (fires) when
/// <c>watermark &gt;= end</c>, and closed when <c>watermark &gt;= end + allowedLateness</c>: an event that
/// meets a closed window is late for it. Overflow-safe for <see cref="long.MinValue"/>/<see cref="long.MaxValue"/> watermarks.
/// </summary>
public static class Lateness
{
    /// <summary>True when the window ending at <paramref name="end"/> fires at this watermark.</summary>
    public static bool IsDue(long watermark, long end) => watermark >= end;

    /// <summary>True when the window no longer takes events at this watermark.</summary>
    public static bool IsClosed(long watermark, long end, long allowedLateness) =>
        watermark >= end && unchecked((ulong)(watermark - end)) >= (ulong)allowedLateness;

    /// <summary>The late record of an event that missed the window starting at <paramref name="windowStart"/>.</summary>
    public static LateEventRecord Record(string pipeline, in LoggedEvent e, long windowStart, long watermark) => new()
    {
        Pipeline = pipeline,
        Id = e.Event.Id,
        Ts = e.Event.Ts,
        Value = e.Event.Value,
        Key = e.Event.Key,
        Type = e.Event.Type,
        WindowStart = windowStart,
        Watermark = watermark,
        ReceivedAt = e.ReceivedAt,
        Partition = e.Partition,
        Offset = e.Offset,
    };
}
