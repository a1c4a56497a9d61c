using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// Memory of the node under steady load: <c>memory SECONDS PERCENT [SAMPLE_SECONDS]</c>. It first drives the node flat
/// out with 1,000-event JSON arrays for 15 s and takes the rate at which the partitions processed events as the
/// maximum; then it paces the same bodies at PERCENT of that rate for SECONDS, sampling the node's working set, GC heap
/// and processed events every SAMPLE_SECONDS (5 by default) and printing each sample as it goes. The bodies hold 2% late
/// events, which the node keeps in <c>/late</c> (up to a million per pipeline); <c>nolate</c> leaves them out. Besides the
/// least-squares trend of all samples after the first minute, it gives the trend of the saw-tooth's floor (the lowest
/// sample of each half minute), which is what retained memory raises.
/// </summary>
public static class MemoryHarness
{
    private const int Batch = 1_000;
    private const int Concurrency = 8;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var percent = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 80;
        var sampleSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        var late = !(args.Length > 4 && args[4] == "nolate");
        var port = IngestHarness.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dataDir = Path.Combine(Path.GetTempPath(), "flow-bench-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"memory benchmark: {seconds} s at {percent}% of the maximum rate, 1,000-event JSON arrays, {(late ? "2% late" : "none late")}, {Environment.ProcessorCount} cores");
        using var node = IngestHarness.Start("dotnet", $"\"{IngestHarness.NodeDll()}\" --urls {url} --data-dir \"{dataDir}\" --contentRoot \"{IngestHarness.NodeContentRoot()}\"");
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = new Uri(url) };
            await IngestHarness.WaitReadyAsync(http);

            var before = await SampleAsync(http, node);
            await DriveAsync(http, TimeSpan.FromSeconds(15), intervalTicks: 0, late);
            var after = await SampleAsync(http, node);
            var max = (after.Events - before.Events) / Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds;
            var target = max * percent / 100;
            Console.WriteLine($"maximum processed rate: {max:N0} events/s; pacing at {target:N0} events/s");

            var intervalTicks = (long)(Stopwatch.Frequency * Batch / target);
            var driving = DriveAsync(http, TimeSpan.FromSeconds(seconds), intervalTicks, late);
            var samples = new List<Sample>();
            var start = Stopwatch.GetTimestamp();
            while (!driving.IsCompleted)
            {
                var sample = await SampleAsync(http, node);
                samples.Add(sample);
                var rate = samples.Count > 1 ? (sample.Events - samples[^2].Events) / Stopwatch.GetElapsedTime(samples[^2].At, sample.At).TotalSeconds : 0;
                Console.WriteLine($"  t={Stopwatch.GetElapsedTime(start).TotalSeconds,5:F0} s  working set {sample.WorkingSet / 1048576.0,7:F1} MiB  GC heap {sample.GcHeap / 1048576.0,7:F1} MiB  processed {rate,9:N0} events/s");
                await Task.WhenAny(driving, Task.Delay(TimeSpan.FromSeconds(sampleSeconds)));
            }

            var (accepted, failed) = await driving;
            Summarise(samples, accepted, failed, seconds);
        }
        finally
        {
            IngestHarness.Stop(node);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private readonly record struct Sample(long At, double Events, double WorkingSet, double GcHeap);

    private static async Task<Sample> SampleAsync(HttpClient http, Process node)
    {
        var text = await http.GetStringAsync("/metrics");
        node.Refresh();
        return new Sample(Stopwatch.GetTimestamp(), IngestHarness.Sample(text, "floworleans_events_total"),
            IngestHarness.Sample(text, "floworleans_process_working_set_bytes"), IngestHarness.Sample(text, "floworleans_process_gc_heap_bytes"));
    }

    /// <summary>Posts the bodies from <see cref="Concurrency"/> loops; with an interval, one request per interval in all.</summary>
    internal static async Task<(long Accepted, long Failed)> DriveAsync(HttpClient http, TimeSpan duration, long intervalTicks, bool late)
    {
        long accepted = 0, failed = 0, slot = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, Concurrency).Select(async i =>
        {
            var bodies = new EventBodies(Batch, 8, ndjson: false, seed: 100 + i, late);
            while (true)
            {
                var due = start + (Interlocked.Increment(ref slot) * intervalTicks);
                if (due >= end || Stopwatch.GetTimestamp() >= end)
                {
                    return;
                }

                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                using var content = new ByteArrayContent(bodies.Next(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync("/ingest", content);
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.Accepted ? ref accepted : ref failed);
            }
        }).ToArray();
        await Task.WhenAll(loops);
        return (accepted, failed);
    }

    private static void Summarise(List<Sample> samples, long accepted, long failed, int seconds)
    {
        Console.WriteLine($"accepted {accepted * Batch / (double)seconds:N0} events/s on average, {failed} requests failed");
        // The first minute holds start-up growth (JIT, pools, the windows filling); flat means no growth after it.
        var steady = samples.Where(s => Stopwatch.GetElapsedTime(samples[0].At, s.At) >= TimeSpan.FromSeconds(Math.Min(60, seconds / 3))).ToList();
        foreach (var (name, pick) in new (string, Func<Sample, double>)[] { ("working set", s => s.WorkingSet), ("GC heap", s => s.GcHeap) })
        {
            var all = samples.Select(pick).ToArray();
            var tail = steady.Select(pick).ToArray();
            var slope = Slope(steady.Select(s => Stopwatch.GetElapsedTime(samples[0].At, s.At).TotalMinutes).ToArray(), tail);
            Console.WriteLine($"  {name}: first {all[0] / 1048576:F1} MiB, last {all[^1] / 1048576:F1} MiB, max {all.Max() / 1048576:F1} MiB; after the first minute min {tail.Min() / 1048576:F1} MiB, max {tail.Max() / 1048576:F1} MiB, trend {slope / 1048576:+0.0;-0.0} MiB/min");

            // The saw-tooth's floor (each half minute's lowest sample) is what a leak raises; the peaks follow the GC's timing.
            var floors = steady.GroupBy(s => (int)(Stopwatch.GetElapsedTime(samples[0].At, s.At).TotalSeconds / 30))
                .Select(g => (Minute: g.Key / 2.0, Low: g.Min(pick))).ToArray();
            if (floors.Length > 1)
            {
                var floorSlope = Slope(floors.Select(f => f.Minute).ToArray(), floors.Select(f => f.Low).ToArray());
                Console.WriteLine($"  {name} floor per half minute: {string.Join(" ", floors.Select(f => (f.Low / 1048576).ToString("F0", CultureInfo.InvariantCulture)))} MiB, trend {floorSlope / 1048576:+0.0;-0.0} MiB/min");
            }
        }
    }

    /// <summary>The least-squares slope of <paramref name="y"/> over <paramref name="x"/>.</summary>
    private static double Slope(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var num = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        var den = x.Sum(a => (a - mx) * (a - mx));
        return den == 0 ? 0 : num / den;
    }
}
