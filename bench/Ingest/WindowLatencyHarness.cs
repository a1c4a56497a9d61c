using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// Time from the watermark passing a window's end to that window's result arriving on a <c>/ws</c> client:
/// <c>ws-latency SAMPLES</c>. All events share one key, so one partition holds the pipeline watermark. Each sample
/// posts one event 5 s (the watermark delay) past the next 10 s boundary: it moves the watermark onto the end of the
/// previous window, which must fire. The clock starts when the POST is sent and again when its 202 (durable) arrives;
/// the watermark passes between the two, so "from the 202" is the figure to hold against the target, and "from the
/// send" an upper bound that includes the durable write.
/// </summary>
public static class WindowLatencyHarness
{
    private const long WindowMs = 10_000;
    private const long DelayMs = 5_000;

    public static async Task RunAsync(string[] args)
    {
        var samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var port = IngestHarness.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dataDir = Path.Combine(Path.GetTempPath(), "flow-bench-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"/ws latency benchmark: {samples} windows, {Environment.ProcessorCount} cores");
        using var node = IngestHarness.Start("dotnet", $"\"{IngestHarness.NodeDll()}\" --urls {url} --data-dir \"{dataDir}\" --contentRoot \"{IngestHarness.NodeContentRoot()}\"");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await IngestHarness.WaitReadyAsync(http);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), CancellationToken.None);
            var arrivals = new ConcurrentDictionary<long, TaskCompletionSource<long>>();
            using var stop = new CancellationTokenSource();
            var receiving = ReceiveAsync(socket, arrivals, stop.Token);

            var t0 = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / WindowMs * WindowMs) - (WindowMs * (samples + 10));
            await PostAsync(http, "warm-0", t0 + DelayMs);
            var fromSend = new List<double>(samples);
            var fromAccepted = new List<double>(samples);
            for (var i = 1; i <= samples + 5; i++)
            {
                var windowEnd = t0 + (i * WindowMs);
                var arrived = arrivals.GetOrAdd(windowEnd, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
                var sent = Stopwatch.GetTimestamp();
                var accepted = await PostAsync(http, $"lat-{i}", windowEnd + DelayMs);
                var at = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
                if (i > 5)
                {
                    // The first few windows warm the JIT and the grains up.
                    fromSend.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
                    fromAccepted.Add(Stopwatch.GetElapsedTime(accepted, at).TotalMilliseconds);
                }
            }

            Print("from the POST sent", fromSend);
            Print("from its 202 (durable)", fromAccepted);
            await stop.CancelAsync();
            await receiving;
        }
        finally
        {
            IngestHarness.Stop(node);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<long> PostAsync(HttpClient http, string id, long ts)
    {
        var body = $"{{\"id\":\"{id}\",\"ts\":{ts},\"value\":1,\"key\":\"latency\",\"type\":\"important\"}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/ingest", content);
        var at = Stopwatch.GetTimestamp();
        return response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? at
            : throw new InvalidOperationException($"POST /ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Records when the first result of pipeline <c>default</c> for each window end arrives.</summary>
    private static Task ReceiveAsync(ClientWebSocket socket, ConcurrentDictionary<long, TaskCompletionSource<long>> arrivals, CancellationToken stop) =>
        ReceiveMessagesAsync(socket, message =>
        {
            var at = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(message);
            var root = json.RootElement;
            if (root.GetProperty("type").GetString() == "result"
                && root.GetProperty("data") is var data
                && data.GetProperty("pipeline").GetString() == "default")
            {
                arrivals.GetOrAdd(data.GetProperty("windowEnd").GetInt64(), _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(at);
            }
        }, stop);

    /// <summary>Hands each whole message of a <c>/ws</c> socket to <paramref name="onMessage"/> until <paramref name="stop"/>.</summary>
    internal static async Task ReceiveMessagesAsync(ClientWebSocket socket, Action<byte[]> onMessage, CancellationToken stop)
    {
        var buffer = new byte[256 * 1024];
        var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var frame = await socket.ReceiveAsync(buffer, stop);
                message.Write(buffer, 0, frame.Count);
                if (frame.EndOfMessage)
                {
                    onMessage(message.ToArray());
                    message.SetLength(0);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    private static void Print(string name, List<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"  window result on /ws, {name}: p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms, max {sorted[^1]:F1} ms ({sorted.Length} windows)");
    }
}
