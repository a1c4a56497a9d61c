using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;

namespace FlowOrleans.Api.Tests.Infrastructure;

/// <summary>What a user's script does against a node's REST API: ingest events, read results, late events and watermarks.</summary>
public sealed class FlowApi(HttpClient http)
{
    /// <summary>The wire format of the API (web defaults).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    /// <summary>A JSON request body.</summary>
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON array of events.</summary>
    public static string ArrayOf(IEnumerable<StreamEvent> events) => JsonSerializer.Serialize(events.ToArray(), Json);

    /// <summary>POSTs events as a JSON array and expects 202.</summary>
    public async Task<IngestAnswer> IngestAsync(IEnumerable<StreamEvent> events, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = JsonBody(ArrayOf(events)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"ingest answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<IngestAnswer>(body, Json)!;
    }

    public async Task<List<WindowResult>> ResultsAsync(string query = "pipeline=default")
    {
        var results = await Http.GetFromJsonAsync<List<WindowResult>>($"/results?{query}", Json);
        return results!;
    }

    /// <summary><c>/recent</c>: the last <paramref name="limit"/> results as NDJSON, oldest first.</summary>
    public async Task<List<WindowResult>> RecentAsync(int limit = 100)
    {
        var body = await Http.GetStringAsync($"/recent?limit={limit}");
        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<WindowResult>(line, Json)!)];
    }

    public async Task<List<LateEventRecord>> LateAsync(string pipeline = "default", int limit = 100_000) =>
        (await Http.GetFromJsonAsync<List<LateEventRecord>>($"/late?pipeline={pipeline}&limit={limit}", Json))!;

    public async Task<WatermarkInfo> WatermarkAsync(string pipeline = "default") =>
        (await Http.GetFromJsonAsync<WatermarkInfo>($"/watermark?pipeline={pipeline}", Json))!;

    /// <summary>The value of one unlabelled series in a Prometheus text exposition.</summary>
    public static double MetricSample(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"/metrics has no {series}:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Reads one unlabelled series from <c>/metrics</c>.</summary>
    public async Task<double> MetricAsync(string series) => MetricSample(await Http.GetStringAsync("/metrics"), series);

    /// <summary>Waits until the pipeline's watermark is at least <paramref name="watermark"/>.</summary>
    public Task<WatermarkInfo> WatermarkReachesAsync(string pipeline, long watermark) =>
        Eventually.ValueAsync(() => WatermarkAsync(pipeline), w => w.Watermark >= watermark, $"{pipeline}'s watermark to reach {watermark}");

    /// <summary>Creates a pipeline and expects 201.</summary>
    public async Task CreatePipelineAsync(string json)
    {
        using var response = await Http.PostAsync("/pipelines", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /pipelines answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// One event at <paramref name="ts"/> in each ingest partition (keys chosen by the partitioner), so that every
    /// partition's largest timestamp, and so the watermark (the minimum over partitions), moves to <paramref name="ts"/>.
    /// </summary>
    public static List<StreamEvent> PushEvents(long ts, int partitions, string prefix = "push")
    {
        var events = new List<StreamEvent>(partitions);
        for (var p = 0; p < partitions; p++)
        {
            events.Add(new StreamEvent($"{prefix}-{ts}-{p}", ts, null, KeyInPartition(prefix, p, partitions), "push"));
        }

        return events;
    }

    /// <summary>A key that the partitioner puts into <paramref name="partition"/>.</summary>
    public static string KeyInPartition(string prefix, int partition, int partitions)
    {
        for (var i = 0; ; i++)
        {
            var key = $"{prefix}-{partition}-{i}";
            if (EventPartitioner.PartitionOf(new StreamEvent("x", 0, null, key, null), partitions) == partition)
            {
                return key;
            }
        }
    }
}

/// <summary>The body of a 202 or 400 answer of <c>POST /ingest</c>.</summary>
public sealed record IngestAnswer(int Accepted, int Rejected, List<IngestAnswerError> Errors);

/// <summary>One rejected event.</summary>
public sealed record IngestAnswerError(int Index, string Error);
