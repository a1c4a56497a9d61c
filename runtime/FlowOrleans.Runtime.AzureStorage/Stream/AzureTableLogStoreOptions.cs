namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>Settings of <see cref="AzureTableLogStore"/>.</summary>
public sealed class AzureTableLogStoreOptions
{
    /// <summary>The storage account connection string (e.g. Azurite's). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The table that holds the log; created on first use. Default <c>FlowOrleansLog</c>.</summary>
    public string TableName { get; set; } = "FlowOrleansLog";

    /// <summary>
    /// The most events one append may carry. Reads use it to find the batch that holds an offset, so
    /// do not lower it while older batches remain. Default 10,000.
    /// </summary>
    public int MaxEventsPerBatch { get; set; } = 10_000;

    /// <summary>How many times an append retries when another writer moved the head at the same moment. Default 20.</summary>
    public int MaxAppendAttempts { get; set; } = 20;
}
