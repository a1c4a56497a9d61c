using System.Net;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.Durability.Log;
using FlowOrleans.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Api.Tests;

/// <summary>A node whose uncommitted-events limit is tiny and whose checkpoints are rare, so its uncommitted events stay above it.</summary>
public sealed class TinyUncommittedNodeFactory : FlowNodeFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Flow:MaxUncommittedEvents"] = "5",
        ["Flow:CheckpointInterval"] = "00:10:00",
    };
}

/// <summary>A node whose backlog limit is tiny and whose checkpoints are rare: once processed, its events are no backlog.</summary>
public sealed class TinyBacklogNodeFactory : FlowNodeFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Flow:MaxBacklogEvents"] = "5",
        ["Flow:CheckpointInterval"] = "00:10:00",
    };
}

/// <summary>An overloaded node answers 429 with Retry-After and appends nothing; processed events waiting for a checkpoint are no overload.</summary>
public sealed class BackPressureTests(TinyUncommittedNodeFactory uncommittedNode, TinyBacklogNodeFactory backlogNode)
    : IClassFixture<TinyUncommittedNodeFactory>, IClassFixture<TinyBacklogNodeFactory>
{
    [Fact]
    public async Task Above_the_uncommitted_limit_ingest_answers_429_with_retry_after_and_appends_nothing()
    {
        var api = new FlowApi(uncommittedNode.CreateClient());
        await api.IngestAsync(Batch("bp", 10));
        var log = uncommittedNode.Services.GetRequiredService<IIngestLog>();
        var before = Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset);

        using var response = await api.Http.PostAsync("/ingest", FlowApi.JsonBody("""{"id": "bp-more", "ts": 1700000000100}"""));
        var body = await response.Content.ReadAsStringAsync();
        IngestApiTests.AssertProblem(response.StatusCode, body, HttpStatusCode.TooManyRequests);
        Assert.Contains("Flow:MaxUncommittedEvents", body, StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter is not null, "429 carries Retry-After");
        Assert.Equal(before, Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset));
    }

    [Fact]
    public async Task Processed_events_waiting_for_a_checkpoint_do_not_count_against_the_backlog_limit()
    {
        var api = new FlowApi(backlogNode.CreateClient());
        await api.IngestAsync(Batch("done", 10));
        var log = backlogNode.Services.GetRequiredService<IIngestLog>();
        await Eventually.WaitAsync(() => Task.FromResult(IngestLoad.Backlog(log)), backlog => backlog == 0, TimeSpan.FromSeconds(30), "the partitions reading every event");
        Assert.True(IngestLoad.Uncommitted(log) >= 10, "no checkpoint has committed them");

        using var response = await api.Http.PostAsync("/ingest", FlowApi.JsonBody("""{"id": "done-more", "ts": 1700000000100}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Events_the_partitions_have_not_read_are_the_backlog()
    {
        await using var log = new InMemoryIngestLog(2);
        await log.AppendAsync(Enumerable.Range(0, 10).Select(i => (i % 2, new StreamEvent($"b-{i}", 1_700_000_000_000 + i, i, null, null))).ToList());
        Assert.Equal(10, IngestLoad.Backlog(log));
        Assert.Contains("Flow:MaxBacklogEvents", IngestLoad.OverloadOf(log, 9, 100), StringComparison.Ordinal);
        Assert.Null(IngestLoad.OverloadOf(log, 10, 100));

        await log.ReadAsync(0, 5, 100); // partition 0 has processed its 5 events
        Assert.Equal(5, IngestLoad.Backlog(log));
        Assert.Equal(10, IngestLoad.Uncommitted(log));
        Assert.Contains("Flow:MaxUncommittedEvents", IngestLoad.OverloadOf(log, 9, 9), StringComparison.Ordinal);

        await log.CommitAsync(1, 5);
        Assert.Equal(0, IngestLoad.Backlog(log));
        Assert.Equal(5, IngestLoad.Uncommitted(log));
        Assert.Null(IngestLoad.OverloadOf(log, 0, 5));
    }

    private static IEnumerable<StreamEvent> Batch(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new StreamEvent($"{prefix}-{i}", 1_700_000_000_000 + i, i, "k", null));
}
