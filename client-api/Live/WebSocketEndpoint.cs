using System.Net.WebSockets;

namespace FlowOrleans.ClientApi.Live;

/// <summary><c>GET /ws</c>: a WebSocket that pushes every live message as one text frame of JSON.</summary>
public static class WebSocketEndpoint
{
    /// <summary>Maps <c>/ws</c>.</summary>
    public static IEndpointRouteBuilder MapLiveWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", async (HttpContext context, LiveFeed feed) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                    detail: "Connect to /ws with a WebSocket client (for example: new WebSocket('ws://127.0.0.1:8080/ws')).");
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var subscription = feed.Subscribe();
            using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var reading = DrainIncomingAsync(socket, closed);
            try
            {
                await foreach (var message in subscription.Messages.ReadAllAsync(closed.Token))
                {
                    await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, closed.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The client left.
            }
            catch (WebSocketException)
            {
                // The connection broke.
            }

            await closed.CancelAsync();
            await reading;
            return Results.Empty;
        }).WithTags("Live").WithSummary("Live window results, late events and watermark changes");
        return endpoints;
    }

    private static async Task DrainIncomingAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var frame = await socket.ReceiveAsync(buffer, closed.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed from either side.
        }
        finally
        {
            await closed.CancelAsync();
        }
    }
}
