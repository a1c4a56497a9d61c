using System.Buffers;

namespace FlowOrleans.Runtime.Networking;

/// <summary>The read and write loops of a connection.</summary>
internal sealed partial class MessageConnection
{
    private const int MaxExceptionMessageLength = 8192;
    private static readonly GrainId NoGrain = new("", "");

    private void StartLoops()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        Exception? error = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Everything queued since the last flush goes out in one flush: small frames are batched under load.
                var frames = 0;
                var requests = 0;
                while (reader.TryRead(out var frame))
                {
                    Write(frame);
                    frames++;
                    requests += frame.Type == FrameType.Request ? 1 : 0;
                }

                Interlocked.Add(ref _queuedRequests, -requests);

                Volatile.Write(ref _framesWritten, _framesWritten + frames);
                Volatile.Write(ref _flushes, _flushes + 1);
                var result = await _output.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            error = exception;
        }
        finally
        {
            await _output.CompleteAsync(error).ConfigureAwait(false);
        }

        Close(error ?? new IOException("the connection was closed"));
    }

    private void Write(in OutboundFrame frame)
    {
        switch (frame.Item)
        {
            case PendingCall call:
                WriteRequest(call, frame.Id);
                break;
            case GrainRequest completed:
                WriteResult(completed, frame.Id);
                break;
            case Exception failure:
                WriteFailure(frame.Id, failure);
                break;
            default:
                FrameWriter.WriteProbe(_output, frame.Type, frame.Id);
                break;
        }
    }

    private void WriteRequest(PendingCall call, long id)
    {
        ReadOnlySpan<byte> body;
        try
        {
            body = call.WriteBody(_scratch);
        }
        catch (Exception exception)
        {
            FailPending(id, new GrainCallFailedException($"Could not serialize the arguments of {call.InterfaceName}.{call.MethodId}: {exception.Message}", exception));
            return;
        }

        var length = FrameWriter.GetMessageFrameLength(call.Target, call.InterfaceName, call.MethodId, null, null, body.Length);
        if (length > _settings.MaxFrameSize)
        {
            FailPending(id, new GrainCallFailedException(
                $"The request to grain {call.Target} method {call.InterfaceName}.{call.MethodId} is {length} bytes, over the maximum frame size of {_settings.MaxFrameSize} bytes."));
            return;
        }

        FrameWriter.WriteMessage(_output, FrameType.Request, new MessageHeader(id, call.Deadline, call.ForwardCount, call.Target, call.InterfaceName, call.MethodId, null, null), body);
    }

    private void WriteResult(GrainRequest completed, long id)
    {
        ReadOnlySpan<byte> body;
        try
        {
            completed.WriteResult(_scratch.Begin(), _settings.SerializerOptions!);
            body = _scratch.Written;
        }
        catch (Exception exception)
        {
            // The grain failed (its exception is rethrown here), or its result could not be serialized.
            WriteFailure(id, exception);
            return;
        }

        var length = FrameWriter.GetMessageFrameLength(NoGrain, "", "", null, null, body.Length);
        if (length > _settings.MaxFrameSize)
        {
            WriteFailure(id, new GrainCallFailedException(
                $"The response of grain {completed.Target} method {completed.Method.InterfaceName}.{completed.Method.MethodName} is {length} bytes, over the maximum frame size of {_settings.MaxFrameSize} bytes."));
            return;
        }

        FrameWriter.WriteMessage(_output, FrameType.Response, new MessageHeader(id, default, 0, NoGrain, "", "", null, null), body);
    }

    private void WriteFailure(long id, Exception exception)
    {
        var (type, message) = ResponseMessages.Describe(exception);
        if (message.Length > MaxExceptionMessageLength)
        {
            message = string.Concat(message.AsSpan(0, MaxExceptionMessageLength), "…");
        }

        FrameWriter.WriteMessage(_output, FrameType.Response, new MessageHeader(id, default, 0, NoGrain, "", "", type, message), default);
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (FrameReader.TryReadPayload(ref buffer, _settings.MaxFrameSize, out var type, out var payload))
                    {
                        OnFrame(type, payload);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            error = exception;
            if (exception is InvalidDataException)
            {
                LogProtocolError(_settings.Logger, PeerAddress, exception.Message);
            }
        }
        finally
        {
            await _input.CompleteAsync(error).ConfigureAwait(false);
        }

        Close(error ?? new IOException("the peer closed the connection"));
    }

    private void OnFrame(FrameType type, in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            OnFrame(type, payload.FirstSpan);
            return;
        }

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            OnFrame(type, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void OnFrame(FrameType type, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case FrameType.Request:
                OnRequest(payload);
                break;
            case FrameType.Response:
                OnResponse(payload);
                break;
            case FrameType.Ping:
                _outbound.Writer.TryWrite(new OutboundFrame(FrameType.Pong, FrameReader.Decode(type, payload, null).Id, null));
                break;
            case FrameType.Pong:
                if (_probes.TryGetValue(FrameReader.Decode(type, payload, null).Id, out var probe))
                {
                    probe.TrySetResult();
                }

                break;
            default:
                throw new InvalidDataException($"Unexpected {type} frame after the handshake.");
        }
    }

    private void OnRequest(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, FrameType.Request, _strings);
        var header = FrameReader.ReadMessageHeader(ref reader, FrameType.Request);
        if (_settings.RequestHandler is { } handler)
        {
            handler.HandleRequest(header, reader.Rest, this);
        }
        else
        {
            SendFailure(header.CorrelationId, new GrainCallFailedException("This endpoint does not accept requests."));
        }
    }

    private void OnResponse(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, FrameType.Response, _strings);
        var header = FrameReader.ReadMessageHeader(ref reader, FrameType.Response);
        if (_pending.TryRemove(header.CorrelationId, out var call))
        {
            call.Cancellation.Dispose();
            call.Complete(header.ExceptionType, header.ExceptionMessage, reader.Rest);
        }
    }
}
