using System.Net;
using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;

namespace FlowOrleans.Api.Tests;

/// <summary><c>/pipelines</c>, <c>/generator</c> and <c>/openapi/v1.json</c>: what they answer, and how they reject bad definitions.</summary>
public sealed class PipelineApiTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    private readonly HttpClient _http = node.CreateClient();

    [Fact]
    public async Task Default_and_alerts_always_exist()
    {
        var pipelines = JsonDocument.Parse(await _http.GetStringAsync("/pipelines")).RootElement;
        var byName = pipelines.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        var tumbling = byName["default"].GetProperty("window");
        Assert.Equal(("tumbling", 10_000), (tumbling.GetProperty("type").GetString(), tumbling.GetProperty("size").GetInt64()));
        var alerts = byName["alerts"];
        Assert.Equal(("sliding", 10_000, 5_000), (alerts.GetProperty("window").GetProperty("type").GetString(),
            alerts.GetProperty("window").GetProperty("size").GetInt64(), alerts.GetProperty("window").GetProperty("slide").GetInt64()));
        Assert.Equal(["important", "critical"], alerts.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(5_000, alerts.GetProperty("watermarkDelay").GetInt64());
    }

    [Theory]
    [InlineData("default")]
    [InlineData("alerts")]
    public async Task A_built_in_pipeline_cannot_be_deleted(string name)
    {
        using var refused = await _http.DeleteAsync($"/pipelines/{name}");
        var body = await refused.Content.ReadAsStringAsync();
        IngestApiTests.AssertProblem(refused.StatusCode, body, HttpStatusCode.Conflict);
        Assert.Contains("built in", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var still = await _http.GetAsync($"/pipelines/{name}");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task A_pipeline_is_created_read_listed_and_deleted()
    {
        const string definition = """
            {"name": "crud", "window": {"type": "sliding", "size": 10000, "slide": 5000}, "groupBy": null,
             "types": ["important"], "watermarkDelay": 2000, "allowedLateness": 1000, "aggregates": ["count", "p99", "stddev"]}
            """;
        using var created = await _http.PostAsync("/pipelines", FlowApi.JsonBody(definition));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/pipelines/crud", created.Headers.Location?.OriginalString);

        var read = JsonDocument.Parse(await _http.GetStringAsync("/pipelines/crud")).RootElement;
        Assert.Equal(JsonValueKind.Null, read.GetProperty("groupBy").ValueKind);
        Assert.Equal(1_000, read.GetProperty("allowedLateness").GetInt64());
        Assert.Equal(30_000, read.GetProperty("idleTimeout").GetInt64()); // defaults fill what the body left out
        Assert.Equal(["count", "p99", "stddev"], read.GetProperty("aggregates").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("crud", await _http.GetStringAsync("/pipelines"), StringComparison.Ordinal);

        using var again = await _http.PostAsync("/pipelines", FlowApi.JsonBody(definition));
        IngestApiTests.AssertProblem(again.StatusCode, await again.Content.ReadAsStringAsync(), HttpStatusCode.Conflict);

        using var deleted = await _http.DeleteAsync("/pipelines/crud");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await _http.GetAsync("/pipelines/crud");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var deletedAgain = await _http.DeleteAsync("/pipelines/crud");
        IngestApiTests.AssertProblem(deletedAgain.StatusCode, await deletedAgain.Content.ReadAsStringAsync(), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"window": {"type": "tumbling", "size": 1000}}""", "name")]
    [InlineData("""{"name": "bad name!", "window": {"type": "tumbling", "size": 1000}}""", "name")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 0}}""", "window.size")]
    [InlineData("""{"name": "v", "window": {"type": "sliding", "size": 10000, "slide": 3000}}""", "window.slide")]
    [InlineData("""{"name": "v", "window": {"type": "sliding", "size": 10000}}""", "window.slide")]
    [InlineData("""{"name": "v", "window": {"type": "hopping", "size": 1000}}""", "window.type")]
    [InlineData("""{"name": "v", "window": {"type": "session", "gap": 0}}""", "window.gap")]
    [InlineData("""{"name": "v", "window": {"type": "session", "gap": 1000}, "allowedLateness": -5}""", "allowedLateness")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 1000}, "aggregates": ["count", "p200", "nope"]}""", "aggregates")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 1000}, "types": []}""", "types")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 1000}, "groupBy": "value"}""", "groupBy")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 1000}, "watermarkDelay": -1}""", "watermarkDelay")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 1000}, "idleTimeout": 0}""", "idleTimeout")]
    [InlineData("""{"name": "v", "window": {"type": "tumbling", "size": 1000}, "shards": 0}""", "shards")]
    public async Task An_invalid_definition_is_a_validation_problem_naming_the_field(string definition, string field)
    {
        using var response = await _http.PostAsync("/pipelines", FlowApi.JsonBody(definition));
        var problem = IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}': {errors}");
        Assert.StartsWith(field, messages[0].GetString(), StringComparison.Ordinal);
        using var missing = await _http.GetAsync("/pipelines/v");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("""{"name": "m", "window": """, "Malformed pipeline definition")]
    [InlineData("""{"name": "m", "window": {"type": "tumbling", "size": "big"}}""", "$.window.size")]
    [InlineData("""[1, 2]""", "Malformed pipeline definition")]
    public async Task Malformed_json_is_a_problem_400(string body, string expected)
    {
        using var response = await _http.PostAsync("/pipelines", FlowApi.JsonBody(body));
        var text = await response.Content.ReadAsStringAsync();
        IngestApiTests.AssertProblem(response.StatusCode, text, HttpStatusCode.BadRequest);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_definition_that_is_not_json_is_415()
    {
        using var response = await _http.PostAsync("/pipelines", new StringContent("name=x"));
        IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_generator_starts_with_defaults_for_absent_settings_and_stops()
    {
        using var started = await _http.PostAsync("/generator/start", FlowApi.JsonBody("""{"rate": 500}"""));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var status = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.Equal((500, 10, 50_000L, 0.1), (status.GetProperty("rate").GetInt32(), status.GetProperty("keys").GetInt32(),
            status.GetProperty("disorderMs").GetInt64(), status.GetProperty("lateFraction").GetDouble()));
        await Eventually.TrueAsync(async () => JsonDocument.Parse(await _http.GetStringAsync("/generator")).RootElement.GetProperty("sent").GetInt64() > 0, "the generator to send events");

        using var stopped = await _http.PostAsync("/generator/stop", null);
        Assert.False(JsonDocument.Parse(await stopped.Content.ReadAsStringAsync()).RootElement.GetProperty("running").GetBoolean());

        using var invalid = await _http.PostAsync("/generator/start", FlowApi.JsonBody("""{"rate": 0, "lateFraction": 2}"""));
        var problem = IngestApiTests.AssertProblem(invalid.StatusCode, await invalid.Content.ReadAsStringAsync(), HttpStatusCode.BadRequest);
        Assert.Equal(["lateFraction", "rate"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task The_openapi_description_lists_the_endpoints()
    {
        var paths = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/ingest", "/results", "/late", "/recent", "/watermark", "/pipelines", "/pipelines/{name}", "/metrics", "/health/ready" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI description");
        }
    }
}
