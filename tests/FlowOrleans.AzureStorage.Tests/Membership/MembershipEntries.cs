using System.Net;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.AzureStorage.Tests.Membership;

/// <summary>Builds membership entries for tests.</summary>
internal static class MembershipEntries
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static SiloAddress Silo(int port, long generation = 1) => new(new IPEndPoint(IPAddress.Loopback, port), generation);

    public static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Active, DateTimeOffset? iAmAlive = null) => new()
    {
        SiloAddress = silo,
        Status = status,
        StartTime = T0,
        IAmAliveTime = iAmAlive ?? T0,
        HostName = "host-" + silo.Endpoint.Port,
        SiloName = "silo-" + silo.Endpoint.Port,
        ProxyPort = silo.Endpoint.Port + 1000,
    };

    public static MembershipTableData Snapshot(params MembershipEntry[] entries) =>
        new([.. entries.Select((e, i) => new MembershipRow(e, "etag" + i))], new TableVersion(entries.Length, "v"));
}
