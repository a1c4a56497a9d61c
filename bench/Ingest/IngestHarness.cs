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
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        var batch = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
        var root = RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var nodeDll = Path.Combine(root, "client-api", "bin", configuration, "net10.0", "FlowOrleans.ClientApi.dll");
        if (!File.Exists(nodeDll))
        {
            throw new InvalidOperationException($"Build the node first: dotnet build -c {configuration} client-api ({nodeDll} is missing).");
        }

        Console.WriteLine($"ingest benchmark: {seconds} s, {concurrency} concurrent requests, {batch} events per request, {Environment.ProcessorCount} cores");
        var bodies = Bodies(batch, 64);

        var barePort = FreePort();
        using (var bare = Start(Environment.ProcessPath!, $"\"{typeof(IngestHarness).Assembly.Location}\" bare-server http://127.0.0.1:{barePort}"))
        {
            var baseline = await LoadAsync($"http://127.0.0.1:{barePort}", bodies, seconds, concurrency);
            Print("bare Kestrel (baseline)", baseline, batch);
            Stop(bare);

            var nodePort = FreePort();
            var dataDir = Path.Combine(Path.GetTempPath(), "flow-bench-" + Guid.NewGuid().ToString("N"));
            using var node = Start("dotnet", $"\"{nodeDll}\" --urls http://127.0.0.1:{nodePort} --data-dir \"{dataDir}\"");
            var url = $"http://127.0.0.1:{nodePort}";
            var started = Stopwatch.GetTimestamp();
            var result = await LoadAsync(url, bodies, seconds, concurrency);
            Print("FlowOrleans /ingest (durable)", result, batch);
            var processedAt = await WaitProcessedAsync(url, result.Requests * (long)batch);
            var e2eSeconds = Stopwatch.GetElapsedTime(started, processedAt).TotalSeconds;
            Console.WriteLine($"  end to end: {result.Requests * (long)batch:N0} events ingested and processed in {e2eSeconds:F1} s = {result.Requests * batch / e2eSeconds:N0} events/s");
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
        var result = await LoadAsync(url, Bodies(batch, 64), seconds, concurrency);
        Print($"{url}/ingest (durable)", result, batch);
    }

    private sealed record Load(long Requests, long Failures, double Seconds, double P50Ms, double P99Ms);

    private static async Task<Load> LoadAsync(string url, byte[][] bodies, int seconds, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        await WaitReadyAsync(http);
        await RunLoopsAsync(http, bodies, TimeSpan.FromSeconds(Math.Min(2, seconds)), concurrency); // warm-up
        var measured = await RunLoopsAsync(http, bodies, TimeSpan.FromSeconds(seconds), concurrency);
        return measured;
    }

    private static async Task<Load> RunLoopsAsync(HttpClient http, byte[][] bodies, TimeSpan duration, int concurrency)
    {
        long requests = 0, failures = 0;
        var latencies = new List<double>[concurrency];
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, concurrency).Select(async i =>
        {
            var mine = latencies[i] = [];
            var n = i;
            while (Stopwatch.GetTimestamp() < end)
            {
                var body = bodies[n++ % bodies.Length];
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
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
                }
            }
        }).ToArray();
        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Load(requests, failures, elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private static void Print(string name, Load load, int batch) =>
        Console.WriteLine($"{name}: {load.Requests / load.Seconds:N0} requests/s = {load.Requests * batch / load.Seconds:N0} events/s; latency p50 {load.P50Ms:F2} ms, p99 {load.P99Ms:F2} ms; {load.Failures} failed");

    private static async Task<long> WaitProcessedAsync(string url, long expected)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = Stopwatch.GetTimestamp() + (120 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var metrics = await http.GetStringAsync("/metrics");
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("floworleans_events_total ", StringComparison.Ordinal));
            if (line is not null && double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) >= expected)
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The node did not process every ingested event within 120 s.");
    }

    private static byte[][] Bodies(int batch, int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var random = new Random(42);
        return [.. Enumerable.Range(0, count).Select(b =>
        {
            var text = new StringBuilder("[");
            for (var i = 0; i < batch; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}{{\"id\":\"b{b}-{i}\",\"ts\":{now - random.Next(20_000)},\"value\":{random.Next(1000)},\"key\":\"key-{random.Next(100)}\",\"type\":\"important\"}}");
            }

            return Encoding.UTF8.GetBytes(text.Append(']').ToString());
        })];
    }

    private static async Task WaitReadyAsync(HttpClient http)
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

    private static Process Start(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        process.BeginOutputReadLine(); // drained, so a chatty server never blocks on a full pipe
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
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
