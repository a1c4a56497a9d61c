using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Decodes the frames written by <see cref="FrameWriter"/> from a connection's input.</summary>
public static class FrameReader
{
    /// <summary>
    /// Reads one whole frame from the start of <paramref name="buffer"/> and slices it off. Returns false (and
    /// leaves the buffer as it is) when the frame has not fully arrived yet. Throws <see cref="InvalidDataException"/>
    /// for a frame larger than <paramref name="maxFrameSize"/> or a malformed one; the connection cannot continue then.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out Frame frame)
        => TryRead(ref buffer, maxFrameSize, null, out frame);

    internal static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, Utf8StringCache? strings, out Frame frame)
    {
        frame = default;
        if (!TryReadPayload(ref buffer, maxFrameSize, out var type, out var payload))
        {
            return false;
        }

        if (payload.IsSingleSegment)
        {
            frame = Decode(type, payload.FirstSpan, strings);
            return true;
        }

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            frame = Decode(type, rented.AsSpan(0, length), strings);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return true;
    }

    /// <summary>Slices one whole frame's payload off <paramref name="buffer"/> (see <see cref="TryRead(ref ReadOnlySequence{byte}, int, out Frame)"/>).</summary>
    internal static bool TryReadPayload(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out FrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < FrameWriter.HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[FrameWriter.HeaderLength];
        buffer.Slice(0, FrameWriter.HeaderLength).CopyTo(header);
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        type = (FrameType)header[4];
        if (payloadLength < 0 || (long)payloadLength + FrameWriter.HeaderLength > maxFrameSize)
        {
            throw new InvalidDataException(
                $"A {type} frame of {(long)payloadLength + FrameWriter.HeaderLength} bytes exceeds the maximum frame size of {maxFrameSize} bytes (TcpTransportOptions.MaxFrameSize).");
        }

        if (buffer.Length < FrameWriter.HeaderLength + payloadLength)
        {
            return false;
        }

        payload = buffer.Slice(FrameWriter.HeaderLength, payloadLength);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    internal static Frame Decode(FrameType type, ReadOnlySpan<byte> payload, Utf8StringCache? strings)
    {
        var reader = new PayloadReader(payload, type, strings);
        switch (type)
        {
            case FrameType.Request:
            case FrameType.Response:
                return Frame.ForMessage(type, ReadMessage(ref reader, type));
            case FrameType.Ping:
            case FrameType.Pong:
                var id = reader.ReadInt64();
                reader.ExpectEnd();
                return Frame.ForProbe(type, id);
            case FrameType.Handshake:
                return Frame.ForHandshake(ReadHandshake(ref reader));
            default:
                throw new InvalidDataException($"Unknown frame type {(byte)type}.");
        }
    }

    private static Message ReadMessage(ref PayloadReader reader, FrameType type)
    {
        var header = ReadMessageHeader(ref reader, type);
        var body = reader.Rest;
        return new Message
        {
            Direction = type == FrameType.Request ? MessageDirection.Request : MessageDirection.Response,
            CorrelationId = header.CorrelationId,
            Deadline = header.Deadline,
            ForwardCount = header.ForwardCount,
            Target = header.Target,
            InterfaceName = header.InterfaceName,
            MethodId = header.MethodId,
            ExceptionType = header.ExceptionType,
            ExceptionMessage = header.ExceptionMessage,
            Body = body.IsEmpty ? ReadOnlyMemory<byte>.Empty : body.ToArray(),
        };
    }

    /// <summary>Reads a request or response header; the reader is left at the body.</summary>
    internal static MessageHeader ReadMessageHeader(ref PayloadReader reader, FrameType type)
    {
        var correlationId = reader.ReadInt64();
        var deadlineTicks = reader.ReadInt64();
        var forwardCount = reader.ReadByte();
        var flags = reader.ReadByte();
        var grainType = reader.ReadString();
        var key = reader.ReadString();
        var interfaceName = reader.ReadString();
        var methodId = reader.ReadString();
        string? exceptionType = null, exceptionMessage = null;
        if ((flags & 1) != 0)
        {
            exceptionType = reader.ReadString();
            exceptionMessage = reader.ReadString();
        }

        if (deadlineTicks < DateTimeOffset.MinValue.UtcTicks || deadlineTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new InvalidDataException($"Malformed {type} frame: deadline ticks {deadlineTicks} are out of range.");
        }

        return new MessageHeader(correlationId, new DateTimeOffset(deadlineTicks, TimeSpan.Zero), forwardCount, new GrainId(grainType, key), interfaceName, methodId, exceptionType, exceptionMessage);
    }

    private static ConnectionHandshake ReadHandshake(ref PayloadReader reader)
    {
        var role = (ConnectionRole)reader.ReadByte();
        if (role is not (ConnectionRole.Silo or ConnectionRole.Client or ConnectionRole.Gateway))
        {
            throw new InvalidDataException($"Malformed Handshake frame: unknown role {(byte)role}.");
        }

        if (reader.IsAtEnd)
        {
            return new ConnectionHandshake(role, null);
        }

        var addressLength = reader.ReadByte();
        if (addressLength is not (4 or 16))
        {
            throw new InvalidDataException($"Malformed Handshake frame: address length {addressLength}.");
        }

        var address = new IPAddress(reader.ReadBytes(addressLength));
        var port = reader.ReadInt32();
        var generation = reader.ReadInt64();
        reader.ExpectEnd();
        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new InvalidDataException($"Malformed Handshake frame: port {port}.");
        }

        return new ConnectionHandshake(role, new SiloAddress(new IPEndPoint(address, port), generation));
    }
}
