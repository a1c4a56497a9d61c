using FlowOrleans.Failover.Tests.Infrastructure;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using FlowOrleans.Grains.Partitions;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;

namespace FlowOrleans.Bench.Cluster;

/// <summary>
/// Failover of real processes: <c>scripts/cluster.sh up --silos 3</c> (production membership defaults), then a probe
/// (one event in a partition of the silo to be killed, and one marker per partition that moves the watermark past its
/// window) is timed from its POST until its window result is on the gateway's <c>/results</c>: once cold, three times
/// warm (the last is the baseline), once right after <c>cluster.sh kill-silo</c> of that silo, timed from the kill, and once more on
/// the two survivors. A fresh cluster
/// per run. Usage: <c>dotnet bench/bin/Release/net10.0/FlowOrleans.Bench.dll failover [--runs 5] [--no-build]</c>
/// (the first run builds silo/ and client-api/ in Release unless <c>--no-build</c>).
/// </summary>
public static class ProcessFailoverHarness
{
    private const int Silos = 3;
    private const int Partitions = 4;
    private const long Base = 1_700_000_000_000;
    private static readonly TimeSpan ResultDeadline = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string PartitionType = typeof(PartitionGrain).GetCustomAttribute<GrainTypeAttribute>()!.Name;

    public static async Task RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var build = !args.Contains("--no-build");
        Console.WriteLine($"failover benchmark: {runs} runs, {Silos} silo processes, {Partitions} partitions, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var warm = new List<TimeSpan>();
        var failover = new List<TimeSpan>();
        var survivors = new List<TimeSpan>();
        var failed = 0;
        for (var run = 1; run <= runs; run++)
        {
            await using var cluster = new ClusterScript(Silos, Partitions);
            try
            {
                await cluster.UpAsync(build && run == 1);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                failed++;
                Console.WriteLine($"run {run} FAILED to start: {ex.Message}");
                continue;
            }

            try
            {
                var owners = OwnedPartitions([.. Enumerable.Range(1, Silos).Select(cluster.SiloPort)]);
                var victim = Enumerable.Range(1, Silos).MaxBy(i => owners[i - 1].Count);
                var partition = owners[victim - 1][0];
                var cold = await ProbeAsync(cluster.Http, 0, partition, Stopwatch.GetTimestamp());
                // Three warm probes: the processes are seconds old, the first ones still pay for JIT compilation.
                var baseline = TimeSpan.Zero;
                for (var i = 1; i <= 3; i++)
                {
                    baseline = await ProbeAsync(cluster.Http, i, partition, Stopwatch.GetTimestamp());
                }

                var killedAt = Stopwatch.GetTimestamp();
                await cluster.KillSiloAsync(victim);
                var resumed = await ProbeAsync(cluster.Http, 4, partition, killedAt);
                var after = await ProbeAsync(cluster.Http, 5, partition, Stopwatch.GetTimestamp());
                warm.Add(baseline);
                failover.Add(resumed);
                survivors.Add(after);
                Console.WriteLine($"run {run}: killed silo-{victim} (partitions {string.Join(' ', owners[victim - 1])}); partition {partition}'s result " +
                    $"{resumed.TotalSeconds:F2} s after the kill (before it: cold {cold.TotalSeconds:F2} s, third warm probe {baseline.TotalSeconds:F2} s; after it, on two silos: {after.TotalSeconds:F2} s); load average {LoadAverage()}");
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
            {
                failed++;
                cluster.KeepDirectory = true;
                Console.WriteLine($"run {run} FAILED: {ex.Message}\nlogs kept in {cluster.Directory}; their last lines:\n{cluster.Logs()}");
            }
        }

        if (failover.Count == 0)
        {
            Console.WriteLine($"every run failed ({failed})");
            return;
        }

        Console.WriteLine($"kill -9 to processing resumed (the probe's window result on /results): median {Median(failover):F2} s, max {failover.Max().TotalSeconds:F2} s over {failover.Count} runs ({failed} failed)");
        Console.WriteLine($"same probe without a kill (baseline, three silos): median {Median(warm):F2} s, max {warm.Max().TotalSeconds:F2} s");
        Console.WriteLine($"same probe after the failover (two silos): median {Median(survivors):F2} s, max {survivors.Max().TotalSeconds:F2} s");
    }

    /// <summary>
    /// POSTs one event in <paramref name="partition"/> and a marker in every partition, then waits until the event's
    /// window result is on <c>/results</c>; returns the time since <paramref name="from"/>.
    /// </summary>
    private static async Task<TimeSpan> ProbeAsync(HttpClient http, int index, int partition, long from)
    {
        var windowStart = Base + (index * 30_000L);
        var key = KeyInPartition("probe", partition);
        var events = new List<StreamEvent> { new($"probe-{index}", windowStart + 1_000, 1, key, "normal") };
        events.AddRange(Enumerable.Range(0, Partitions).Select(p => new StreamEvent($"marker-{index}-{p}", windowStart + 20_000, null, KeyInPartition("marker", p), "marker")));
        var body = JsonSerializer.Serialize(events, Json);
        var query = $"/results?pipeline=default&key={key}&from={windowStart}&to={windowStart}";
        var deadline = Stopwatch.StartNew();
        var posted = false;
        while (deadline.Elapsed < ResultDeadline)
        {
            try
            {
                if (!posted)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", $"probe-{index}");
                    using var response = await http.SendAsync(request);
                    posted = response.StatusCode == HttpStatusCode.Accepted;
                }
                else
                {
                    using var results = JsonDocument.Parse(await http.GetStringAsync(query));
                    if (results.RootElement.GetArrayLength() > 0)
                    {
                        return Stopwatch.GetElapsedTime(from);
                    }
                }
            }
            catch (HttpRequestException)
            {
                // The gateway is busy or its grain call failed: ask again.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"probe {index}: no result for partition {partition} within {ResultDeadline}");
    }

    private static List<int>[] OwnedPartitions(IReadOnlyList<int> siloPorts)
    {
        var silos = siloPorts.Select(p => new SiloAddress(new IPEndPoint(IPAddress.Loopback, p), 0)).ToList();
        var ring = new ConsistentHashRing(silos);
        var owned = silos.Select(_ => new List<int>()).ToArray();
        for (var p = 0; p < Partitions; p++)
        {
            owned[silos.IndexOf(ring.Owner(new GrainId(PartitionType, p.ToString(CultureInfo.InvariantCulture))))].Add(p);
        }

        return owned;
    }

    private static string KeyInPartition(string prefix, int partition)
    {
        for (var i = 0; ; i++)
        {
            var key = $"{prefix}-{partition}-{i}";
            if (EventPartitioner.PartitionOf(new StreamEvent("x", 0, null, key, null), Partitions) == partition)
            {
                return key;
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Median(List<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalSeconds).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
