namespace FlowOrleans.ClientApi.Metrics;

/// <summary>One time series: an instrument with one set of label values. Updated lock-free from any thread.</summary>
internal sealed class MetricCell(string labels, double[]? bucketBounds)
{
    private double _value;
    private double _sum;
    private long _count;
    private readonly long[]? _buckets = bucketBounds is null ? null : new long[bucketBounds.Length + 1];

    /// <summary>The rendered label set, e.g. <c>{pipeline="default"}</c>, or empty.</summary>
    public string Labels { get; } = labels;

    public double Value => Volatile.Read(ref _value);

    public double Sum => Volatile.Read(ref _sum);

    public long Count => Interlocked.Read(ref _count);

    public void Add(double delta) => AddDouble(ref _value, delta);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value, double[] bounds)
    {
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _buckets![i]);
        Interlocked.Increment(ref _count);
        AddDouble(ref _sum, value);
    }

    /// <summary>The cumulative count of observations at or below each bound, then +Inf.</summary>
    public long[] CumulativeBuckets()
    {
        var result = new long[_buckets!.Length];
        long running = 0;
        for (var i = 0; i < result.Length; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            result[i] = running;
        }

        return result;
    }

    private static void AddDouble(ref double target, double delta)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
