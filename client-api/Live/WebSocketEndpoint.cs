using System.Net.WebSockets;

namespace FlowOrleans.ClientApi.Live;

/// <summary><c>GET /ws</c>: a WebSocket that pushes every live message as one text frame of JSON.</summary>
public static class WebSocketEndpoint
{
    /// <summary>Maps <c>/ws</c>.</summary>
    public static IEndpointRouteBuilder MapLiveWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", async (HttpContext context, LiveFeed feed, IHostApplicationLifetime lifetime) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                    detail: "Connect to /ws with a WebSocket client (for example: new WebSocket('ws://127.0.0.1:8080/ws')).");
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var subscription = feed.Subscribe();
            // A node that shuts down closes its sockets at once, so browsers show "reconnecting" instead of a silent feed.
            using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
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
            if (lifetime.ApplicationStopping.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.EndpointUnavailable, "node shutting down");
            }

            return Results.Empty;
        }).WithTags("Live").WithSummary("Live window results, their retractions, late events and watermark changes");
        return endpoints;
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client is gone already.
        }
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
