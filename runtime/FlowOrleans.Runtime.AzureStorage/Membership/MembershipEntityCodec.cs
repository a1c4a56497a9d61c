using System.Globalization;
using System.Net;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Runtime.AzureStorage.Membership;

/// <summary>
/// Maps a <see cref="MembershipEntry"/> to a table entity and back. Times are stored as UTC ticks so
/// they round-trip exactly; votes as <c>endpoint|generation|ticks</c> joined by <c>;</c>.
/// </summary>
internal static class MembershipEntityCodec
{
    /// <summary>The RowKey of the row that holds the table version; sorts apart from silo rows.</summary>
    public const string VersionRowKey = "VersionRow";

    private const string VersionProperty = "Version";

    /// <summary>The RowKey of a silo row: <c>endpoint@generation</c>, escaped.</summary>
    public static string RowKey(SiloAddress silo) =>
        AzureTableKeyEncoder.Encode($"{silo.Endpoint}@{silo.Generation.ToString(CultureInfo.InvariantCulture)}");

    public static DynamicTableEntity VersionEntity(string partitionKey, TableVersion version) =>
        new(partitionKey, VersionRowKey)
        {
            ETag = version.VersionEtag,
            Properties = { [VersionProperty] = new EntityProperty(version.Version) },
        };

    public static TableVersion ReadVersion(DynamicTableEntity entity) =>
        new(entity.Properties[VersionProperty].Int32Value ?? 0, entity.ETag);

    public static DynamicTableEntity ToEntity(string partitionKey, MembershipEntry entry, string? etag) =>
        new(partitionKey, RowKey(entry.SiloAddress))
        {
            ETag = etag,
            Properties =
            {
                ["Endpoint"] = new EntityProperty(entry.SiloAddress.Endpoint.ToString()),
                ["Generation"] = new EntityProperty(entry.SiloAddress.Generation),
                ["Status"] = new EntityProperty(entry.Status.ToString()),
                ["StartTime"] = new EntityProperty(entry.StartTime.UtcTicks),
                ["IAmAliveTime"] = new EntityProperty(entry.IAmAliveTime.UtcTicks),
                ["SuspectTimes"] = new EntityProperty(FormatVotes(entry.SuspectTimes)),
                ["HostName"] = new EntityProperty(entry.HostName),
                ["SiloName"] = new EntityProperty(entry.SiloName),
                ["ProxyPort"] = new EntityProperty(entry.ProxyPort),
            },
        };

    public static DynamicTableEntity IAmAliveEntity(string partitionKey, MembershipEntry entry) =>
        new(partitionKey, RowKey(entry.SiloAddress))
        {
            ETag = "*",
            Properties = { ["IAmAliveTime"] = new EntityProperty(entry.IAmAliveTime.UtcTicks) },
        };

    public static MembershipEntry FromEntity(DynamicTableEntity entity)
    {
        var p = entity.Properties;
        return new MembershipEntry
        {
            SiloAddress = new SiloAddress(IPEndPoint.Parse(p["Endpoint"].StringValue), p["Generation"].Int64Value ?? 0),
            Status = Enum.Parse<SiloStatus>(p["Status"].StringValue),
            StartTime = FromTicks(p["StartTime"].Int64Value),
            IAmAliveTime = FromTicks(p["IAmAliveTime"].Int64Value),
            SuspectTimes = ParseVotes(p.TryGetValue("SuspectTimes", out var votes) ? votes.StringValue : null),
            HostName = p.TryGetValue("HostName", out var host) ? host.StringValue ?? "" : "",
            SiloName = p.TryGetValue("SiloName", out var name) ? name.StringValue ?? "" : "",
            ProxyPort = p.TryGetValue("ProxyPort", out var port) ? port.Int32Value ?? 0 : 0,
        };
    }

    private static DateTimeOffset FromTicks(long? ticks) => new(ticks ?? 0, TimeSpan.Zero);

    private static string FormatVotes(IReadOnlyList<SuspicionVote> votes) =>
        string.Join(';', votes.Select(v => string.Create(CultureInfo.InvariantCulture,
            $"{v.Voter.Endpoint}|{v.Voter.Generation}|{v.Time.UtcTicks}")));

    private static List<SuspicionVote> ParseVotes(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        return [.. text.Split(';').Select(vote =>
        {
            var parts = vote.Split('|');
            var voter = new SiloAddress(IPEndPoint.Parse(parts[0]), long.Parse(parts[1], CultureInfo.InvariantCulture));
            return new SuspicionVote(voter, FromTicks(long.Parse(parts[2], CultureInfo.InvariantCulture)));
        })];
    }
}
