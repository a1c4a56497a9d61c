using System.Net;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Durability.Log;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Api.Tests;

/// <summary>A node whose backlog limit is tiny and whose checkpoints are rare, so the uncommitted backlog stays above it.</summary>
public sealed class TinyBacklogNodeFactory : FlowNodeFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Flow:MaxBacklogEvents"] = "5",
        ["Flow:CheckpointInterval"] = "00:10:00",
    };
}

/// <summary>An overloaded node answers 429 with Retry-After and appends nothing.</summary>
public sealed class BackPressureTests(TinyBacklogNodeFactory node) : IClassFixture<TinyBacklogNodeFactory>
{
    [Fact]
    public async Task Above_the_backlog_limit_ingest_answers_429_with_retry_after()
    {
        var api = new FlowApi(node.CreateClient());
        await api.IngestAsync(Enumerable.Range(0, 10).Select(i => new Streaming.StreamEvent($"bp-{i}", 1_700_000_000_000 + i, i, "k", null)));
        var log = node.Services.GetRequiredService<IIngestLog>();
        var before = Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset);

        using var response = await api.Http.PostAsync("/ingest", FlowApi.JsonBody("""{"id": "bp-more", "ts": 1700000000100}"""));
        IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.RetryAfter is not null, "429 carries Retry-After");
        Assert.Equal(before, Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset));
    }
}
