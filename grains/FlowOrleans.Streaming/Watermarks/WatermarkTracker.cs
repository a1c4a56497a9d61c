using System.Runtime.InteropServices;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Watermarks;

/// <summary>
/// The pipeline watermark (the state of the watermark grain). Rules, with <c>now</c> always passed in:
/// <list type="bullet">
/// <item>partition watermark = its max ts - <see cref="WatermarkDelay"/>; only partitions with data count;</item>
/// <item>a partition known to have data it has not processed yet (<see cref="Expect"/>) holds the watermark where it is
/// until it reports or goes idle, as a Kafka partition with unread records holds back Flink's watermark;</item>
/// <item>a partition is idle when <c>now - LastEventAt &gt;= IdleTimeout</c>;</item>
/// <item>watermark = minimum of the non-idle partitions' watermarks; when every partition is idle, the maximum of
/// theirs (nothing holds it back), plus, with <see cref="AdvanceOnIdle"/>, the processing time elapsed since the
/// last of them became idle (<c>now - (max LastEventAt + IdleTimeout)</c>);</item>
/// <item>it never goes backwards; <see cref="long.MinValue"/> before any data.</item>
/// </list>
/// </summary>
public sealed class WatermarkTracker
{
    public long WatermarkDelay { get; set; }

    public long IdleTimeout { get; set; } = 30_000;

    public bool AdvanceOnIdle { get; set; }

    public Dictionary<int, PartitionProgress> Partitions { get; set; } = [];

    /// <summary>The current pipeline watermark (monotonic).</summary>
    public long Watermark { get; set; } = long.MinValue;

    public static WatermarkTracker For(PipelineDefinition definition) => new()
    {
        WatermarkDelay = definition.WatermarkDelay,
        IdleTimeout = definition.IdleTimeout,
        AdvanceOnIdle = definition.AdvanceOnIdle,
    };

    /// <summary>Records that <paramref name="partition"/> processed events up to <paramref name="maxTs"/> at <paramref name="now"/>.</summary>
    public void Observe(int partition, long maxTs, long lastOffset, long now)
    {
        ref var p = ref CollectionsMarshal.GetValueRefOrAddDefault(Partitions, partition, out _);
        p ??= new PartitionProgress();
        if (maxTs > p.MaxTs)
        {
            p.MaxTs = maxTs;
        }

        if (lastOffset > p.LastOffset)
        {
            p.LastOffset = lastOffset;
        }

        if (now > p.LastEventAt)
        {
            p.LastEventAt = now;
        }
    }

    /// <summary>
    /// Tells whether <paramref name="partition"/>, which has not reported any data yet, has events waiting in the log.
    /// While it has, and for at most <see cref="IdleTimeout"/> from the first time it is seen waiting, the watermark does
    /// not advance; once it has none, it holds nothing back. A partition that already reported is unaffected.
    /// </summary>
    public void Expect(int partition, bool hasWaitingEvents, long now)
    {
        if (hasWaitingEvents)
        {
            Partitions.TryAdd(partition, new PartitionProgress { LastEventAt = now });
        }
        else if (Partitions.TryGetValue(partition, out var p) && p.MaxTs == long.MinValue)
        {
            Partitions.Remove(partition);
        }
    }

    /// <summary>The watermark of one partition, or null when it has no data.</summary>
    public long? PartitionWatermark(int partition) =>
        Partitions.TryGetValue(partition, out var p) && p.MaxTs != long.MinValue ? p.MaxTs - WatermarkDelay : null;

    public bool IsIdle(int partition, long now) =>
        Partitions.TryGetValue(partition, out var p) && now - p.LastEventAt >= IdleTimeout;

    /// <summary>Recomputes the watermark at processing time <paramref name="now"/> and returns it.</summary>
    public long Advance(long now)
    {
        var activeMin = long.MaxValue;
        var idleMax = long.MinValue;
        var lastActivity = long.MinValue;
        var any = false;
        var anyActive = false;
        foreach (var p in Partitions.Values)
        {
            if (p.MaxTs == long.MinValue)
            {
                if (now - p.LastEventAt < IdleTimeout)
                {
                    // Expected, not yet reported: nothing may pass it.
                    anyActive = true;
                    activeMin = long.MinValue;
                }

                continue;
            }

            any = true;
            var wm = p.MaxTs - WatermarkDelay;
            lastActivity = Math.Max(lastActivity, p.LastEventAt);
            if (now - p.LastEventAt < IdleTimeout)
            {
                anyActive = true;
                activeMin = Math.Min(activeMin, wm);
            }
            else
            {
                idleMax = Math.Max(idleMax, wm);
            }
        }

        if (!any)
        {
            return Watermark;
        }

        long candidate;
        if (anyActive)
        {
            candidate = activeMin;
        }
        else
        {
            candidate = idleMax;
            if (AdvanceOnIdle)
            {
                candidate += now - (lastActivity + IdleTimeout);
            }
        }

        if (candidate > Watermark)
        {
            Watermark = candidate;
        }

        return Watermark;
    }
}
