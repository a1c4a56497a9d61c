namespace FlowOrleans.Api.Tests.Infrastructure;

/// <summary>
/// The cluster gateway (client-api with <c>Flow:Cluster:ConnectionString</c>) in the test process, on stream tables of its
/// own in Azurite, with no silo: ingest appends to the table log (the partitions are never woken), and the node never
/// turns ready, so <see cref="InitializeAsync"/> does not wait for it.
/// </summary>
public sealed class SiloLessGatewayFactory(string connectionString) : FlowNodeFactory
{
    /// <summary>The prefix of this gateway's table names.</summary>
    public string TablePrefix { get; } = "Gw" + Guid.NewGuid().ToString("N")[..12];

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Flow:Cluster:ConnectionString"] = connectionString,
        ["Flow:Cluster:TablePrefix"] = TablePrefix,
    };

    public override Task InitializeAsync() => Task.CompletedTask;
}
