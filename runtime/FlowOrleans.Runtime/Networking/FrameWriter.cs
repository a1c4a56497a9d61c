using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// Encodes frames into an <see cref="IBufferWriter{T}"/> (a connection's pipe), each into one contiguous span.
/// A frame is <c>int32 length</c> (little-endian, the bytes after the header) + <c>byte</c> <see cref="FrameType"/> + payload.
/// A message payload is: correlation id (int64), deadline (UTC ticks, int64), forward count (byte), flags (byte,
/// bit 0: has exception), then grain type, grain key, interface and method id as strings (7-bit length + UTF-8),
/// then exception type and message when flagged, then the body up to the end of the frame. A ping or pong payload
/// is its id (int64); a handshake payload is the role (byte) and, for silos and gateways, the address (see
/// <see cref="WriteHandshake"/>).
/// </summary>
public static class FrameWriter
{
    /// <summary>Length prefix plus frame type.</summary>
    public const int HeaderLength = 5;

    private const int MessageFixedLength = 8 + 8 + 1 + 1;
    private const byte HasException = 1;

    /// <summary>The encoded size of <paramref name="message"/>'s frame, header included.</summary>
    public static int GetMessageFrameLength(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return GetMessageFrameLength(message.Target, message.InterfaceName, message.MethodId, message.ExceptionType, message.ExceptionMessage, message.Body.Length);
    }

    /// <summary>Writes a request or response frame (by <see cref="Message.Direction"/>) with <paramref name="correlationId"/>.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, Message message, long correlationId)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.Direction == MessageDirection.Request ? FrameType.Request : FrameType.Response;
        var header = new MessageHeader(correlationId, message.Deadline, message.ForwardCount, message.Target, message.InterfaceName, message.MethodId, message.ExceptionType, message.ExceptionMessage);
        WriteMessage(output, type, header, message.Body.Span);
    }

    internal static int GetMessageFrameLength(GrainId target, string interfaceName, string methodId, string? exceptionType, string? exceptionMessage, int bodyLength)
    {
        var length = HeaderLength + MessageFixedLength
            + StringLength(target.Type) + StringLength(target.Key)
            + StringLength(interfaceName) + StringLength(methodId)
            + bodyLength;
        if (exceptionType is not null)
        {
            length += StringLength(exceptionType) + StringLength(exceptionMessage);
        }

        return length;
    }

    /// <summary>Writes a request or response frame from its header fields and body.</summary>
    internal static void WriteMessage(IBufferWriter<byte> output, FrameType type, in MessageHeader header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = GetMessageFrameLength(header.Target, header.InterfaceName, header.MethodId, header.ExceptionType, header.ExceptionMessage, body.Length);
        var span = output.GetSpan(length);
        WriteHeader(span, type, length - HeaderLength);
        var position = HeaderLength;
        BinaryPrimitives.WriteInt64LittleEndian(span[position..], header.CorrelationId);
        BinaryPrimitives.WriteInt64LittleEndian(span[(position + 8)..], header.Deadline.UtcTicks);
        span[position + 16] = (byte)Math.Clamp(header.ForwardCount, 0, byte.MaxValue);
        span[position + 17] = header.ExceptionType is null ? (byte)0 : HasException;
        position += MessageFixedLength;
        position += WriteString(span[position..], header.Target.Type);
        position += WriteString(span[position..], header.Target.Key);
        position += WriteString(span[position..], header.InterfaceName);
        position += WriteString(span[position..], header.MethodId);
        if (header.ExceptionType is not null)
        {
            position += WriteString(span[position..], header.ExceptionType);
            position += WriteString(span[position..], header.ExceptionMessage);
        }

        body.CopyTo(span[position..]);
        output.Advance(length);
    }

    /// <summary>Writes a ping or pong frame.</summary>
    public static void WriteProbe(IBufferWriter<byte> output, FrameType type, long id)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (type is not (FrameType.Ping or FrameType.Pong))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "A probe frame is a ping or a pong.");
        }

        var span = output.GetSpan(HeaderLength + 8);
        WriteHeader(span, type, 8);
        BinaryPrimitives.WriteInt64LittleEndian(span[HeaderLength..], id);
        output.Advance(HeaderLength + 8);
    }

    /// <summary>
    /// Writes a handshake frame: role (byte), then for a silo or gateway the address length (byte, 4 or 16),
    /// the address bytes, the port (int32) and the generation (int64).
    /// </summary>
    public static void WriteHandshake(IBufferWriter<byte> output, ConnectionHandshake handshake)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(HeaderLength + 1 + 1 + 16 + 4 + 8);
        var position = HeaderLength;
        span[position++] = (byte)handshake.Role;
        if (handshake.Silo is { } silo)
        {
            if (!silo.Endpoint.Address.TryWriteBytes(span[(position + 1)..], out var written))
            {
                throw new InvalidOperationException($"Cannot encode the address {silo.Endpoint.Address}.");
            }

            span[position] = (byte)written;
            position += 1 + written;
            BinaryPrimitives.WriteInt32LittleEndian(span[position..], silo.Endpoint.Port);
            BinaryPrimitives.WriteInt64LittleEndian(span[(position + 4)..], silo.Generation);
            position += 12;
        }

        WriteHeader(span, FrameType.Handshake, position - HeaderLength);
        output.Advance(position);
    }

    private static void WriteHeader(Span<byte> span, FrameType type, int payloadLength)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, payloadLength);
        span[4] = (byte)type;
    }

    private static int StringLength(string? value)
    {
        var bytes = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        return VarIntLength((uint)bytes) + bytes;
    }

    private static int WriteString(Span<byte> span, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            span[0] = 0;
            return 1;
        }

        var position = WriteVarInt(span, (uint)Encoding.UTF8.GetByteCount(value));
        return position + Encoding.UTF8.GetBytes(value, span[position..]);
    }

    private static int VarIntLength(uint value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static int WriteVarInt(Span<byte> span, uint value)
    {
        var position = 0;
        while (value >= 0x80)
        {
            span[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[position++] = (byte)value;
        return position;
    }
}
