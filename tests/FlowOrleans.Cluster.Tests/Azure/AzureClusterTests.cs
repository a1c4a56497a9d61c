using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Cluster.Tests.Grains;
using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Runtime.AzureStorage.Membership;
using FlowOrleans.Runtime.Membership;
using FlowOrleans.TestingHost;

namespace FlowOrleans.Cluster.Tests.Azure;

/// <summary>A TestCluster whose membership table and grain state live in a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureClusterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task On_Azure_tables_a_killed_silo_is_declared_dead_and_its_grains_resume_from_their_checkpoints()
    {
        var stateTable = AzuriteFixture.UniqueTableName("state");
        var membership = new AzureTableMembershipTable(new AzureTableMembershipOptions
        {
            ConnectionString = azurite.ConnectionString,
            TableName = AzuriteFixture.UniqueTableName("members"),
            ClusterId = "cluster-tests",
        });
        await using var cluster = new TestCluster(new TestClusterOptions
        {
            MembershipTable = () => membership,
            ConfigureMembership = o =>
            {
                o.ProbeInterval = TimeSpan.FromMilliseconds(200);
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.TableRefreshTimeout = TimeSpan.FromMilliseconds(200);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            },
            UseSharedMemoryStorage = false,
            ConfigureSilo = (silo, _) => silo.Services.AddAzureTableGrainStorage(GrainStorageNames.Default, o =>
            {
                o.ConnectionString = azurite.ConnectionString;
                o.TableName = stateTable;
            }),
        });
        await cluster.StartAsync(3);
        var keys = Enumerable.Range(0, 60).Select(i => "az-" + i).ToList();
        await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IAccountGrain>(k).Deposit(k.Length)));
        var killed = cluster.Silos[0];

        await cluster.KillSiloAsync(killed);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(15));

        var row = (await membership.ReadAllAsync()).Find(killed.SiloAddress)!;
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        var balances = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IAccountGrain>(k).Balance()));
        Assert.Equal(keys.Select(k => (long)k.Length), balances);
    }
}
