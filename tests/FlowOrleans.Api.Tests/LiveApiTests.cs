using System.Net.WebSockets;
using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary><c>/ws</c> as the UI sees it: window results, allowed-lateness updates marked as such, late events and watermarks.</summary>
public sealed class LiveApiTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    private const long W0 = 1_700_000_000_000;

    [Fact]
    public async Task Results_updates_late_events_and_watermarks_are_pushed()
    {
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync("""
            {"name": "graced", "window": {"type": "tumbling", "size": 10000}, "types": ["graced"], "allowedLateness": 20000}
            """);
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        using var socket = await node.Server.CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost/ws"), deadline.Token);

        await api.IngestAsync([new StreamEvent("g1", W0 + 1_000, 5, "k", "graced")]);
        await api.IngestAsync(FlowApi.PushEvents(W0 + 16_000, 4));
        var first = await NextAsync(socket, m => IsResult(m, "graced"), deadline.Token);
        Assert.False(first.GetProperty("update").GetBoolean());
        Assert.Equal((1, 0), (first.GetProperty("data").GetProperty("count").GetInt32(), first.GetProperty("data").GetProperty("revision").GetInt32()));

        // Within the allowed lateness: the window takes the event and emits a revision that replaces the first result.
        await api.IngestAsync([new StreamEvent("g2", W0 + 2_000, 7, "k", "graced")]);
        var update = await NextAsync(socket, m => IsResult(m, "graced"), deadline.Token);
        Assert.True(update.GetProperty("update").GetBoolean());
        var data = update.GetProperty("data");
        Assert.Equal((2, 1, 12.0), (data.GetProperty("count").GetInt32(), data.GetProperty("revision").GetInt32(), data.GetProperty("sum").GetDouble()));
        var stored = Assert.Single(await api.ResultsAsync("pipeline=graced"));
        Assert.Equal((2, 1), (stored.Count, stored.Revision));

        // Past the allowed lateness the event is late, and listed.
        await api.IngestAsync(FlowApi.PushEvents(W0 + 36_000, 4));
        await api.WatermarkReachesAsync("graced", W0 + 31_000);
        await api.IngestAsync([new StreamEvent("g3", W0 + 3_000, 9, "k", "graced")]);
        var late = await NextAsync(socket, m => m.GetProperty("type").GetString() == "late" && m.GetProperty("data").GetProperty("pipeline").GetString() == "graced", deadline.Token);
        Assert.Equal(("g3", W0), (late.GetProperty("data").GetProperty("id").GetString(), late.GetProperty("data").GetProperty("windowStart").GetInt64()));

        // Watermark messages are pushed when it changes, so the last ones may have passed while other messages were awaited:
        // every message read on the way counts.
        if (_gracedWatermark < W0 + 31_000)
        {
            await NextAsync(socket, _ => _gracedWatermark >= W0 + 31_000, deadline.Token);
        }

        Assert.True(_gracedWatermark >= W0 + 31_000, $"a watermark message for graced reached W0 + 31000 (last seen {_gracedWatermark})");
        var final = Assert.Single(await api.ResultsAsync("pipeline=graced"));
        Assert.Equal((2, 1), (final.Count, final.Revision));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
    }

    [Fact]
    public async Task A_plain_get_of_ws_is_a_problem_400()
    {
        using var response = await node.CreateClient().GetAsync("/ws");
        IngestApiTests.AssertProblem(response.StatusCode, await response.Content.ReadAsStringAsync(), System.Net.HttpStatusCode.BadRequest);
    }

    private long _gracedWatermark = long.MinValue;

    private static bool IsResult(JsonElement message, string pipeline) =>
        message.GetProperty("type").GetString() == "result" && message.GetProperty("data").GetProperty("pipeline").GetString() == pipeline;

    private async Task<JsonElement> NextAsync(WebSocket socket, Func<JsonElement, bool> wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var json = await LiveSocketMessages.ReceiveAsync(socket, cancellationToken);
            if (json.GetProperty("type").GetString() == "watermark" && json.GetProperty("data").GetProperty("pipeline").GetString() == "graced"
                && json.GetProperty("data").GetProperty("watermark") is { ValueKind: JsonValueKind.Number } wm)
            {
                _gracedWatermark = Math.Max(_gracedWatermark, wm.GetInt64());
            }

            if (wanted(json))
            {
                return json;
            }
        }
    }
}
