using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// The <c>/ws</c> latency under ingest load: <c>ws-load EVENTS_PER_SECOND SECONDS</c>. It paces the ingest bench's
/// 1,000-event JSON arrays (100 keys, timestamps up to 3 s old, 2% late) at the given rate and listens on <c>/ws</c>.
/// The events' timestamps come from this process's clock, so the earliest the watermark (5 s behind the largest
/// timestamp, on every partition) can pass a window's end is the wall-clock time <c>windowEnd + 5 s</c>: the first
/// request sent after it holds events that new. For every window result (not an update) the figure is the arrival of
/// its message minus that time, so it holds the whole path of those events (send, durable append, partition,
/// watermark, firing, result store, socket) and bounds the watermark-to-<c>/ws</c> time from above. (The socket's
/// watermark messages are sampled once a second, too coarse to time against.) The first 15 s warm up.
/// </summary>
public static class LoadedWindowLatencyHarness
{
    private const int WarmUpSeconds = 15;

    public static async Task RunAsync(string[] args)
    {
        var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var port = IngestHarness.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dataDir = Path.Combine(Path.GetTempPath(), "flow-bench-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"/ws latency under load: {rate:N0} events/s for {seconds} s (+{WarmUpSeconds} s warm-up), {Environment.ProcessorCount} cores");
        using var node = IngestHarness.Start("dotnet", $"\"{IngestHarness.NodeDll()}\" --urls {url} --data-dir \"{dataDir}\" --contentRoot \"{IngestHarness.NodeContentRoot()}\"");
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri(url) };
            await IngestHarness.WaitReadyAsync(http);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), CancellationToken.None);
            var listener = new Listener();
            using var stop = new CancellationTokenSource();
            var receiving = listener.ReceiveAsync(socket, stop.Token);

            var measureFrom = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (WarmUpSeconds * 1_000);
            var intervalTicks = (long)(Stopwatch.Frequency * 1_000 / rate);
            var (accepted, failed) = await MemoryHarness.DriveAsync(http, TimeSpan.FromSeconds(WarmUpSeconds + seconds), intervalTicks, late: true);
            await Task.Delay(TimeSpan.FromSeconds(10)); // the windows of the last seconds fire once the stream's watermark passes them
            await stop.CancelAsync();
            await receiving;

            var latencies = listener.Latencies(measureFrom);
            Console.WriteLine($"  sent {accepted * 1_000 / (double)(WarmUpSeconds + seconds):N0} events/s accepted on average ({failed} requests failed); {listener.Results:N0} window results");
            if (latencies.Count == 0)
            {
                Console.WriteLine("  no window fired after the warm-up");
                return;
            }

            var sorted = latencies.Order().ToArray();
            // A window's results (one per key) leave together, so the tail is the slowest windows': say how many there were.
            Console.WriteLine($"  {listener.Windows(measureFrom)} windows fired after the warm-up");
            Console.WriteLine($"  window end + watermark delay -> result on /ws: p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms, max {sorted[^1]:F1} ms ({sorted.Length} results)");
        }
        finally
        {
            IngestHarness.Stop(node);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Records, for each first result of a window, its pipeline's watermark-passing time and its arrival.</summary>
    private sealed class Listener
    {
        private const long WatermarkDelayMs = 5_000; // both built-in pipelines

        private readonly List<(long Due, long Arrived)> _results = [];

        public long Results => _results.Count;

        public Task ReceiveAsync(ClientWebSocket socket, CancellationToken stop) =>
            WindowLatencyHarness.ReceiveMessagesAsync(socket, message => Record(message, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), stop);

        /// <summary>How many windows (pipeline and end) had results due after <paramref name="fromMs"/>.</summary>
        public int Windows(long fromMs) => _results.Where(r => r.Due >= fromMs).Select(r => r.Due).Distinct().Count();

        /// <summary>For every result due after <paramref name="fromMs"/> (Unix ms): ms from when it was due to its arrival.</summary>
        public List<double> Latencies(long fromMs) =>
            [.. _results.Where(r => r.Due >= fromMs).Select(r => (double)(r.Arrived - r.Due))];

        private void Record(byte[] message, long arrivedMs)
        {
            using var json = JsonDocument.Parse(message);
            var root = json.RootElement;
            if (root.GetProperty("type").GetString() == "result" && !(root.TryGetProperty("update", out var update) && update.GetBoolean()))
            {
                _results.Add((root.GetProperty("data").GetProperty("windowEnd").GetInt64() + WatermarkDelayMs, arrivedMs));
            }
        }
    }
}
