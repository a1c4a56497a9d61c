using System.Text.Json;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>Settings of <see cref="AzureTableGrainStorage"/>.</summary>
public sealed class AzureTableGrainStorageOptions
{
    /// <summary>
    /// The storage account connection string, e.g. Azurite's
    /// <c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;</c>. Required.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The table that holds grain state; created on first use. 3-63 letters or digits, starting with a letter. Default <c>FlowOrleansGrainState</c>.</summary>
    public string TableName { get; set; } = "FlowOrleansGrainState";

    /// <summary>How state is turned into JSON. Default: <see cref="JsonSerializerDefaults.General"/>.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.General);
}
