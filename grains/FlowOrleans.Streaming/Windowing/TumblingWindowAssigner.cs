namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// Tumbling windows of <see cref="Size"/> ms aligned to <see cref="Offset"/>:
/// <c>start = ts - mod(ts - offset, size)</c> with a non-negative modulo, so negative times and offsets work.
/// </summary>
public sealed class TumblingWindowAssigner : IWindowAssigner
{
    public TumblingWindowAssigner(long size, long offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        Offset = offset;
    }

    public long Size { get; }

    public long Offset { get; }

    public int MaxWindowsPerEvent => 1;

    /// <summary>The start of the one window containing <paramref name="ts"/>.</summary>
    public long StartOf(long ts) => ts - FloorMod(ts - Offset, Size);

    public int Assign(long ts, Span<long> starts)
    {
        starts[0] = StartOf(ts);
        return 1;
    }

    /// <summary>The modulo that is always in <c>[0, divisor)</c>.</summary>
    public static long FloorMod(long value, long divisor)
    {
        var r = value % divisor;
        return r < 0 ? r + divisor : r;
    }
}
