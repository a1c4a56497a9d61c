using System.Net;
using System.Text.Json;

namespace FlowOrleans.Runtime.Client;

/// <summary>Options of the external cluster client. Validated at start-up by <see cref="ClusterClientOptionsValidator"/>.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>
    /// The gateways to connect to (silos' <c>TcpTransportOptions.GatewayEndpoint</c>). Empty: the gateways come from
    /// the membership table (an <c>IMembershipTable</c> in the container) or a registered <see cref="IGatewayListProvider"/>.
    /// </summary>
    public IList<IPEndPoint> Gateways { get; } = [];

    /// <summary>The deadline of each grain call. Default 30 s (as the silo's).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a call that failed with <see cref="GrainPlacementChangedException"/> (it raced a membership change;
    /// no grain ran it) is sent again before the caller sees the exception; 0 turns retrying off. Default 4.
    /// </summary>
    public int PlacementChangedRetries { get; set; } = 4;

    /// <summary>
    /// The pause before the first such retry, doubled for each next one (100, 200, 400, 800 ms by default: about as long
    /// as the silos take to agree on a membership change). A retry that would start past the call's deadline is not made. Default 100 ms.
    /// </summary>
    public TimeSpan PlacementChangedRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long connecting to one gateway, handshake included, may take before the next is tried. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many calls may wait on the gateway connection to be written; a call over it fails at once with a
    /// <see cref="GrainCallFailedException"/> that says so. Default 65,536 (as the silo's <c>TcpTransportOptions.MaxQueuedRequests</c>).
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 65_536;

    /// <summary>The largest frame sent or accepted, header included. Default 16 MiB (as the silo's).</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Serializer options for arguments and results; must match the silos' <see cref="SiloOptions.SerializerOptions"/>.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
