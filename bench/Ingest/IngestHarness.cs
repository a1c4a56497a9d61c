using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// Ingest throughput of the real node against a bare Kestrel endpoint, measured in the same run with the same
/// load: <c>ingest SECONDS CONCURRENCY BATCH</c>. Both servers run as separate processes on loopback; the load
/// generator shares the machine's cores with them. For the node it also reports the end-to-end rate: from the
/// first request until every ingested event is processed by the partitions (floworleans_events_total).
/// </summary>
public static class IngestHarness
{
    /// <summary>Load before the measured part, for each server.</summary>
    private const int WarmUpSeconds = 10;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        var batch = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
        var ndjson = args.Length > 4 && args[4] == "ndjson";
        var nodeDll = NodeDll();

        Console.WriteLine($"ingest benchmark: {seconds} s, {concurrency} concurrent requests, {batch} events per request ({(ndjson ? "NDJSON" : "JSON array")}), {Environment.ProcessorCount} cores");
        var bodies = new Func<int, EventBodies>(seed => new EventBodies(batch, 8, ndjson, seed));
        var contentType = ndjson ? "application/x-ndjson" : "application/json";

        var barePort = FreePort();
        using (var bare = Start("dotnet", $"\"{typeof(IngestHarness).Assembly.Location}\" bare-server http://127.0.0.1:{barePort}"))
        {
            var baseline = await LoadAsync($"http://127.0.0.1:{barePort}", bare, bodies, contentType, seconds, concurrency);
            Print("bare Kestrel (baseline)", baseline, batch);
            Console.WriteLine($"  server CPU per event: {baseline.CpuSeconds * 1e6 / (baseline.Requests * (double)batch):F2} µs");
            Stop(bare);

            var nodePort = FreePort();
            var dataDir = Path.Combine(Path.GetTempPath(), "flow-bench-" + Guid.NewGuid().ToString("N"));
            // The content root is the project, as with `dotnet run --project client-api`: the node then reads its
            // appsettings.json (Microsoft.AspNetCore at Warning), not the defaults that log every request at Information.
            using var node = Start("dotnet", $"\"{nodeDll}\" --urls http://127.0.0.1:{nodePort} --data-dir \"{dataDir}\" --contentRoot \"{NodeContentRoot()}\"");
            var url = $"http://127.0.0.1:{nodePort}";
            var result = await LoadAsync(url, node, bodies, contentType, seconds, concurrency);
            Print("FlowOrleans /ingest (durable)", result, batch);
            var events = result.Requests * (long)batch;
            Console.WriteLine($"  node CPU per event while ingesting (ingest and processing): {result.CpuSeconds * 1e6 / events:F2} µs");
            var (processedAt, cpuAfter, processedCounters) = await WaitProcessedAsync(url, node, result.Counters.Events + events);
            // From the end of the warm-up until the node has processed as many more events as the measured part ingested.
            var e2eSeconds = Stopwatch.GetElapsedTime(result.StartedAt, processedAt).TotalSeconds;
            Console.WriteLine($"  end to end: {events:N0} events ingested and processed in {e2eSeconds:F1} s = {events / e2eSeconds:N0} events/s");
            Console.WriteLine($"  node cost per event, ingest to window: {(cpuAfter - result.CpuAtStart) * 1e6 / events:F2} µs CPU, {(processedCounters.AllocatedBytes - result.Counters.AllocatedBytes) / (double)events:F0} B allocated");
            Console.WriteLine($"  ratio node/bare (requests/s): {(double)result.Requests / baseline.Requests:P1}");
            Stop(node);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// <c>ingest-url URL SECONDS CONCURRENCY BATCH</c>: the same load against a node or gateway that already runs, e.g.
    /// the gateway of <c>scripts/cluster.sh up</c> (accepted = durable in the cluster's table log).
    /// </summary>
    public static async Task RunAgainstAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080";
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
        var batch = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1000;
        Console.WriteLine($"ingest benchmark against {url}: {seconds} s, {concurrency} concurrent requests, {batch} events per request, {Environment.ProcessorCount} cores");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        await WaitReadyAsync(http);
        var bodies = new Func<int, EventBodies>(seed => new EventBodies(batch, 8, false, seed));
        var clientCpuStart = Cpu(Process.GetCurrentProcess());
        var result = await RunLoopsAsync(http, bodies, "application/json", TimeSpan.FromSeconds(seconds), concurrency);
        Print($"{url}/ingest (durable)", result with { ClientCpuSeconds = Cpu(Process.GetCurrentProcess()) - clientCpuStart }, batch);
    }

    private sealed record Load(long Requests, long Failures, double Seconds, double P50Ms, double P99Ms)
    {
        /// <summary>Server CPU during the measured part.</summary>
        public double CpuSeconds { get; init; }

        /// <summary>This load client's CPU during the measured part: what it takes from the cores the servers share.</summary>
        public double ClientCpuSeconds { get; init; }

        /// <summary>Server CPU (total) when the measured part began.</summary>
        public double CpuAtStart { get; init; }

        /// <summary>The node's counters when the measured part began (zero for the bare server).</summary>
        public NodeCounters Counters { get; init; }

        /// <summary>When the measured part began (after the warm-up), as a <see cref="Stopwatch"/> timestamp.</summary>
        public long StartedAt { get; init; }
    }

    private readonly record struct NodeCounters(double Events, double AllocatedBytes);

    private static async Task<Load> LoadAsync(string url, Process server, Func<int, EventBodies> bodies, string contentType, int seconds, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        await WaitReadyAsync(http);
        // Warm-up: on a loaded machine the node's tiered JIT runs for many seconds; measure the steady state.
        await RunLoopsAsync(http, bodies, contentType, TimeSpan.FromSeconds(Math.Min(WarmUpSeconds, seconds)), concurrency);
        var counters = await CountersAsync(http);
        var cpuStart = Cpu(server);
        var clientCpuStart = Cpu(Process.GetCurrentProcess());
        var startedAt = Stopwatch.GetTimestamp();
        var measured = await RunLoopsAsync(http, bodies, contentType, TimeSpan.FromSeconds(seconds), concurrency);
        return measured with
        {
            CpuSeconds = Cpu(server) - cpuStart,
            CpuAtStart = cpuStart,
            ClientCpuSeconds = Cpu(Process.GetCurrentProcess()) - clientCpuStart,
            Counters = counters,
            StartedAt = startedAt,
        };
    }

    private static double Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The node's processed events and allocated bytes from /metrics; zero for a server without them.</summary>
    private static async Task<NodeCounters> CountersAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        if (!response.IsSuccessStatusCode)
        {
            return default;
        }

        var text = await response.Content.ReadAsStringAsync();
        return new NodeCounters(Sample(text, "floworleans_events_total"), Sample(text, "floworleans_process_allocated_bytes_total"));
    }

    internal static double Sample(string metrics, string name)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<Load> RunLoopsAsync(HttpClient http, Func<int, EventBodies> bodies, string contentType, TimeSpan duration, int concurrency)
    {
        long requests = 0, failures = 0;
        var latencies = new List<double>[concurrency];
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, concurrency).Select(async i =>
        {
            var mine = latencies[i] = [];
            var own = bodies(i);
            while (Stopwatch.GetTimestamp() < end)
            {
                var body = own.Next(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new(contentType);
                var t = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/ingest", content);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref requests);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } retryAfter)
                    {
                        // A client that retries an overloaded node at once spends the cores the node needs.
                        await Task.Delay(retryAfter);
                    }
                }
            }
        }).ToArray();
        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0
            ? new Load(requests, failures, elapsed, double.NaN, double.NaN)
            : new Load(requests, failures, elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private static void Print(string name, Load load, int batch) =>
        Console.WriteLine($"{name}: {load.Requests / load.Seconds:N0} requests/s = {load.Requests * batch / load.Seconds:N0} events/s; latency p50 {load.P50Ms:F2} ms, p99 {load.P99Ms:F2} ms; {load.Failures} failed; load client CPU {load.ClientCpuSeconds / load.Seconds:P0} of a core");

    private static async Task<(long At, double Cpu, NodeCounters Counters)> WaitProcessedAsync(string url, Process node, double expected)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = Stopwatch.GetTimestamp() + (120 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var counters = await CountersAsync(http);
            if (counters.Events >= expected)
            {
                return (Stopwatch.GetTimestamp(), Cpu(node), counters);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The node did not process every ingested event within 120 s.");
    }

    internal static async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{http.BaseAddress} did not become ready within 60 s.");
    }

    internal static Process Start(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        process.BeginOutputReadLine(); // drained, so a chatty server never blocks on a full pipe
        process.BeginErrorReadLine();
        return process;
    }

    internal static void Stop(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The node's built entry assembly, in the same configuration as the bench.</summary>
    internal static string NodeDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var nodeDll = Path.Combine(RepoRoot(), "client-api", "bin", configuration, "net10.0", "FlowOrleans.ClientApi.dll");
        return File.Exists(nodeDll)
            ? nodeDll
            : throw new InvalidOperationException($"Build the node first: dotnet build -c {configuration} client-api ({nodeDll} is missing).");
    }

    /// <summary>The node's project directory, which holds its appsettings.json.</summary>
    internal static string NodeContentRoot() => Path.Combine(RepoRoot(), "client-api");

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowOrleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
