using System.Net;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Options of the TCP transport (silo-to-silo and gateway). Validated at start-up by <see cref="TcpTransportOptionsValidator"/>.</summary>
public sealed class TcpTransportOptions
{
    /// <summary>
    /// Where this silo listens for other silos; also the silo's address (<see cref="SiloOptions.Endpoint"/> is set
    /// from it). Required, with a fixed port: other silos find this one by it.
    /// </summary>
    public IPEndPoint? SiloEndpoint { get; set; }

    /// <summary>Where this silo listens for external clients (the gateway); null for no gateway. Default null.</summary>
    public IPEndPoint? GatewayEndpoint { get; set; }

    /// <summary>How long connecting to another silo, handshake included, may take before it counts as unreachable. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many requests may wait on one connection to be written (the peer or the network is slower than the callers);
    /// a request over it fails at once with a <see cref="GrainCallFailedException"/> that says so, instead of growing
    /// the queue without bound. Responses and probes are never refused. Default 65,536.
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 65_536;

    /// <summary>The largest frame sent or accepted, header included; a larger request fails, a larger incoming frame closes the connection. Default 16 MiB.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;
}
