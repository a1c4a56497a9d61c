using System.Net;

namespace FlowOrleans.Runtime.Client;

/// <summary>A fixed list of gateways (<see cref="ClusterClientOptions.Gateways"/>).</summary>
public sealed class StaticGatewayListProvider(IEnumerable<IPEndPoint> gateways) : IGatewayListProvider
{
    private readonly IReadOnlyList<IPEndPoint> _gateways = [.. gateways];

    /// <inheritdoc />
    public Task<IReadOnlyList<IPEndPoint>> GetGatewaysAsync(CancellationToken cancellationToken) => Task.FromResult(_gateways);
}
