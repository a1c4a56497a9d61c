using FlowOrleans.Runtime.Networking;

namespace FlowOrleans.Runtime.Client;

/// <summary>
/// A grain call of the external client on its gateway connection. An answer of
/// <see cref="GrainPlacementChangedException"/> (the silos' membership views disagreed while the request was forwarded,
/// so no grain ran it) goes to <see cref="ClusterClient.TryRetry"/>, which may send the request again; any other answer,
/// or a failure, completes the caller's request.
/// </summary>
internal sealed class ClientGrainCall(GrainRequest request, ClusterClient client, DateTimeOffset deadline, int retries) : PendingCall
{
    private static readonly string PlacementChanged = typeof(GrainPlacementChangedException).FullName!;

    /// <summary>The request this call carries.</summary>
    public GrainRequest Request => request;

    /// <summary>How many times the request was sent again before this attempt.</summary>
    public int Retries => retries;

    public override GrainId Target => request.TargetId;

    public override string InterfaceName => request.Method.InterfaceName;

    public override string MethodId => request.Method.MethodId;

    public override DateTimeOffset Deadline => deadline;

    public override int ForwardCount => request.ForwardCount + 1;

    public override ReadOnlySpan<byte> WriteBody(JsonScratch scratch)
    {
        request.WriteArguments(scratch.Begin(), client.SerializerOptions);
        return scratch.Written;
    }

    public override void Complete(string? exceptionType, string? exceptionMessage, ReadOnlySpan<byte> body)
    {
        if (exceptionType == PlacementChanged && client.TryRetry(this, exceptionMessage))
        {
            return;
        }

        request.CompleteFromResponse(exceptionType, exceptionMessage, body, client.SerializerOptions);
    }

    public override void Fail(Exception exception) => request.Fail(exception);
}
