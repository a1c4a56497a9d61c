using System.Buffers;
using System.Net;
using System.Text;

namespace FlowOrleans.Networking.Tests;

public class FrameCodecTests
{
    private const int Max = 1024 * 1024;

    private static readonly Message Request = new()
    {
        Direction = MessageDirection.Request,
        CorrelationId = 42,
        Target = new GrainId("counter", "clé-ü-1"),
        InterfaceName = "FlowOrleans.Tests.ICounterGrain",
        MethodId = "Add(int)",
        ForwardCount = 1,
        Deadline = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        Body = "[5]"u8.ToArray(),
    };

    private static byte[] Encode(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static Frame DecodeOne(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameReader.TryRead(ref sequence, Max, out var frame));
        Assert.True(sequence.IsEmpty);
        return frame;
    }

    [Fact]
    public void ARequestRoundTripsWithEveryHeaderField()
    {
        var bytes = Encode(w => FrameWriter.WriteMessage(w, Request, 7));

        var frame = DecodeOne(bytes);

        Assert.Equal(FrameType.Request, frame.Type);
        Assert.Equal(bytes.Length, FrameWriter.GetMessageFrameLength(Request));
        var message = frame.Message!;
        Assert.Equal(MessageDirection.Request, message.Direction);
        Assert.Equal(7, message.CorrelationId);
        Assert.Equal(Request.Target, message.Target);
        Assert.Equal(Request.InterfaceName, message.InterfaceName);
        Assert.Equal(Request.MethodId, message.MethodId);
        Assert.Equal(1, message.ForwardCount);
        Assert.Equal(Request.Deadline, message.Deadline);
        Assert.Equal("[5]", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Null(message.ExceptionType);
    }

    [Fact]
    public void AFailedResponseRoundTripsWithTheExceptionTypeAndMessage()
    {
        var response = ResponseMessages.Failure(Request, new InvalidOperationException("bad ✓ thing"));

        var message = DecodeOne(Encode(w => FrameWriter.WriteMessage(w, response, 9))).Message!;

        Assert.Equal(MessageDirection.Response, message.Direction);
        Assert.Equal("System.InvalidOperationException", message.ExceptionType);
        Assert.Equal("bad ✓ thing", message.ExceptionMessage);
        Assert.True(message.Body.IsEmpty);
    }

    [Fact]
    public void ProbesAndHandshakesRoundTrip()
    {
        var silo = new SiloAddress(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 11111), 1234567890123);
        var silo6 = new SiloAddress(new IPEndPoint(IPAddress.IPv6Loopback, 30000), 5);

        Assert.Equal(77, DecodeOne(Encode(w => FrameWriter.WriteProbe(w, FrameType.Ping, 77))).Id);
        Assert.Equal(FrameType.Pong, DecodeOne(Encode(w => FrameWriter.WriteProbe(w, FrameType.Pong, 78))).Type);
        Assert.Equal(new ConnectionHandshake(ConnectionRole.Silo, silo), DecodeOne(Encode(w => FrameWriter.WriteHandshake(w, new(ConnectionRole.Silo, silo)))).Handshake);
        Assert.Equal(new ConnectionHandshake(ConnectionRole.Gateway, silo6), DecodeOne(Encode(w => FrameWriter.WriteHandshake(w, new(ConnectionRole.Gateway, silo6)))).Handshake);
        Assert.Equal(new ConnectionHandshake(ConnectionRole.Client, null), DecodeOne(Encode(w => FrameWriter.WriteHandshake(w, new(ConnectionRole.Client, null)))).Handshake);
    }

    [Fact]
    public void ATruncatedFrameIsNotReadUntilItIsComplete()
    {
        var bytes = Encode(w => FrameWriter.WriteMessage(w, Request, 1));

        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(FrameReader.TryRead(ref partial, Max, out _));
            Assert.Equal(length, partial.Length);
        }
    }

    [Fact]
    public void FramesSplitAcrossSegmentsAndSeveralInOneBufferDecodeInOrder()
    {
        var bytes = Encode(w =>
        {
            FrameWriter.WriteMessage(w, Request, 1);
            FrameWriter.WriteProbe(w, FrameType.Ping, 2);
            FrameWriter.WriteMessage(w, Request, 3);
        });
        var sequence = Segments.Split(bytes, 7);

        var ids = new List<long>();
        while (FrameReader.TryRead(ref sequence, Max, out var frame))
        {
            ids.Add(frame.Id);
        }

        Assert.Equal([1, 2, 3], ids);
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void AnOversizedFrameIsRejectedWithAClearError()
    {
        var big = new Message { Direction = MessageDirection.Request, Target = new GrainId("t", "k"), Body = new byte[5000] };
        var bytes = Encode(w => FrameWriter.WriteMessage(w, big, 1));
        var sequence = new ReadOnlySequence<byte>(bytes, 0, FrameWriter.HeaderLength);

        var error = Assert.Throws<InvalidDataException>(() => FrameReader.TryRead(ref sequence, 4096, out _));

        Assert.Contains("exceeds the maximum frame size of 4096 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFrameSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedFrameIsRejected()
    {
        var bytes = Encode(w => FrameWriter.WriteMessage(w, Request, 1));
        bytes[FrameWriter.HeaderLength + 18] = 0x7F; // the grain type's length now runs past the frame

        var error = Assert.Throws<InvalidDataException>(() => DecodeOne(bytes));

        Assert.StartsWith("Malformed Request frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFrameTypeIsRejected()
    {
        var bytes = Encode(w => FrameWriter.WriteProbe(w, FrameType.Ping, 1));
        bytes[4] = 99;

        Assert.Throws<InvalidDataException>(() => DecodeOne(bytes));
    }
}

/// <summary>Builds a multi-segment sequence, so decoding across segment borders is tested.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        var first = new Segments(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
        {
            var next = new Segments(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
