namespace FlowOrleans.ClientApi.Hosting;

/// <summary>
/// Cluster mode of the gateway (<c>Flow:Cluster</c>). With a <see cref="ConnectionString"/> the client-api hosts no
/// silo: it connects to the silos' gateways as an external client, appends ingest to the table log and answers queries
/// from a mirror of the result tables. Without one it runs the embedded all-in-one node.
/// </summary>
public sealed class FlowClusterOptions
{
    /// <summary>The storage account the silos use (Azurite's in a local cluster). Empty: no cluster, the embedded node.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Silo gateways to connect to first (<c>host:port</c>, comma separated), e.g. from scripts/cluster.sh. Empty: the
    /// gateways come from the membership table, which the client follows either way.
    /// </summary>
    public string Gateways { get; set; } = "";

    /// <summary>The prefix of the stream tables' names; the silos must use the same. Default <c>FlowOrleans</c>.</summary>
    public string TablePrefix { get; set; } = "FlowOrleans";

    /// <summary>The cluster's id in the membership table. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>True when a cluster is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
