using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// One TCP connection carrying frames both ways (Orleans' <c>Connection</c>). Writers queue frames on a
/// single-reader channel; the write loop encodes everything queued into the pipe and flushes once, so frames are
/// batched under load. The read loop decodes frames: requests go to the request handler, responses complete the
/// pending call with the same correlation id. Closing (error, peer gone, or <see cref="Abort"/>) fails every call
/// in flight at once with <see cref="SiloUnavailableException"/>. The queue of requests not yet written is bounded
/// (<see cref="ConnectionSettings.MaxQueuedRequests"/>): when the peer or the network cannot keep up, the pipe's flush
/// holds the write loop back and a request over the bound fails at once, so memory stays bounded and the caller knows.
/// </summary>
internal sealed partial class MessageConnection : IResponseSink
{
    private static readonly UnboundedChannelOptions OutboundOptions = new() { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false };
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<OutboundFrame> _outbound = Channel.CreateUnbounded<OutboundFrame>(OutboundOptions);
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _probes = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Utf8StringCache _strings = new();
    private readonly JsonScratch _scratch = new();
    private readonly ConnectionSettings _settings;
    private long _nextId;
    private long _framesWritten;
    private long _flushes;
    private int _queuedRequests;
    private int _closing;

    private MessageConnection(Socket socket, ConnectionSettings settings, SiloAddress expectedPeer)
    {
        _socket = socket;
        _settings = settings;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        PeerAddress = expectedPeer;
    }

    /// <summary>The peer: its silo address from the handshake, or (for a client) its remote endpoint with generation 0.</summary>
    public SiloAddress PeerAddress { get; private set; }

    /// <summary>The peer's handshake.</summary>
    public ConnectionHandshake Peer { get; private set; }

    /// <summary>Completes when the connection has closed and every call on it has failed.</summary>
    public Task Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>Frames written and flushes so far: frames per flush is the batching under load.</summary>
    public WriteStatistics WriteStatistics => new(Volatile.Read(ref _framesWritten), Volatile.Read(ref _flushes));

    /// <summary>How many calls wait for their response (for tests and statistics).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Sends a request; <paramref name="call"/> completes with the response or fails.</summary>
    public void Send(PendingCall call, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _queuedRequests) > _settings.MaxQueuedRequests)
        {
            Interlocked.Decrement(ref _queuedRequests);
            call.Fail(new GrainCallFailedException(
                $"Call to grain {call.Target} method {call.InterfaceName}.{call.MethodId} was not sent: {_settings.MaxQueuedRequests} requests already wait to be written " +
                $"to {PeerAddress} (it or the network is slower than the callers; MaxQueuedRequests of TcpTransportOptions or ClusterClientOptions)."));
            return;
        }

        var id = Interlocked.Increment(ref _nextId);
        _pending[id] = call;
        if (cancellationToken.CanBeCanceled)
        {
            call.Cancellation = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var (connection, id) = ((MessageConnection, long))state!;
                connection.FailPending(id, new OperationCanceledException(token));
            }, (this, id));
        }

        if (IsClosed || !_outbound.Writer.TryWrite(new OutboundFrame(FrameType.Request, id, call)))
        {
            Interlocked.Decrement(ref _queuedRequests);
            FailPending(id, Unavailable("the connection is closed"));
        }
    }

    /// <summary>Sends a ping and completes when the pong arrives.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id] = pong;
        try
        {
            if (IsClosed || !_outbound.Writer.TryWrite(new OutboundFrame(FrameType.Ping, id, null)))
            {
                throw Unavailable("the connection is closed");
            }

            await pong.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }
    }

    /// <summary>Fails the calls whose deadline is at or before <paramref name="now"/> with <see cref="GrainCallTimeoutException"/>.</summary>
    public void ExpireCalls(DateTimeOffset now)
    {
        foreach (var (id, call) in _pending)
        {
            if (call.Deadline <= now && call.Deadline != default)
            {
                FailPending(id, new GrainCallTimeoutException(
                    $"Call to grain {call.Target} method {call.InterfaceName}.{call.MethodId} on {PeerAddress} timed out: its deadline {call.Deadline:O} passed."));
            }
        }
    }

    /// <inheritdoc />
    public void SendResult(long correlationId, GrainRequest request) => _outbound.Writer.TryWrite(new OutboundFrame(FrameType.Response, correlationId, request));

    /// <inheritdoc />
    public void SendFailure(long correlationId, Exception exception) => _outbound.Writer.TryWrite(new OutboundFrame(FrameType.Response, correlationId, exception));

    /// <summary>Closes the connection at once (as if the peer died); every call in flight fails.</summary>
    public void Abort(string reason) => Close(new IOException(reason));

    private void FailPending(long id, Exception exception)
    {
        if (_pending.TryRemove(id, out var call))
        {
            call.Cancellation.Dispose();
            call.Fail(exception);
        }
    }

    private SiloUnavailableException Unavailable(string why, Exception? inner = null)
        => new(PeerAddress, $"Silo {PeerAddress} is unavailable: {why}.", inner);

    private void Close(Exception reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        LogClosed(_settings.Logger, PeerAddress, reason.Message);
        _outbound.Writer.TryComplete();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Dispose();
        foreach (var id in _pending.Keys)
        {
            FailPending(id, Unavailable($"the connection was lost ({reason.Message})", reason));
        }

        foreach (var probe in _probes.Values)
        {
            probe.TrySetException(Unavailable($"the connection was lost ({reason.Message})", reason));
        }

        _closed.TrySetResult();
    }

    private static SiloAddress RemoteAddress(Socket socket)
        => new(socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0), 0);
}
