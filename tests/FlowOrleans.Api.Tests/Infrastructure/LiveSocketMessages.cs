using System.Net.WebSockets;
using System.Text.Json;

namespace FlowOrleans.Api.Tests.Infrastructure;

/// <summary>Reads what <c>/ws</c> pushes, as a browser does: one text frame (possibly in parts) per JSON message.</summary>
public static class LiveSocketMessages
{
    /// <summary>The next message, parsed.</summary>
    public static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult frame;
        do
        {
            frame = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, frame.Count);
        }
        while (!frame.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, frame.MessageType);
        using var json = JsonDocument.Parse(message.ToArray());
        return json.RootElement.Clone();
    }
}
