using System.Text.Json;
using FlowOrleans.Runtime.Networking;

namespace FlowOrleans.Runtime;

/// <summary>
/// Sends a grain request to the silo that owns the grain and completes the caller's request from the response
/// (typed, through <see cref="GrainRequest.CompleteFromResponse(string, string, ReadOnlySpan{byte}, JsonSerializerOptions)"/>; no reflection per call).
/// </summary>
internal sealed class RemoteRequestSender(ISiloMessageTransport transport, MessageDispatcher messages)
{
    private readonly JsonSerializerOptions _options = messages.SerializerOptions;

    public void Send(SiloAddress destination, GrainRequest request)
    {
        if (transport is TcpMessageTransport tcp)
        {
            // The write loop encodes the arguments straight into the connection and the read loop completes the
            // request from the response frame: no message objects or body copies per call.
            tcp.Send(destination, new GrainRequestCall(request, _options, messages.DeadlineOf(request)));
            return;
        }

        transport.SendRequestAsync(destination, messages.CreateRequestMessage(request.TargetId, request)).ContinueWith(
            static (sent, state) =>
            {
                var (request, options) = ((GrainRequest, JsonSerializerOptions))state!;
                if (sent.IsCompletedSuccessfully)
                {
                    request.CompleteFromResponse(sent.Result, options);
                }
                else
                {
                    request.Fail(sent.Exception?.InnerException ?? new OperationCanceledException());
                }
            },
            (request, _options),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
