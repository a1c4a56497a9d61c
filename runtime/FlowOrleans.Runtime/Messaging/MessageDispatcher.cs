using System.Buffers;
using System.Text.Json;

namespace FlowOrleans.Runtime;

/// <summary>
/// Turns requests into messages and back. <see cref="HandleRequestAsync"/> is what a network layer calls for a
/// received request: it rebuilds the generated request from the body, dispatches it like a local call and
/// returns the response message.
/// </summary>
public sealed class MessageDispatcher
{
    private readonly GrainStorageSerializer _serializer;
    private readonly SiloRuntimeContext _silo;
    private long _nextCorrelationId;

    internal MessageDispatcher(GrainStorageSerializer serializer, SiloRuntimeContext silo)
    {
        _serializer = serializer;
        _silo = silo;
    }

    /// <summary>Encodes a request for <paramref name="target"/> as a message with a JSON body.</summary>
    public Message CreateRequestMessage(GrainId target, GrainRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteArguments(writer, _serializer.Options);
        }

        return new Message
        {
            Direction = MessageDirection.Request,
            CorrelationId = Interlocked.Increment(ref _nextCorrelationId),
            Target = target,
            InterfaceName = request.Method.InterfaceName,
            MethodId = request.Method.MethodId,
            Deadline = _silo.Time.GetUtcNow() + _silo.Options.ResponseTimeout,
            Body = buffer.WrittenMemory,
        };
    }

    /// <summary>Decodes a request message into its generated request object.</summary>
    public GrainRequest ReadRequest(Message message)
    {
        var grainInterface = GrainCodeRegistry.FindInterface(message.InterfaceName)
            ?? throw new GrainCallFailedException($"Unknown grain interface '{message.InterfaceName}'.");
        var method = grainInterface.FindMethod(message.MethodId)
            ?? throw new GrainCallFailedException($"Unknown method '{message.MethodId}' of '{message.InterfaceName}'.");
        var request = method.CreateRequest();
        var reader = new Utf8JsonReader(message.Body.Span);
        request.ReadArguments(ref reader, _serializer.Options);
        return request;
    }

    /// <summary>Runs a request message on this silo and returns the response message.</summary>
    public async Task<Message> HandleRequestAsync(Message message)
    {
        try
        {
            var request = ReadRequest(message);
            var now = _silo.Time.GetTimestamp();
            request.TargetId = message.Target;
            request.DispatchTimestamp = now;
            request.DeadlineTimestamp = now + (long)(Math.Max(0, (message.Deadline - _silo.Time.GetUtcNow()).TotalSeconds) * _silo.Time.TimestampFrequency);
            _silo.Dispatcher.Dispatch(request);
            var result = await request.GetBoxedResultAsync().ConfigureAwait(false);
            var body = JsonSerializer.SerializeToUtf8Bytes(result, _serializer.Options.GetTypeInfo(request.ResultType));
            return Response(message, body, null);
        }
        catch (Exception exception)
        {
            return Response(message, default, exception);
        }
    }

    /// <summary>Reads the result of a response message, or throws the remote exception as <see cref="GrainCallFailedException"/>.</summary>
    public T? ReadResponse<T>(Message response)
    {
        if (response.ExceptionType is not null)
        {
            throw new GrainCallFailedException($"{response.ExceptionType}: {response.ExceptionMessage}");
        }

        return JsonSerializer.Deserialize(response.Body.Span, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)_serializer.Options.GetTypeInfo(typeof(T)));
    }

    private static Message Response(Message request, ReadOnlyMemory<byte> body, Exception? exception) => new()
    {
        Direction = MessageDirection.Response,
        CorrelationId = request.CorrelationId,
        Target = request.Target,
        InterfaceName = request.InterfaceName,
        MethodId = request.MethodId,
        Deadline = request.Deadline,
        Body = body,
        ExceptionType = exception?.GetType().FullName,
        ExceptionMessage = exception?.Message,
    };
}
