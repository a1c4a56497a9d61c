using FlowOrleans.Failover.Tests.Infrastructure;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FlowOrleans.Bench.Ingest;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;

namespace FlowOrleans.Bench.Cluster;

/// <summary>
/// End-to-end events/s, ingested and processed, through the single node and through a 3-silo cluster of real processes
/// (<c>scripts/cluster.sh</c>), in the same run with the same stream: N events (100 keys, in order within 2 s, so none
/// is late) POSTed in concurrent batches, then one marker per partition far ahead, which fires every window. The clock
/// runs from the first POST until the default pipeline's results count every event.
/// Usage: <c>cluster-throughput [--events 60000] [--concurrency 8] [--batch 500] [--no-build]</c>.
/// </summary>
public static class ClusterThroughputHarness
{
    private const int Partitions = 4;
    private const long Base = 1_700_000_000_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(string[] args)
    {
        var events = int.Parse(Option(args, "--events") ?? "60000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "8", CultureInfo.InvariantCulture);
        var batch = int.Parse(Option(args, "--batch") ?? "500", CultureInfo.InvariantCulture);
        var bodies = Bodies(events, batch, out var markers);
        Console.WriteLine($"end-to-end benchmark: {events:N0} events in {bodies.Count} requests of {batch}, {concurrency} concurrent, {Partitions} partitions, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        var port = IngestHarness.FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), "flow-e2e-" + Guid.NewGuid().ToString("N"));
        var node = IngestHarness.Start("dotnet", $"\"{IngestHarness.NodeDll()}\" --urls http://127.0.0.1:{port} --data-dir \"{dataDir}\" --partitions {Partitions}");
        (double Ingest, double EndToEnd) single;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await IngestHarness.WaitReadyAsync(http);
            single = await MeasureAsync(http, bodies, markers, events, concurrency);
            Print("single node", single, events);
        }
        finally
        {
            IngestHarness.Stop(node);
            Directory.Delete(dataDir, recursive: true);
        }

        await using var cluster = new ClusterScript(3, Partitions);
        await cluster.UpAsync(build: !args.Contains("--no-build"));
        var three = await MeasureAsync(cluster.Http, bodies, markers, events, concurrency);
        Print("3-silo cluster", three, events);
        Console.WriteLine($"ratio cluster/single node: ingested {single.Ingest / three.Ingest:P0}, end to end {single.EndToEnd / three.EndToEnd:P0} (events/s); load average {LoadAverage()}");
    }

    private static async Task<(double Ingest, double EndToEnd)> MeasureAsync(HttpClient http, List<string> bodies, string markers, int events, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, bodies.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => await PostAsync(http, bodies[i], $"b{i}"));
        var ingested = clock.Elapsed;
        await PostAsync(http, markers, "markers");
        while (await CountedAsync(http) < events)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("not every event was counted within 10 minutes");
            }

            await Task.Delay(200);
        }

        return (ingested.TotalSeconds, clock.Elapsed.TotalSeconds);
    }

    private static async Task PostAsync(HttpClient http, string body, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return;
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt > 100)
            {
                throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The events counted by the default pipeline's fired windows (markers' windows never fire).</summary>
    private static async Task<long> CountedAsync(HttpClient http)
    {
        try
        {
            using var results = JsonDocument.Parse(await http.GetStringAsync("/results?pipeline=default&limit=100000"));
            return results.RootElement.EnumerateArray().Sum(r => r.GetProperty("count").GetInt64());
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static List<string> Bodies(int events, int batch, out string markers)
    {
        var rng = new Random(7);
        var all = Enumerable.Range(0, events)
            .Select(i => new StreamEvent($"e{i}", Base + (i * 2L) + rng.Next(2_000), Math.Round(rng.NextDouble() * 100, 2), $"k{rng.Next(100)}", "normal"))
            .ToList();
        var end = Base + (events * 2L) + 60_000;
        markers = JsonSerializer.Serialize(Enumerable.Range(0, Partitions).Select(p => new StreamEvent($"m{p}", end, null, KeyInPartition(p), "marker")), Json);
        return [.. all.Chunk(batch).Select(c => JsonSerializer.Serialize(c, Json))];
    }

    private static string KeyInPartition(int partition)
    {
        for (var i = 0; ; i++)
        {
            var key = $"marker-{partition}-{i}";
            if (EventPartitioner.PartitionOf(new StreamEvent("x", 0, null, key, null), Partitions) == partition)
            {
                return key;
            }
        }
    }

    private static void Print(string name, (double Ingest, double EndToEnd) r, int events) =>
        Console.WriteLine($"{name}: ingested (202) in {r.Ingest:F1} s = {events / r.Ingest:N0} events/s; ingested and processed (every event in a fired window) in {r.EndToEnd:F1} s = {events / r.EndToEnd:N0} events/s");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
