using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using static FlowOrleans.AzureStorage.Tests.Membership.MembershipEntries;

namespace FlowOrleans.AzureStorage.Tests.Membership;

/// <summary>The behaviour every <see cref="IMembershipTable"/> must have; one subclass per provider.</summary>
public abstract class MembershipTableContractTests
{
    /// <summary>A new, empty table (not yet initialized).</summary>
    protected abstract IMembershipTable CreateTable();

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero()
    {
        var table = await InitializedTableAsync();

        var data = await table.ReadAllAsync();

        Assert.Empty(data.Rows);
        Assert.Equal(0, data.Version.Version);
    }

    [Fact]
    public async Task Initialize_twice_keeps_the_rows()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1)));

        await table.InitializeAsync();

        Assert.Single((await table.ReadAllAsync()).Rows);
    }

    [Fact]
    public async Task Inserted_rows_read_back_with_every_field_and_bump_the_version()
    {
        var table = await InitializedTableAsync();
        var entry = Entry(Silo(1)).WithVote(new SuspicionVote(Silo(2, 7), T0.AddSeconds(3)));

        Assert.True(await InsertAsync(table, entry));
        Assert.True(await InsertAsync(table, Entry(Silo(2))));

        var data = await table.ReadAllAsync();
        Assert.Equal(2, data.Version.Version);
        AssertSameEntry(entry, data.Find(entry.SiloAddress)!.Entry);
    }

    [Fact]
    public async Task Inserting_the_same_silo_twice_fails()
    {
        var table = await InitializedTableAsync();
        Assert.True(await InsertAsync(table, Entry(Silo(1))));

        Assert.False(await InsertAsync(table, Entry(Silo(1))));
        Assert.Equal(1, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Insert_with_a_stale_table_version_fails()
    {
        var table = await InitializedTableAsync();
        var stale = (await table.ReadAllAsync()).Version;
        Assert.True(await InsertAsync(table, Entry(Silo(1))));

        Assert.False(await table.InsertRowAsync(Entry(Silo(2)), stale.Next()));
        Assert.Null((await table.ReadAllAsync()).Find(Silo(2)));
    }

    [Fact]
    public async Task Update_with_current_etag_and_version_succeeds()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1), SiloStatus.Joining));
        var data = await table.ReadAllAsync();
        var row = data.Find(Silo(1))!;

        Assert.True(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Active }, row.ETag, data.Version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(SiloStatus.Active, after.Find(Silo(1))!.Entry.Status);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task Update_with_a_stale_row_etag_fails()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1)));
        var old = await table.ReadAllAsync();
        var oldRow = old.Find(Silo(1))!;
        Assert.True(await table.UpdateRowAsync(oldRow.Entry with { SiloName = "first" }, oldRow.ETag, old.Version.Next()));
        var current = await table.ReadAllAsync();

        Assert.False(await table.UpdateRowAsync(oldRow.Entry with { SiloName = "second" }, oldRow.ETag, current.Version.Next()));
        Assert.Equal("first", (await table.ReadAllAsync()).Find(Silo(1))!.Entry.SiloName);
    }

    [Fact]
    public async Task Update_with_a_stale_table_version_fails_even_with_the_current_row_etag()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1)));
        var snapshot = await table.ReadAllAsync();
        Assert.True(await InsertAsync(table, Entry(Silo(2))));

        var row = snapshot.Find(Silo(1))!;
        Assert.False(await table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, snapshot.Version.Next()));
        Assert.Equal(SiloStatus.Active, (await table.ReadAllAsync()).Find(Silo(1))!.Entry.Status);
    }

    [Fact]
    public async Task Of_two_updates_from_the_same_snapshot_exactly_one_wins()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1)));
        var snapshot = await table.ReadAllAsync();
        var row = snapshot.Find(Silo(1))!;

        var results = await Task.WhenAll(
            table.UpdateRowAsync(row.Entry.WithVote(new SuspicionVote(Silo(2), T0)), row.ETag, snapshot.Version.Next()),
            table.UpdateRowAsync(row.Entry.WithVote(new SuspicionVote(Silo(3), T0)), row.ETag, snapshot.Version.Next()));

        Assert.Single(results, ok => ok);
        Assert.Single((await table.ReadAllAsync()).Find(Silo(1))!.Entry.SuspectTimes);
    }

    [Fact]
    public async Task IAmAlive_updates_only_the_heartbeat_and_not_the_version()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1)));
        var before = await table.ReadAllAsync();

        await table.UpdateIAmAliveAsync(Entry(Silo(1), SiloStatus.Dead, iAmAlive: T0.AddMinutes(1)));

        var after = await table.ReadAllAsync();
        var entry = after.Find(Silo(1))!.Entry;
        Assert.Equal(T0.AddMinutes(1), entry.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, entry.Status);
        Assert.Equal(before.Version.Version, after.Version.Version);
    }

    [Fact]
    public async Task IAmAlive_of_an_unknown_silo_throws()
    {
        var table = await InitializedTableAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => table.UpdateIAmAliveAsync(Entry(Silo(9))));
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_rows_older_than_the_cutoff()
    {
        var table = await InitializedTableAsync();
        await InsertAsync(table, Entry(Silo(1), SiloStatus.Dead, iAmAlive: T0));
        await InsertAsync(table, Entry(Silo(2), SiloStatus.Dead, iAmAlive: T0.AddHours(2)));
        await InsertAsync(table, Entry(Silo(3), SiloStatus.Active, iAmAlive: T0));

        var removed = await table.CleanupDefunctSiloEntriesAsync(T0.AddHours(1));

        Assert.Equal(1, removed);
        var left = (await table.ReadAllAsync()).Rows.Select(r => r.Entry.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([2, 3], left);
    }

    private async Task<IMembershipTable> InitializedTableAsync()
    {
        var table = CreateTable();
        await table.InitializeAsync();
        return table;
    }

    private static async Task<bool> InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync();
        return await table.InsertRowAsync(entry, data.Version.Next());
    }

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.SuspectTimes, actual.SuspectTimes);
    }
}
