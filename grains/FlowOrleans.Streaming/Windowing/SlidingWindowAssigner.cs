namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// Sliding windows of <see cref="Size"/> ms every <see cref="Slide"/> ms, aligned to the epoch. The slide
/// divides the size, so every timestamp is in exactly <c>size / slide</c> windows.
/// </summary>
public sealed class SlidingWindowAssigner : IWindowAssigner
{
    public SlidingWindowAssigner(long size, long slide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slide);
        if (size % slide != 0)
        {
            throw new ArgumentException("slide must divide size", nameof(slide));
        }

        Size = size;
        Slide = slide;
        MaxWindowsPerEvent = checked((int)(size / slide));
    }

    public long Size { get; }

    public long Slide { get; }

    public int MaxWindowsPerEvent { get; }

    public int Assign(long ts, Span<long> starts)
    {
        var last = ts - TumblingWindowAssigner.FloorMod(ts, Slide);
        var n = MaxWindowsPerEvent;
        for (var i = 0; i < n; i++)
        {
            starts[i] = last - ((n - 1 - i) * Slide);
        }

        return n;
    }
}
