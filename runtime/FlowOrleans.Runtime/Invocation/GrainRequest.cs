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
    internal abstract void CompleteFromResponse(Message response, JsonSerializerOptions options);

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
