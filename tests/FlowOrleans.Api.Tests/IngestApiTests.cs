using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.Durability.Log;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Api.Tests;

/// <summary>A small body limit, so the 413 test sends 64 KiB and not 8 MiB.</summary>
public sealed class IngestNodeFactory : FlowNodeFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Flow:MaxBodyBytes"] = "65536" };
}

/// <summary>
/// <c>POST /ingest</c> as clients use it: each body form, each kind of bad input, and Idempotency-Key replays.
/// Every test checks what reached the durable log: exactly the accepted events, nothing invalid, nothing twice.
/// </summary>
public sealed class IngestApiTests(IngestNodeFactory node) : IClassFixture<IngestNodeFactory>
{
    private const long Ts = 1_700_000_001_000;
    private readonly HttpClient _http = node.CreateClient();

    [Fact]
    public async Task One_event_object_is_accepted_and_durable()
    {
        var (status, body, appended) = await PostAsync("""{"id": "obj-1", "ts": 1700000001000, "value": 10, "key": "sensor-a"}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("""{"accepted":1,"rejected":0,"errors":[]}""", body);
        Assert.Equal(1, appended);
    }

    [Fact]
    public async Task Json_array_is_accepted_with_timestamp_and_message_aliases()
    {
        var (status, body, appended) = await PostAsync("""
            [{"id": "arr-1", "ts": 1700000001000, "value": 1.5, "key": "a", "type": "important"},
             {"id": 42, "timestamp": 1700000002000, "message": "critical"},
             {"id": "arr-3", "ts": 1700000003000, "value": null, "key": null, "extra": {"ignored": [1, 2]}}]
            """);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("""{"accepted":3,"rejected":0,"errors":[]}""", body);
        Assert.Equal(3, appended);
    }

    [Fact]
    public async Task Ndjson_is_judged_line_by_line_and_keeps_the_valid_lines()
    {
        var ndjson = "{\"id\":\"nd-1\",\"ts\":1700000018000}\r\n\n{\"id\":\"no-ts\"}\n{\"id\":\"x\",\"ts\":1700000018000,\"value\":\"12\"}\n{not json}\n{\"id\":\"nd-5\",\"ts\":1700000019000,\"value\":Infinity}\n{\"id\":\"nd-6\",\"ts\":1700000019000}";
        var (status, body, appended) = await PostAsync(ndjson, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var answer = Answer(body);
        Assert.Equal(2, answer.Accepted);
        Assert.Equal([1, 2, 3, 4], answer.Errors.Select(e => e.Index));
        Assert.Equal("'ts' is required (Unix epoch milliseconds; 'timestamp' is accepted too)", answer.Errors[0].Error);
        Assert.Equal("'value' must be a finite number (or absent)", answer.Errors[1].Error);
        Assert.StartsWith("line is not valid JSON", answer.Errors[2].Error, StringComparison.Ordinal);
        Assert.StartsWith("line is not valid JSON", answer.Errors[3].Error, StringComparison.Ordinal);
        Assert.Equal(2, appended);
    }

    [Fact]
    public async Task A_batch_with_some_invalid_events_keeps_the_valid_part()
    {
        var id129 = new string('i', 129);
        var (status, body, appended) = await PostAsync($$"""
            [{"id": "ok-1", "ts": {{Ts}}},
             {"id": true, "ts": "soon"},
             {"id": "{{id129}}", "ts": {{Ts}}},
             {"id": "{{new string('j', 128)}}", "ts": {{Ts}}},
             {"id": "old", "ts": 900000000000},
             {"id": "future", "ts": 9999999999999},
             {"id": "frac", "ts": 1700000000000.5},
             {"id": "big", "ts": {{Ts}}, "value": 1e400},
             {"id": "k", "ts": {{Ts}}, "key": 5},
             7,
             {"id": "ok-2", "ts": {{Ts}}, "value": -3.25}]
            """);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var answer = Answer(body);
        Assert.Equal(3, answer.Accepted);
        Assert.Equal(8, answer.Rejected);
        var errors = answer.Errors.ToDictionary(e => e.Index, e => e.Error);
        Assert.Equal("'id' must be a string or an integer", errors[1]);
        Assert.Equal("'id' is 129 characters long; at most 128 are allowed", errors[2]);
        Assert.Contains("before 2000-01-01", errors[4], StringComparison.Ordinal);
        Assert.Contains("in the future", errors[5], StringComparison.Ordinal);
        Assert.Equal("'ts' must be an integer number of Unix epoch milliseconds", errors[6]);
        Assert.Equal("'value' must be a finite number (or absent)", errors[7]);
        Assert.Equal("'key' must be a string", errors[8]);
        Assert.Equal("an event must be a JSON object, not a number", errors[9]);
        Assert.Equal(3, appended);
    }

    [Fact]
    public async Task A_batch_without_valid_events_is_400_with_the_same_body_and_appends_nothing()
    {
        var (status, body, appended) = await PostAsync("""[{"id": "a"}, {"ts": 1700000000000}]""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"accepted":0,"rejected":2,"errors":[{"index":0,"error":"'ts' is required (Unix epoch milliseconds; 'timestamp' is accepted too)"},{"index":1,"error":"'id' is required"}]}""", body);
        Assert.Equal(0, appended);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_that_event_s_error_not_a_crash()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"id\":\"u1\",\"ts\":1700000000000},{\"id\":\"##\",\"ts\":1700000000000},{\"id\":\"u3\",\"ts\":1700000000000,\"key\":\"##\"}]").ToList();
        ReplaceMarker(bytes);
        ReplaceMarker(bytes);
        var (status, body, appended) = await PostAsync(new ByteArrayContent([.. bytes]), "application/json");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var answer = Answer(body);
        Assert.Equal([(1, "'id' is not valid UTF-8"), (2, "'key' is not valid UTF-8")], answer.Errors.Select(e => (e.Index, e.Error)));
        Assert.Equal(1, appended);

        static void ReplaceMarker(List<byte> bytes)
        {
            var at = bytes.IndexOf((byte)'#');
            bytes[at] = 0xFF;
            bytes[at + 1] = 0xFE;
        }
    }

    [Theory]
    [InlineData("""{"id": "x", "ts": """, "not valid JSON")]
    [InlineData("""{"id": "nan", "ts": 1700000000000, "value": NaN}""", "not valid JSON")]
    [InlineData("""{"id": "a", "ts": 1700000000000} {"id": "b", "ts": 1700000000000}""", "Unexpected data after the JSON value")]
    [InlineData("", "The body is empty")]
    [InlineData("[]", "The array is empty")]
    public async Task A_body_that_is_not_events_is_a_problem_400(string json, string detail)
    {
        var (status, body, appended) = await PostAsync(json);
        var problem = AssertProblem(status, body, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, appended);
    }

    [Fact]
    public async Task Deeply_nested_json_is_a_problem_400()
    {
        var (status, body, _) = await PostAsync(new string('[', 10_000));
        AssertProblem(status, body, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_or_without_a_content_length()
    {
        var big = "[" + string.Join(',', Enumerable.Range(0, 2_000).Select(i => $$"""{"id": "big-{{i}}", "ts": {{Ts}}}""")) + "]";
        Assert.True(big.Length > 65_536);
        var (status, body, appended) = await PostAsync(big);
        AssertProblem(status, body, HttpStatusCode.RequestEntityTooLarge);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (chunkedStatus, chunkedBody, chunkedAppended) = await PostAsync(chunked, null);
        AssertProblem(chunkedStatus, chunkedBody, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, appended + chunkedAppended);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Another_content_type_is_415(string contentType)
    {
        var (status, body, appended) = await PostAsync("""{"id": "ct", "ts": 1700000000000}""", contentType);
        var problem = AssertProblem(status, body, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/x-ndjson", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, appended);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_is_answered_as_before_and_appends_nothing()
    {
        var first = await PostWithKeyAsync("batch-7", """[{"id": "idem-1", "ts": 1700000001000}, {"id": "idem-bad"}]""");
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(1, first.Appended);
        Assert.False(first.Replayed);

        var again = await PostWithKeyAsync("batch-7", """[{"id": "idem-1", "ts": 1700000001000}, {"id": "idem-bad"}]""");
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.True(again.Replayed);
        Assert.Equal(0, again.Appended);

        // A different body under the same key is the same request retried: the first answer stands.
        var other = await PostWithKeyAsync("batch-7", """[{"id": "other", "ts": 1700000001000}]""");
        Assert.Equal(first.Body, other.Body);
        Assert.Equal(0, other.Appended);

        var otherKey = await PostWithKeyAsync("batch-8", """[{"id": "idem-1", "ts": 1700000001000}]""");
        Assert.False(otherKey.Replayed);
        Assert.Equal(1, otherKey.Appended);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_append_once()
    {
        var tries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWithKeyAsync("race", """[{"id": "race-1", "ts": 1700000001000}, {"id": "race-2", "ts": 1700000001000}]""", measure: false)));
        Assert.All(tries, t => Assert.Equal(HttpStatusCode.Accepted, t.Status));
        Assert.Single(tries.Select(t => t.Body).Distinct());
        Assert.Equal(7, tries.Count(t => t.Replayed));
    }

    [Fact]
    public async Task An_overlong_idempotency_key_is_a_problem_400()
    {
        var answer = await PostWithKeyAsync(new string('k', 257), """{"id": "k", "ts": 1700000001000}""");
        AssertProblem(answer.Status, answer.Body, HttpStatusCode.BadRequest);
        Assert.Equal(0, answer.Appended);
    }

    private long LogEnd()
    {
        var log = node.Services.GetRequiredService<IIngestLog>();
        return Enumerable.Range(0, log.PartitionCount).Sum(log.GetEndOffset);
    }

    private Task<(HttpStatusCode Status, string Body, long Appended)> PostAsync(string body, string? contentType = "application/json") =>
        PostAsync(new StringContent(body, Encoding.UTF8), contentType);

    private async Task<(HttpStatusCode Status, string Body, long Appended)> PostAsync(HttpContent content, string? contentType)
    {
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var before = LogEnd();
        using var response = await _http.PostAsync("/ingest", content);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, LogEnd() - before);
    }

    private async Task<(HttpStatusCode Status, string Body, bool Replayed, long Appended)> PostWithKeyAsync(string key, string json, bool measure = true)
    {
        var before = measure ? LogEnd() : 0;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest") { Content = FlowApi.JsonBody(json) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
        return (response.StatusCode, body, replayed, measure ? LogEnd() - before : 0);
    }

    private static IngestAnswer Answer(string body) => JsonSerializer.Deserialize<IngestAnswer>(body, FlowApi.Json)!;

    internal static JsonElement AssertProblem(HttpStatusCode status, string body, HttpStatusCode expected)
    {
        Assert.True(expected == status, $"expected {(int)expected}, got {(int)status}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    [Fact]
    public void Post_ingest_and_only_it_runs_directly_after_the_exception_handler()
    {
        var endpoints = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var ingest = Assert.Single(endpoints, e => e.RoutePattern.RawText == "/ingest");
        Assert.NotNull(ingest.Metadata.GetMetadata<DirectEndpoints.DirectEndpointMetadata>());
        Assert.All(endpoints.Where(e => e != ingest), e => Assert.Null(e.Metadata.GetMetadata<DirectEndpoints.DirectEndpointMetadata>()));
    }
}
