namespace FlowOrleans.Runtime.Networking;

/// <summary>The read and write loops of a connection.</summary>
internal sealed partial class MessageConnection
{
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
                while (reader.TryRead(out var frame))
                {
                    Write(frame);
                    frames++;
                }

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
        if (frame.Message is { } message)
        {
            FrameWriter.WriteMessage(_output, message, frame.Id);
        }
        else
        {
            FrameWriter.WriteProbe(_output, frame.Type, frame.Id);
        }
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
                    while (FrameReader.TryRead(ref buffer, _settings.MaxFrameSize, _strings, out var frame))
                    {
                        OnFrame(frame);
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

    private void OnFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Request:
                OnRequest(frame.Message!);
                break;
            case FrameType.Response:
                if (_pending.TryRemove(frame.Id, out var call))
                {
                    call.Complete(frame.Message!);
                }

                break;
            case FrameType.Ping:
                _outbound.Writer.TryWrite(new OutboundFrame(FrameType.Pong, null, frame.Id));
                break;
            case FrameType.Pong:
                if (_probes.TryGetValue(frame.Id, out var probe))
                {
                    probe.TrySetResult();
                }

                break;
            default:
                throw new InvalidDataException($"Unexpected {frame.Type} frame after the handshake.");
        }
    }

    private void OnRequest(Message request)
    {
        if (_settings.RequestHandler is not { } handler)
        {
            SendResponse(ResponseMessages.Failure(request, new GrainCallFailedException("This endpoint does not accept requests.")));
            return;
        }

        var pending = handler(request);
        if (pending.IsCompletedSuccessfully)
        {
            SendResponse(pending.Result);
        }
        else
        {
            _ = SendResponseAsync(pending);
        }
    }

    private async Task SendResponseAsync(ValueTask<Message> pending) => SendResponse(await pending.ConfigureAwait(false));

    private void SendResponse(Message response)
    {
        var length = FrameWriter.GetMessageFrameLength(response);
        if (length > _settings.MaxFrameSize)
        {
            response = ResponseMessages.Failure(response, new GrainCallFailedException(
                $"The response of grain {response.Target} method {response.InterfaceName}.{response.MethodId} is {length} bytes, over the maximum frame size of {_settings.MaxFrameSize} bytes."));
        }

        _outbound.Writer.TryWrite(new OutboundFrame(FrameType.Response, response, response.CorrelationId));
    }
}
