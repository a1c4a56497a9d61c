using System.Net.WebSockets;
using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.ClientApi.Live;
using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Api.Tests;

/// <summary>
/// A session result withdrawn by a merge within allowed lateness, as a client sees it: <c>/ws</c> pushes the retraction
/// after the results it follows, and <c>/results</c> and <c>/recent</c> no longer list the withdrawn result. Its own node,
/// so the only subscriber of the live feed is this test's socket.
/// </summary>
public sealed class LiveRetractionTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    private const long W0 = 1_700_000_000_000;
    private const string Pipeline = "merging";

    [Fact]
    public async Task A_retraction_is_pushed_after_the_results_and_leaves_results_and_recent()
    {
        // The results and the retraction go straight into the node's store (what a session grain emits on such a merge);
        // the pipeline only makes the name known to /results. No events: its type filter matches none.
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync($$"""
            {"name": "{{Pipeline}}", "window": {"type": "session", "gap": 2000}, "types": ["{{Pipeline}}"]}
            """);
        var store = node.Services.GetRequiredService<IResultStore>();
        var feed = node.Services.GetRequiredService<LiveFeed>();
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        using var socket = await node.Server.CreateWebSocketClient().ConnectAsync(new Uri("ws://localhost/ws"), deadline.Token);
        await Eventually.TrueAsync(() => feed.SubscriberCount == 1, "the socket to subscribe to the live feed");

        // Two sessions of key k fired; a late event within the allowed lateness bridged them, so the merged session
        // fires again under the earlier start (revision 1) and the later session's result is retracted.
        var earlier = Session("k", W0, W0 + 4_000, count: 2, revision: 0);
        var later = Session("k", W0 + 6_000, W0 + 9_000, count: 1, revision: 0);
        await store.UpsertResultsAsync([earlier, later]);
        var merged = Session("k", W0, W0 + 9_000, count: 4, revision: 1);
        await store.UpsertResultsAsync([merged]);
        var retraction = new WindowRetraction
        {
            Pipeline = Pipeline,
            Key = later.Key,
            WindowStart = later.WindowStart,
            Revision = merged.Revision,
            ReplacedBy = merged.WindowStart,
            RetractedAt = merged.EmittedAt,
        };
        Assert.Single(await store.RetractResultsAsync([retraction]));

        // A replayed retraction changes nothing and pushes nothing: the next message of the pipeline is the one after it.
        Assert.Empty(await store.RetractResultsAsync([retraction]));
        var next = Session("other", W0 + 60_000, W0 + 61_000, count: 1, revision: 0);
        await store.UpsertResultsAsync([next]);

        var messages = await MessagesUntilAsync(socket, next, deadline.Token);
        Assert.Equal(
            [Expected("result", earlier), Expected("result", later), Expected("result", merged), Expected("retraction", retraction), Expected("result", next)],
            messages.Select(Seen).ToList());
        var pushed = messages[3];
        Assert.False(pushed.TryGetProperty("update", out _), $"a retraction carries no update flag: {pushed}");
        Assert.Equal(retraction, pushed.GetProperty("data").Deserialize<WindowRetraction>(FlowApi.Json));
        Assert.True(messages[2].GetProperty("update").GetBoolean(), "the merged session's revision is an update");

        // Every query agrees: the merged session replaces the earlier one and the later one is gone.
        Assert.Equal([merged, next], await api.ResultsAsync($"pipeline={Pipeline}"));
        Assert.Equal([merged, next], (await api.RecentAsync(1_000)).Where(r => r.Pipeline == Pipeline).ToList());

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
    }

    private static WindowResult Session(string key, long start, long end, long count, int revision) => new()
    {
        Pipeline = Pipeline,
        Key = key,
        WindowStart = start,
        WindowEnd = end,
        Count = count,
        Sum = count,
        Min = 1,
        Max = 1,
        Avg = 1,
        EmittedAt = end + 2_000 + revision,
        Revision = revision,
    };

    private static (string Type, string? Key, long WindowStart, int Revision) Expected(string type, WindowResult r) => (type, r.Key, r.WindowStart, r.Revision);

    private static (string Type, string? Key, long WindowStart, int Revision) Expected(string type, WindowRetraction r) => (type, r.Key, r.WindowStart, r.Revision);

    private static (string Type, string? Key, long WindowStart, int Revision) Seen(JsonElement message)
    {
        var data = message.GetProperty("data");
        return (message.GetProperty("type").GetString()!, data.GetProperty("key").GetString(), data.GetProperty("windowStart").GetInt64(), data.GetProperty("revision").GetInt32());
    }

    // The pipeline's result and retraction messages, in the order pushed, up to the result `last`.
    private static async Task<List<JsonElement>> MessagesUntilAsync(WebSocket socket, WindowResult last, CancellationToken cancellationToken)
    {
        var seen = new List<JsonElement>();
        while (true)
        {
            var message = await LiveSocketMessages.ReceiveAsync(socket, cancellationToken);
            var type = message.GetProperty("type").GetString();
            if (type is not ("result" or "retraction") || message.GetProperty("data").GetProperty("pipeline").GetString() != Pipeline)
            {
                continue;
            }

            seen.Add(message);
            if (type == "result" && message.GetProperty("data").GetProperty("key").GetString() == last.Key
                && message.GetProperty("data").GetProperty("windowStart").GetInt64() == last.WindowStart)
            {
                return seen;
            }
        }
    }
}
