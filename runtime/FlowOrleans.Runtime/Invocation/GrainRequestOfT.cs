using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks.Sources;

namespace FlowOrleans.Runtime;

/// <summary>
/// A grain call whose result is <typeparamref name="TResult"/>. It is its own completion source: the caller
/// awaits a <see cref="ValueTask{TResult}"/> backed by it, so a call allocates the request and nothing else
/// when the grain completes synchronously.
/// </summary>
public abstract class GrainRequest<TResult> : GrainRequest, IValueTaskSource<TResult>
{
    private ManualResetValueTaskSourceCore<TResult> _completion = new() { RunContinuationsAsynchronously = true };
    private int _completed;

    /// <summary>Calls the grain method on <paramref name="grain"/> with the argument fields.</summary>
    protected abstract ValueTask<TResult> InvokeAsync(object grain);

    /// <inheritdoc />
    public override Type ResultType => typeof(TResult);

    internal ValueTask<TResult> AsValueTask() => new(this, _completion.Version);

    internal override void Start(ActivationData activation)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            // Timed out while it waited: the caller is gone, so do not run it.
            activation.OnRequestCompleted(this);
            return;
        }

        ValueTask<TResult> pending;
        try
        {
            pending = InvokeAsync(activation.GrainInstance!);
        }
        catch (Exception exception)
        {
            Finish(activation, default, exception);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Finish(activation, pending.Result, null);
            return;
        }

        _ = AwaitAsync(activation, pending);
    }

    private async Task AwaitAsync(ActivationData activation, ValueTask<TResult> pending)
    {
        TResult? result = default;
        Exception? error = null;
        try
        {
            // Captures the activation's synchronization context: the completion runs as a turn of the activation.
            result = await pending;
        }
        catch (Exception exception)
        {
            error = exception;
        }

        Finish(activation, result, error);
    }

    private void Finish(ActivationData activation, TResult? result, Exception? error)
    {
        activation.RecordCall(Method, DispatchTimestamp, error is not null);
        activation.OnRequestCompleted(this);
        if (error is not null)
        {
            activation.OnTurnFailed(error);
        }

        if (error is null)
        {
            TrySetResult(result!);
        }
        else
        {
            TrySetException(error);
        }
    }

    internal void TrySetResult(TResult result)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _completion.SetResult(result);
        }
    }

    internal void TrySetException(Exception exception)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _completion.SetException(exception);
        }
    }

    internal override void Fail(Exception exception) => TrySetException(exception);

    internal override void TimeOut(TimeSpan timeout)
    {
        if (Volatile.Read(ref _completed) == 0)
        {
            TrySetException(new GrainCallTimeoutException(
                $"Call to grain {TargetId} method {Method.InterfaceName}.{Method.MethodName} timed out after {timeout}."));
        }
    }

    internal override ValueTask<Message> CreateResponseAsync(Message request, JsonSerializerOptions options)
    {
        var pending = AsValueTask();
        return pending.IsCompleted ? new(Respond(request, pending, options)) : AwaitResponseAsync(request, pending, options);
    }

    internal override void CompleteFromResponse(string? exceptionType, string? exceptionMessage, ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        if (exceptionType is not null)
        {
            TrySetException(ResponseMessages.ToException(exceptionType, exceptionMessage));
            return;
        }

        TResult? result;
        try
        {
            result = JsonSerializer.Deserialize(body, (JsonTypeInfo<TResult>)options.GetTypeInfo(typeof(TResult)));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            TrySetException(new GrainCallFailedException(
                $"Could not read the response of grain {TargetId} method {Method.InterfaceName}.{Method.MethodName}: {exception.Message}", exception));
            return;
        }

        TrySetResult(result!);
    }

    internal override void RespondWhenCompleted(Networking.IResponseSink responses, long correlationId)
    {
        var pending = AsValueTask();
        if (pending.IsCompleted)
        {
            responses.SendResult(correlationId, this);
        }
        else
        {
            _ = RespondAsync(pending, responses, correlationId);
        }
    }

    private async Task RespondAsync(ValueTask<TResult> pending, Networking.IResponseSink responses, long correlationId)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // WriteResult rethrows it when the response is encoded.
        }

        responses.SendResult(correlationId, this);
    }

    internal override void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options)
        => JsonSerializer.Serialize(writer, _completion.GetResult(_completion.Version), (JsonTypeInfo<TResult>)options.GetTypeInfo(typeof(TResult)));

    private static Message Respond(Message request, ValueTask<TResult> completed, JsonSerializerOptions options)
    {
        try
        {
            var result = completed.Result;
            return ResponseMessages.Success(request, JsonSerializer.SerializeToUtf8Bytes(result, (JsonTypeInfo<TResult>)options.GetTypeInfo(typeof(TResult))));
        }
        catch (Exception exception)
        {
            return ResponseMessages.Failure(request, exception);
        }
    }

    private static async ValueTask<Message> AwaitResponseAsync(Message request, ValueTask<TResult> pending, JsonSerializerOptions options)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return ResponseMessages.Failure(request, exception);
        }

        return Respond(request, pending, options);
    }

    /// <inheritdoc />
    public TResult GetResult(short token) => _completion.GetResult(token);

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _completion.OnCompleted(continuation, state, token, flags);
}
