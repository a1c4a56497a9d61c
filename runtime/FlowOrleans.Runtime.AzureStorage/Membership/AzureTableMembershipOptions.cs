namespace FlowOrleans.Runtime.AzureStorage.Membership;

/// <summary>Settings of <see cref="AzureTableMembershipTable"/>.</summary>
public sealed class AzureTableMembershipOptions
{
    /// <summary>The storage account connection string (e.g. Azurite's). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The table that holds membership rows; created on first use. Default <c>FlowOrleansMembership</c>.</summary>
    public string TableName { get; set; } = "FlowOrleansMembership";

    /// <summary>
    /// The cluster's id, used as the PartitionKey: silos with the same id form one cluster, and all its
    /// rows sit in one partition so that row and version row change in one batch transaction. Default <c>default</c>.
    /// </summary>
    public string ClusterId { get; set; } = "default";
}
