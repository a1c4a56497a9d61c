using System.Buffers;
using System.Text.Json;
using FlowOrleans.Runtime.Networking;

namespace FlowOrleans.Runtime;

/// <summary>
/// Turns requests into messages and back. <see cref="HandleRequestAsync"/> is what a network layer calls for a
/// received request: it rebuilds the generated request from the body, dispatches it like a local call (to a local
/// activation, or forwarded once to the owning silo) and returns the response message.
/// </summary>
public sealed class MessageDispatcher : IRequestHandler
{
    [ThreadStatic]
    private static ArgumentBuffer? t_arguments;

    private readonly GrainStorageSerializer _serializer;
    private readonly SiloRuntimeContext _silo;
    private long _nextCorrelationId;

    internal MessageDispatcher(GrainStorageSerializer serializer, SiloRuntimeContext silo)
    {
        _serializer = serializer;
        _silo = silo;
    }

    internal JsonSerializerOptions SerializerOptions => _serializer.Options;

    /// <summary>
    /// Encodes a request for <paramref name="target"/> as a message with a JSON body. The deadline is the request's
    /// own (a forwarded request keeps what is left of it), else now + <see cref="SiloOptions.ResponseTimeout"/>.
    /// </summary>
    public Message CreateRequestMessage(GrainId target, GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deadline = DeadlineOf(request);
        return new Message
        {
            Direction = MessageDirection.Request,
            CorrelationId = Interlocked.Increment(ref _nextCorrelationId),
            Target = target,
            InterfaceName = request.Method.InterfaceName,
            MethodId = request.Method.MethodId,
            ForwardCount = request.ForwardCount + 1,
            Deadline = deadline,
            Body = WriteArguments(request, _serializer.Options),
        };
    }

    /// <summary>The request's deadline as a UTC time: its own (what is left of it), else now + <see cref="SiloOptions.ResponseTimeout"/>.</summary>
    internal DateTimeOffset DeadlineOf(GrainRequest request)
    {
        var now = _silo.Time.GetUtcNow();
        return request.DeadlineTimestamp == long.MaxValue
            ? now + _silo.Options.ResponseTimeout
            : now + TimeSpan.FromSeconds((double)(request.DeadlineTimestamp - _silo.Time.GetTimestamp()) / _silo.Time.TimestampFrequency);
    }

    /// <summary>Writes a request's arguments as a JSON array into a new array (the writer is reused per thread).</summary>
    internal static byte[] WriteArguments(GrainRequest request, JsonSerializerOptions options)
    {
        var buffer = t_arguments ??= new ArgumentBuffer();
        buffer.Output.ResetWrittenCount();
        buffer.Writer.Reset(buffer.Output);
        request.WriteArguments(buffer.Writer, options);
        buffer.Writer.Flush();
        return buffer.Output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a request message into its generated request object.</summary>
    public GrainRequest ReadRequest(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ReadRequest(message.InterfaceName, message.MethodId, message.Body.Span);
    }

    private GrainRequest ReadRequest(string interfaceName, string methodId, ReadOnlySpan<byte> body)
    {
        var grainInterface = GrainCodeRegistry.FindInterface(interfaceName)
            ?? throw new GrainCallFailedException($"Unknown grain interface '{interfaceName}'.");
        var method = grainInterface.FindMethod(methodId)
            ?? throw new GrainCallFailedException($"Unknown method '{methodId}' of '{interfaceName}'.");
        var request = method.CreateRequest();
        var reader = new Utf8JsonReader(body);
        request.ReadArguments(ref reader, _serializer.Options);
        return request;
    }

    /// <summary>The TCP transport's entry point: decodes the request from the frame, dispatches it, answers when it completes.</summary>
    void IRequestHandler.HandleRequest(in MessageHeader header, ReadOnlySpan<byte> body, IResponseSink responses)
    {
        GrainRequest request;
        try
        {
            request = ReadRequest(header.InterfaceName, header.MethodId, body);
            Prepare(request, header.Target, header.ForwardCount, header.Deadline);
            _silo.Dispatcher.Dispatch(request);
        }
        catch (Exception exception)
        {
            responses.SendFailure(header.CorrelationId, exception);
            return;
        }

        request.RespondWhenCompleted(responses, header.CorrelationId);
    }

    private void Prepare(GrainRequest request, GrainId target, int forwardCount, DateTimeOffset deadline)
    {
        var now = _silo.Time.GetTimestamp();
        request.TargetId = target;
        request.ForwardCount = forwardCount;
        request.DispatchTimestamp = now;
        request.DeadlineTimestamp = now + (long)(Math.Max(0, (deadline - _silo.Time.GetUtcNow()).TotalSeconds) * _silo.Time.TimestampFrequency);
    }

    /// <summary>Runs a request message on this silo and returns the response message.</summary>
    public async Task<Message> HandleRequestAsync(Message message) => await HandleRequest(message).ConfigureAwait(false);

    /// <summary>Runs a request message; completes synchronously when the grain does.</summary>
    internal ValueTask<Message> HandleRequest(Message message)
    {
        GrainRequest request;
        try
        {
            request = ReadRequest(message);
            Prepare(request, message.Target, message.ForwardCount, message.Deadline);
            _silo.Dispatcher.Dispatch(request);
        }
        catch (Exception exception)
        {
            return new(ResponseMessages.Failure(message, exception));
        }

        return request.CreateResponseAsync(message, _serializer.Options);
    }

    /// <summary>Reads the result of a response message, or throws the remote exception (see <see cref="ResponseMessages.ToException(Message)"/>).</summary>
    public T? ReadResponse<T>(Message response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.ExceptionType is not null)
        {
            throw ResponseMessages.ToException(response);
        }

        return JsonSerializer.Deserialize(response.Body.Span, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)_serializer.Options.GetTypeInfo(typeof(T)));
    }

    private sealed class ArgumentBuffer
    {
        public ArrayBufferWriter<byte> Output { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        public ArgumentBuffer() => Writer = new Utf8JsonWriter(Output);
    }
}
