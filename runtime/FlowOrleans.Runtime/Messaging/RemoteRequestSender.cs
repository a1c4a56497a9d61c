using System.Text.Json;
using FlowOrleans.Runtime.Networking;

namespace FlowOrleans.Runtime;

/// <summary>
/// Sends a grain request to the silo that owns the grain and completes the caller's request from the response
/// (typed, through <see cref="GrainRequest.CompleteFromResponse"/>; no reflection per call).
/// </summary>
internal sealed class RemoteRequestSender(ISiloMessageTransport transport, MessageDispatcher messages)
{
    private readonly JsonSerializerOptions _options = messages.SerializerOptions;

    public void Send(SiloAddress destination, GrainRequest request)
    {
        var message = messages.CreateRequestMessage(request.TargetId, request);
        if (transport is TcpMessageTransport tcp)
        {
            // The TCP transport completes the request straight from its read loop: no task per call.
            tcp.Send(destination, new GrainRequestCall(message, request, _options));
            return;
        }

        transport.SendRequestAsync(destination, message).ContinueWith(
            static (sent, state) =>
            {
                var call = (GrainRequestCall)state!;
                if (sent.IsCompletedSuccessfully)
                {
                    call.Complete(sent.Result);
                }
                else
                {
                    call.Fail(sent.Exception?.InnerException ?? new OperationCanceledException());
                }
            },
            new GrainRequestCall(message, request, _options),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}

/// <summary>A pending call that completes a grain request (its own completion source) from the response.</summary>
internal sealed class GrainRequestCall(Message message, GrainRequest request, JsonSerializerOptions options) : PendingCall(message)
{
    public override void Complete(Message response) => request.CompleteFromResponse(response, options);

    public override void Fail(Exception exception) => request.Fail(exception);
}
