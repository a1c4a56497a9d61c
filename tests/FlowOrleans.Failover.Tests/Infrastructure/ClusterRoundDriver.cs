using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FlowOrleans.Api.Tests.Differential;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>
/// <see cref="RoundDriver"/> for a cluster that may lose a silo at any moment: a request that fails (no answer, 5xx,
/// 429) is sent again with the same Idempotency-Key until it is answered 202, and the wait for the watermark takes
/// errors of <c>/watermark</c> (its grain moving to another silo) as "not yet".
/// </summary>
internal sealed class ClusterRoundDriver(HttpClient http)
{
    /// <summary>How long one request may keep failing before the test gives up.</summary>
    private static readonly TimeSpan RetryDeadline = TimeSpan.FromSeconds(60);

    private int _retries;

    /// <summary>Requests that had to be sent again (their first attempt failed).</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>
    /// Sends the round's batches concurrently, then its markers, then waits for every pipeline's watermark.
    /// <paramref name="acked"/> runs after each batch's 202 with the number of batches acknowledged so far.
    /// </summary>
    public async Task SendAsync(Round round, RoundSpec spec, IReadOnlyList<PipelineDefinition> pipelines, TimeSpan watermarkDeadline, Action<int>? acked = null)
    {
        var count = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, round.Batches.Count), new ParallelOptions { MaxDegreeOfParallelism = RoundDriver.Concurrency }, async (i, ct) =>
        {
            await IngestAsync(round.Batches[i], RoundDriver.BatchKey(round, i), ct);
            acked?.Invoke(Interlocked.Increment(ref count));
        });
        await IngestAsync(round.Markers, RoundDriver.MarkerKey(round), CancellationToken.None);
        foreach (var pipeline in pipelines)
        {
            await WatermarkReachesAsync(pipeline.Name, round.Watermark(spec), watermarkDeadline);
        }
    }

    /// <summary>POSTs the events until the gateway answers 202; the same Idempotency-Key every time.</summary>
    public async Task IngestAsync(IReadOnlyCollection<StreamEvent> events, string idempotencyKey, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = FlowApi.JsonBody(FlowApi.ArrayOf(events)) };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var answer = System.Text.Json.JsonSerializer.Deserialize<IngestAnswer>(body, FlowApi.Json)!;
                    Assert.True(answer.Accepted == events.Count, $"{idempotencyKey}: {answer.Accepted} of {events.Count} accepted: {body}");
                    return;
                }

                Assert.True(response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500, $"{idempotencyKey}: ingest answered {(int)response.StatusCode}: {body}");
                failure = $"{(int)response.StatusCode}: {body}";
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = ex.Message;
            }

            if (attempt == 0)
            {
                Interlocked.Increment(ref _retries);
            }

            if (clock.Elapsed > RetryDeadline)
            {
                throw new TimeoutException($"{idempotencyKey}: ingest kept failing for {RetryDeadline}; last: {failure}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1_000, 50 << Math.Min(attempt, 5))), cancellationToken);
        }
    }

    /// <summary>Waits until the pipeline's watermark is at least <paramref name="watermark"/>; failed reads count as not yet.</summary>
    public Task WatermarkReachesAsync(string pipeline, long watermark, TimeSpan deadline) =>
        Eventually.WaitAsync(
            () => http.GetFromJsonAsync<WatermarkInfo>($"/watermark?pipeline={pipeline}", FlowApi.Json),
            info => info?.Watermark >= watermark, deadline, $"{pipeline}'s watermark to reach {watermark}");
}
