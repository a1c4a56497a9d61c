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

    /// <summary>How long connecting to one gateway, handshake included, may take before the next is tried. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest frame sent or accepted, header included. Default 16 MiB (as the silo's).</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Serializer options for arguments and results; must match the silos' <see cref="SiloOptions.SerializerOptions"/>.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
