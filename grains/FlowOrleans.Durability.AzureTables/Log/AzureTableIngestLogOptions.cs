namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>Settings of an <see cref="AzureTableIngestLog"/>.</summary>
public sealed class AzureTableIngestLogOptions
{
    /// <summary>The storage account connection string (Azurite's in a local cluster). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The table that holds the partition logs (one entity per appended batch). Default <c>FlowOrleansLog</c>.</summary>
    public string LogTableName { get; set; } = "FlowOrleansLog";

    /// <summary>The table that holds each partition's committed offset and the partition count. Default <c>FlowOrleansLogCommitted</c>.</summary>
    public string CommittedTableName { get; set; } = "FlowOrleansLogCommitted";

    /// <summary>The table that holds <c>Idempotency-Key</c> records. Default <c>FlowOrleansIdempotency</c>.</summary>
    public string IdempotencyTableName { get; set; } = "FlowOrleansIdempotency";

    /// <summary>Number of partitions. Fixed for the life of the tables: opening with another count fails. Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Most events one batch entity carries; concurrent appends to a partition share one entity up to this. Default 4096.</summary>
    public int MaxEventsPerBatch { get; set; } = 4096;

    /// <summary>Largest encoded batch in bytes (one entity holds at most 960 KiB). Default 512 KiB.</summary>
    public int MaxBatchBytes { get; set; } = 512 * 1024;

    /// <summary>How often another process's appends and commits are looked for when nothing changed lately (the fastest poll). Default 100 ms.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The slowest poll, reached by doubling while nothing changes. Default 1 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long idempotency records are kept (at least 10 minutes by the contract). Default 15 minutes.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many times a batch append is retried after a storage error before its callers fail. Default 5.</summary>
    public int MaxAppendAttempts { get; set; } = 5;

    /// <summary>Clock for <c>receivedAt</c> stamps and idempotency expiry. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
