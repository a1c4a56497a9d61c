using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Durability.AzureTables.Log;

namespace FlowOrleans.Durability.AzureTables.Tests.Infrastructure;

/// <summary>The options of the table log tests: tables of their own on the shared Azurite, three partitions, small batches, fast polls.</summary>
internal static class TableLogOptions
{
    /// <summary>Options on new, uniquely named tables; <paramref name="configure"/> changes what one test class needs differently.</summary>
    public static AzureTableIngestLogOptions OnFreshTables(AzuriteFixture azurite, Action<AzureTableIngestLogOptions>? configure = null)
    {
        var options = new AzureTableIngestLogOptions
        {
            ConnectionString = azurite.ConnectionString,
            LogTableName = AzuriteFixture.UniqueTableName("log"),
            CommittedTableName = AzuriteFixture.UniqueTableName("committed"),
            IdempotencyTableName = AzuriteFixture.UniqueTableName("idem"),
            PartitionCount = 3,
            MaxEventsPerBatch = 50,
            MinPollInterval = TimeSpan.FromMilliseconds(20),
            MaxPollInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return options;
    }
}
