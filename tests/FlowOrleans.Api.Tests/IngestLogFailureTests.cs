using System.Net;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Durability.Log;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Api.Tests;

/// <summary>A node of its own, whose warnings and errors are kept: the test breaks its ingest log for good.</summary>
public sealed class FailingLogNodeFactory : LoggedNodeFactory;

/// <summary>
/// Once an fsync of the ingest log failed, the log takes nothing more (fail-stop): ingest answers 503 problem details
/// that say so and that the node must be restarted, never 202, for that request and every later one. The node's log
/// says once, as an error, what happened and what to do.
/// </summary>
public sealed class IngestLogFailureTests(FailingLogNodeFactory node) : IClassFixture<FailingLogNodeFactory>
{
    [Fact]
    public async Task After_a_failed_fsync_ingest_answers_503_problem_details_and_acknowledges_nothing_more()
    {
        var http = node.CreateClient();
        var log = (FileIngestLog)node.Services.GetRequiredService<IIngestLog>();
        using (var ok = await http.PostAsync("/ingest", FlowApi.JsonBody("""{"id": "before", "ts": 1700000001000}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }

        var before = Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset);
        var failures = 1; // one fsync fails; a retried one would succeed
        log.CommitJournal.BeforeFsync = () =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new IOException("Input/output error");
            }
        };

        string[] bodies = ["""{"id": "failed", "ts": 1700000002000}""", """{"id": "later", "ts": 1700000003000}"""];
        foreach (var json in bodies)
        {
            using var response = await http.PostAsync("/ingest", FlowApi.JsonBody(json));
            AssertLogFailed(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }

        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = FlowApi.JsonBody("""{"id": "keyed", "ts": 1700000004000}""") };
        keyed.Headers.Add("Idempotency-Key", "after-failure");
        using (var response = await http.SendAsync(keyed))
        {
            AssertLogFailed(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(before, Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset));

        // One error, not one per refused request: what failed, where, and what to do.
        var stopped = Assert.Single(node.Logs.Warnings, e => e.Category == typeof(FileIngestLog).FullName);
        Assert.Equal(LogLevel.Error, stopped.Level);
        Assert.Contains("Input/output error", stopped.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(node.DataDir, "log"), stopped.Message, StringComparison.Ordinal);
        Assert.Contains("disk", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("restart the node", stopped.Message, StringComparison.Ordinal);

        // A load balancer stops sending: the node is not ready until it is restarted.
        using var ready = await http.GetAsync("/health/ready");
        var problem = IngestApiTests.AssertProblem(ready.StatusCode, await ready.Content.ReadAsStringAsync(), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Ingest log failed", problem.GetProperty("title").GetString());
    }

    private static void AssertLogFailed(HttpStatusCode status, string? mediaType, string body)
    {
        var problem = IngestApiTests.AssertProblem(status, body, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal("Ingest log failed", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Restart the node", detail, StringComparison.Ordinal);
        Assert.Contains("Input/output error", detail, StringComparison.Ordinal);
    }
}
