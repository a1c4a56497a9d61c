using System.Net;

namespace FlowOrleans.Runtime.Client;

/// <summary>Where an external client finds gateways (Orleans' <c>IGatewayListProvider</c>). Read again on every (re)connect.</summary>
public interface IGatewayListProvider
{
    /// <summary>The gateway endpoints known now.</summary>
    Task<IReadOnlyList<IPEndPoint>> GetGatewaysAsync(CancellationToken cancellationToken);
}
