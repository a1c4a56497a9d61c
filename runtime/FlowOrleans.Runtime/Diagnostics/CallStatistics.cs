using System.Diagnostics;
using System.Numerics;

namespace FlowOrleans.Runtime;

/// <summary>
/// Counters of one (grain type, method): calls, failures, total latency and a fixed-bucket latency histogram
/// (bucket <c>b</c> holds latencies below 2^b microseconds). Lock-free; reading costs nothing on the call path.
/// </summary>
internal sealed class CallStatistics(string grainType, GrainMethodDescriptor method)
{
    private const int BucketCount = 32;
    private readonly long[] _buckets = new long[BucketCount];
    private long _calls;
    private long _failures;
    private long _elapsedTicks;

    public string GrainType { get; } = grainType;

    public GrainMethodDescriptor Method { get; } = method;

    public long Calls => Volatile.Read(ref _calls);

    public long Failures => Volatile.Read(ref _failures);

    public void Record(long elapsedTimestampTicks, bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed)
        {
            Interlocked.Increment(ref _failures);
        }

        Interlocked.Add(ref _elapsedTicks, elapsedTimestampTicks);
        var micros = (ulong)Math.Max(0, elapsedTimestampTicks) * 1_000_000UL / (ulong)Stopwatch.Frequency;
        var bucket = micros == 0 ? 0 : Math.Min(BucketCount - 1, BitOperations.Log2(micros) + 1);
        Interlocked.Increment(ref _buckets[bucket]);
    }

    public GrainMethodStatistics Snapshot()
    {
        var calls = Calls;
        var counts = new long[BucketCount];
        var total = 0L;
        for (var i = 0; i < BucketCount; i++)
        {
            counts[i] = Volatile.Read(ref _buckets[i]);
            total += counts[i];
        }

        var meanMs = calls == 0 ? 0 : Volatile.Read(ref _elapsedTicks) * 1000.0 / Stopwatch.Frequency / calls;
        return new GrainMethodStatistics(GrainType, Method.InterfaceName, Method.MethodName, calls, Failures, meanMs,
            Percentile(counts, total, 0.50), Percentile(counts, total, 0.99));
    }

    private static double Percentile(long[] counts, long total, double quantile)
    {
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(total * quantile);
        var seen = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Pow(2, i) / 1000.0;
            }
        }

        return Math.Pow(2, counts.Length - 1) / 1000.0;
    }
}
