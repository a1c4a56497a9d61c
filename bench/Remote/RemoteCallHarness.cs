using System.Diagnostics;
using System.Globalization;

namespace FlowOrleans.Bench.Remote;

/// <summary>
/// <c>dotnet run -c Release --project bench -- remote [seconds] [callers] [grains]</c>: grain calls between two silos
/// on loopback TCP (concurrent calls/s, sequential latency, bytes allocated per call), next to the same figures for
/// local calls on the owning silo, measured in the same run.
/// </summary>
public static class RemoteCallHarness
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
        var grainCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
        await using var cluster = await BenchCluster.StartAsync();
        var remote = Enumerable.Range(0, grainCount).Select(i => cluster.Caller.GetGrain<IBenchGrain>(i)).ToArray();
        var local = Enumerable.Range(0, grainCount).Select(i => cluster.Owner.GetGrain<IBenchGrain>(i)).ToArray();
        foreach (var grain in remote)
        {
            await grain.Ping(0);
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {callers} callers, {grainCount} grains, {seconds} s per run");
        await Concurrent("warm-up (remote)", remote, callers, 1);
        var localRate = await Concurrent("local grain calls (baseline)", local, callers, seconds);
        var remoteRate = await Concurrent("remote grain calls", remote, callers, seconds);
        Console.WriteLine($"concurrent ratio local/remote: {localRate.PerSecond / remoteRate.PerSecond:F1}x; bytes per call local {localRate.BytesPerCall:F0}, remote {remoteRate.BytesPerCall:F0}");

        var localMedian = await SequentialMedian("local grain call (baseline)", local[0], 200_000);
        var remoteMedian = await SequentialMedian("remote grain call", remote[0], 50_000);
        Console.WriteLine($"sequential ratio remote/local: {remoteMedian / Math.Max(localMedian, 1e-9):F1}x");
    }

    private static async Task<(double PerSecond, double BytesPerCall)> Concurrent(string name, IBenchGrain[] grains, int callers, double seconds)
    {
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var counts = new long[callers];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var n = 0L;
            while ((n & 255) != 0 || Stopwatch.GetTimestamp() < stop)
            {
                await grains[(int)((caller * 7919 + n) % grains.Length)].Ping((int)n);
                n++;
            }

            counts[caller] = n;
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var calls = counts.Sum();
        var perSecond = calls / elapsed;
        Console.WriteLine($"{name}: {calls:N0} calls in {elapsed:F2} s = {perSecond:N0} calls/s, {allocated / (double)calls:F0} B allocated per call (both silos)");
        return (perSecond, allocated / (double)calls);
    }

    private static async Task<double> SequentialMedian(string name, IBenchGrain grain, int samples)
    {
        var timings = new long[samples];
        for (var i = 0; i < samples / 10; i++)
        {
            await grain.Ping(i);
        }

        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await grain.Ping(i);
            timings[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(timings);
        var toMicros = 1_000_000.0 / Stopwatch.Frequency;
        var median = timings[samples / 2] * toMicros;
        Console.WriteLine($"{name}: median {median:F3} us, p99 {timings[samples * 99 / 100] * toMicros:F3} us over {samples:N0} calls");
        return median;
    }
}
