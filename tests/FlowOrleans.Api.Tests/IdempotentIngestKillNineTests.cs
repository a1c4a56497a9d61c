using System.Net;
using System.Text;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary>
/// CONTRACT §2 across a crash of the main command as a real process: a request with an <c>Idempotency-Key</c> is
/// answered 202, the node is killed with <c>kill -9</c> right after, restarted on the same data directory, and the same
/// request with the same key is answered as before and appends nothing again. The record of the key is as durable as
/// the events it answered for: every event counts exactly once in the windows.
/// </summary>
public sealed class IdempotentIngestKillNineTests : IDisposable
{
    private const int Partitions = 4;
    private const long W0 = 1_700_000_000_000;
    private const long WindowSize = 10_000; // the default pipeline: tumbling 10 s, by key, watermark 5 s behind
    private const long Span = 3 * WindowSize;
    private const string Key = "orders-2023-11-14-batch-7";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "flow-idem-kill9-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task A_key_repeated_after_a_kill_9_is_answered_as_before_and_its_events_count_once()
    {
        // 240 events over 6 keys and three windows, some without a value, and one invalid event, so that the answer
        // carries an error and is more than a count.
        var events = Enumerable.Range(0, 240)
            .Select(i => new StreamEvent($"idem-{i}", W0 + (i * 7_919 % Span), i % 5 == 0 ? null : i * 0.25, $"k{i % 6}", "normal"))
            .ToList();
        var body = FlowApi.ArrayOf(events)[..^1] + """,{"id": "no-ts"}]""";
        string[] settings = [$"--Flow:Partitions={Partitions}"];

        string first;
        await using (var node = await NodeProcess.StartAsync(_dataDir, settings))
        {
            using var answer = await PostAsync(node.Http, body);
            first = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"ingest answered {(int)answer.StatusCode}: {first}");
            await node.KillAsync(); // right after the 202: no checkpoint, no clean shutdown
        }

        Assert.Contains("\"accepted\":240", first, StringComparison.Ordinal);
        Assert.Contains("\"rejected\":1", first, StringComparison.Ordinal);

        await using var restarted = await NodeProcess.StartAsync(_dataDir, settings);
        var api = new FlowApi(restarted.Http);
        using (var repeat = await PostAsync(restarted.Http, body))
        {
            var again = await repeat.Content.ReadAsStringAsync();
            Assert.True(repeat.StatusCode == HttpStatusCode.Accepted, $"the repeat answered {(int)repeat.StatusCode}: {again}\n{restarted.Output}");
            Assert.Equal(first, again);
            Assert.True(repeat.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true", "the repeat was executed again, not replayed");
        }

        Assert.Equal(0, await api.MetricAsync("floworleans_ingested_events_total")); // the repeat appended nothing

        // Past every window of the batch: the watermark (5 s behind) reaches the end of the last one.
        await api.IngestAsync(FlowApi.PushEvents(W0 + Span + 5_000, Partitions));
        await api.WatermarkReachesAsync("default", W0 + Span);

        var expected = events
            .GroupBy(e => (e.Key, Start: e.Ts - (e.Ts % WindowSize)))
            .ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Sum: g.Sum(e => e.Value ?? 0)));
        var query = $"pipeline=default&from={W0}&to={W0 + Span - WindowSize}&limit=100000";
        var results = await Eventually.ValueAsync(
            () => api.ResultsAsync(query),
            r => r.Count >= expected.Count,
            $"the {expected.Count} windows of the batch to fire");

        var actual = results.ToDictionary(r => (r.Key, Start: r.WindowStart), r => (r.Count, Sum: r.Sum ?? 0));
        Assert.Equal(expected.Count, results.Count);
        foreach (var (window, aggregate) in expected)
        {
            Assert.True(actual.TryGetValue(window, out var seen), $"no result for {window}");
            Assert.Equal(aggregate.Count, seen.Count);
            Assert.Equal(aggregate.Sum, seen.Sum, 9);
        }

        Assert.Empty(await api.LateAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Key);
        return await http.SendAsync(request);
    }
}
