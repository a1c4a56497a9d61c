using System.Text.Json;
using FlowOrleans.Runtime.Networking;

namespace FlowOrleans.Runtime;

/// <summary>
/// A grain request in flight on a connection: the write loop encodes its arguments into the frame, and the response
/// completes the request (its own completion source) with the typed result or the remote exception.
/// </summary>
internal sealed class GrainRequestCall(GrainRequest request, JsonSerializerOptions options, DateTimeOffset deadline) : PendingCall
{
    public override GrainId Target => request.TargetId;

    public override string InterfaceName => request.Method.InterfaceName;

    public override string MethodId => request.Method.MethodId;

    public override DateTimeOffset Deadline => deadline;

    public override int ForwardCount => request.ForwardCount + 1;

    public override ReadOnlySpan<byte> WriteBody(JsonScratch scratch)
    {
        request.WriteArguments(scratch.Begin(), options);
        return scratch.Written;
    }

    public override void Complete(string? exceptionType, string? exceptionMessage, ReadOnlySpan<byte> body)
        => request.CompleteFromResponse(exceptionType, exceptionMessage, body, options);

    public override void Fail(Exception exception) => request.Fail(exception);
}
