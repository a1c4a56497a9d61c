using System.Text.Json;

namespace FlowOrleans.Runtime;

/// <summary>
/// A grain call as an object (an "invokable"): generated per method with typed argument fields. Local calls
/// pass it by reference (arguments are not copied, as with Orleans' <c>[Immutable]</c>: callers must not
/// mutate arguments after the call); a network layer serializes it with <see cref="WriteArguments"/>.
/// </summary>
public abstract class GrainRequest : ActivationRequest
{
    private protected GrainRequest()
    {
    }

    /// <summary>The method this request calls.</summary>
    public abstract GrainMethodDescriptor Method { get; }

    /// <summary>The grain this request targets (set when it is sent).</summary>
    public GrainId Target => TargetId;

    internal override bool IsReadOnly => Method.IsReadOnly;

    internal override bool IsAlwaysInterleave => Method.IsAlwaysInterleave;

    /// <summary>Writes the arguments as a JSON array, using type infos from <paramref name="options"/>.</summary>
    public abstract void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/>.</summary>
    public abstract void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>Waits for the result and encodes it (or the exception) as the response to <paramref name="request"/>.</summary>
    internal abstract ValueTask<Message> CreateResponseAsync(Message request, JsonSerializerOptions options);

    /// <summary>Completes this request from a response message: the typed result, or the remote exception.</summary>
    internal void CompleteFromResponse(Message response, JsonSerializerOptions options)
        => CompleteFromResponse(response.ExceptionType, response.ExceptionMessage, response.Body.Span, options);

    /// <summary>Completes this request from a response's fields: the typed result read from <paramref name="body"/>, or the remote exception.</summary>
    internal abstract void CompleteFromResponse(string? exceptionType, string? exceptionMessage, ReadOnlySpan<byte> body, JsonSerializerOptions options);

    /// <summary>Once this (received) request completes, hands it to <paramref name="responses"/> to be answered.</summary>
    internal abstract void RespondWhenCompleted(Networking.IResponseSink responses, long correlationId);

    /// <summary>Writes the result of this completed request; rethrows its exception when it failed.</summary>
    internal abstract void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>The type of the result (<see cref="VoidResult"/> for methods without one).</summary>
    public abstract Type ResultType { get; }

    /// <summary>Adapts a grain method's <see cref="Task"/> (generated code).</summary>
    public static ValueTask<VoidResult> FromTask(Task task)
    {
        return task.IsCompletedSuccessfully ? default : Await(task);

        static async ValueTask<VoidResult> Await(Task task)
        {
            await task.ConfigureAwait(false);
            return default;
        }
    }

    /// <summary>Adapts a grain method's <see cref="Task{TResult}"/> (generated code).</summary>
    public static ValueTask<T> FromTask<T>(Task<T> task) => new(task);

    /// <summary>Adapts a grain method's <see cref="ValueTask"/> (generated code).</summary>
    public static ValueTask<VoidResult> FromValueTask(ValueTask task)
    {
        return task.IsCompletedSuccessfully ? default : Await(task);

        static async ValueTask<VoidResult> Await(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return default;
        }
    }
}
