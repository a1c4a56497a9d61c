using System.Diagnostics;

namespace FlowOrleans.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench -- throughput [seconds] [callers] [grains]</c>: concurrent calls per
/// second from many callers, and the median of single sequential calls, each next to its baseline (the same
/// loop calling the grain object directly through its interface).
/// </summary>
public static class ThroughputHarness
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var callers = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 64;
        var grainCount = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        await using var silo = await BenchSilo.StartAsync();
        var grains = Enumerable.Range(0, grainCount).Select(i => silo.Grains.GetGrain<IBenchGrain>(i)).ToArray();
        var direct = Enumerable.Range(0, grainCount).Select(_ => (IBenchGrain)new BenchGrain()).ToArray();
        foreach (var grain in grains)
        {
            await grain.Ping(0);
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {callers} callers, {grainCount} grains, {seconds} s per run");
        await Concurrent("warm-up", grains, callers, 1);
        var baseline = await Concurrent("direct interface calls (baseline)", direct, callers, seconds);
        var measured = await Concurrent("grain calls", grains, callers, seconds);
        Console.WriteLine($"concurrent ratio baseline/grain: {baseline / measured:F1}x");

        var baselineMedian = await SequentialMedian("direct interface call (baseline)", direct[0]);
        var grainMedian = await SequentialMedian("grain call", grains[0]);
        Console.WriteLine($"sequential ratio grain/baseline: {grainMedian / Math.Max(baselineMedian, 1e-9):F1}x");
    }

    private static async Task<double> Concurrent(string name, IBenchGrain[] grains, int callers, double seconds)
    {
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var counts = new long[callers];
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var n = 0L;
            var mask = grains.Length;
            while ((n & 1023) != 0 || Stopwatch.GetTimestamp() < stop)
            {
                await grains[(int)((caller * 7919 + n) % mask)].Ping((int)n);
                n++;
            }

            counts[caller] = n;
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var perSecond = counts.Sum() / elapsed;
        Console.WriteLine($"{name}: {counts.Sum():N0} calls in {elapsed:F2} s = {perSecond:N0} calls/s");
        return perSecond;
    }

    private static async Task<double> SequentialMedian(string name, IBenchGrain grain)
    {
        const int Samples = 1_000_000;
        var samples = new long[Samples];
        for (var i = 0; i < 100_000; i++)
        {
            await grain.Ping(i);
        }

        for (var i = 0; i < Samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await grain.Ping(i);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(samples);
        var toMicros = 1_000_000.0 / Stopwatch.Frequency;
        var median = samples[Samples / 2] * toMicros;
        Console.WriteLine($"{name}: median {median:F3} us, p99 {samples[Samples * 99 / 100] * toMicros:F3} us (timer resolution {toMicros * 1000:F0} ns)");
        return median;
    }
}
