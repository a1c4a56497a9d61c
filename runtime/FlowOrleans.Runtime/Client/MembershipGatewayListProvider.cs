using System.Net;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.Runtime.Client;

/// <summary>
/// The gateways of the <see cref="SiloStatus.Active"/> silos in the membership table (their address with the row's
/// <see cref="MembershipEntry.ProxyPort"/>), so a client follows membership as silos join and die.
/// </summary>
public sealed class MembershipGatewayListProvider(IMembershipTable table) : IGatewayListProvider
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<IPEndPoint>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return
        [
            .. snapshot.Rows
                .Select(row => row.Entry)
                .Where(entry => entry.Status == SiloStatus.Active && entry.ProxyPort > 0)
                .Select(entry => new IPEndPoint(entry.SiloAddress.Endpoint.Address, entry.ProxyPort))
                .Distinct(),
        ];
    }
}
