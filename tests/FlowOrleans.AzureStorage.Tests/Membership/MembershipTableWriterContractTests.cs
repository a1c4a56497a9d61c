using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage.Membership;
using FlowOrleans.Runtime.Membership;
using static FlowOrleans.AzureStorage.Tests.Membership.MembershipEntries;

namespace FlowOrleans.AzureStorage.Tests.Membership;

/// <summary>Join, leave and no-rejoin through <see cref="MembershipTableWriter"/>, on each table provider.</summary>
public abstract class MembershipTableWriterContractTests
{
    protected abstract IMembershipTable CreateTable();

    [Fact]
    public async Task Silos_join_become_active_and_leave_gracefully()
    {
        var (table, writer) = await CreateAsync();

        Assert.True(await writer.TryJoinAsync(Entry(Silo(1), SiloStatus.Joining)));
        Assert.True(await writer.TryUpdateStatusAsync(Silo(1), SiloStatus.Active));
        Assert.True(await writer.TryUpdateStatusAsync(Silo(1), SiloStatus.ShuttingDown));
        Assert.True(await writer.TryUpdateStatusAsync(Silo(1), SiloStatus.Dead));

        var data = await table.ReadAllAsync();
        Assert.Equal(SiloStatus.Dead, data.Find(Silo(1))!.Entry.Status);
        Assert.Equal(4, data.Version.Version);
    }

    [Fact]
    public async Task Concurrent_joins_all_succeed_through_retries()
    {
        var (table, _) = await CreateAsync();

        var joined = await Task.WhenAll(Enumerable.Range(1, 6).Select(port =>
            Task.Run(() => new MembershipTableWriter(table).TryJoinAsync(Entry(Silo(port), SiloStatus.Joining)))));

        Assert.All(joined, Assert.True);
        var data = await table.ReadAllAsync();
        Assert.Equal(6, data.Rows.Count);
        Assert.Equal(6, data.Version.Version);
    }

    [Fact]
    public async Task A_dead_generation_never_comes_back_and_a_new_generation_joins()
    {
        var (table, writer) = await CreateAsync();
        await writer.TryJoinAsync(Entry(Silo(1, generation: 10)));
        await writer.TryUpdateStatusAsync(Silo(1, generation: 10), SiloStatus.Dead);

        Assert.False(await writer.TryUpdateStatusAsync(Silo(1, generation: 10), SiloStatus.Active));
        Assert.False(await writer.TryJoinAsync(Entry(Silo(1, generation: 10), SiloStatus.Joining)));
        Assert.True(await writer.TryJoinAsync(Entry(Silo(1, generation: 11), SiloStatus.Joining)));

        var data = await table.ReadAllAsync();
        Assert.Equal(SiloStatus.Dead, data.Find(Silo(1, generation: 10))!.Entry.Status);
        Assert.Equal(SiloStatus.Joining, data.Find(Silo(1, generation: 11))!.Entry.Status);
    }

    [Fact]
    public async Task Oracle_actions_from_a_stale_snapshot_are_not_written()
    {
        var (table, writer) = await CreateAsync();
        await writer.TryJoinAsync(Entry(Silo(1)));
        await writer.TryJoinAsync(Entry(Silo(2)));
        var snapshot = await table.ReadAllAsync();
        var oracle = new MembershipOracle(new ClusterMembershipOptions());
        var actions = oracle.Decide(snapshot, Silo(1), new Dictionary<Runtime.SiloAddress, int> { [Silo(2)] = 3 }, T0);
        await writer.TryJoinAsync(Entry(Silo(3)));

        Assert.Equal(0, await writer.ApplyAsync(snapshot, actions));
        Assert.Equal(SiloStatus.Active, (await table.ReadAllAsync()).Find(Silo(2))!.Entry.Status);

        var fresh = await table.ReadAllAsync();
        var again = oracle.Decide(fresh, Silo(1), new Dictionary<Runtime.SiloAddress, int> { [Silo(2)] = 3 }, T0);
        Assert.Equal(1, await writer.ApplyAsync(fresh, again));
        Assert.Equal([Silo(1)], (await table.ReadAllAsync()).Find(Silo(2))!.Entry.SuspectTimes.Select(v => v.Voter));
    }

    private async Task<(IMembershipTable Table, MembershipTableWriter Writer)> CreateAsync()
    {
        var table = CreateTable();
        await table.InitializeAsync();
        return (table, new MembershipTableWriter(table));
    }
}

public sealed class InMemoryMembershipTableWriterTests : MembershipTableWriterContractTests
{
    protected override IMembershipTable CreateTable() => new InMemoryMembershipTable();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableMembershipTableWriterTests(AzuriteFixture azurite) : MembershipTableWriterContractTests
{
    protected override IMembershipTable CreateTable() => new AzureTableMembershipTable(new AzureTableMembershipOptions
    {
        ConnectionString = azurite.ConnectionString,
        TableName = "writers",
        ClusterId = Guid.NewGuid().ToString("N"),
    });
}
