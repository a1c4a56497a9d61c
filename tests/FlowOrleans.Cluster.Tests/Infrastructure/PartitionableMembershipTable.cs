using System.Collections.Concurrent;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// An in-memory membership table that can refuse one silo's reads and writes, as a network partition
/// between that silo and the storage would. Every other silo uses it normally.
/// </summary>
public sealed class PartitionableMembershipTable
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _partitioned = new();

    /// <summary>The table itself, as the test (and any silo not partitioned) sees it.</summary>
    public InMemoryMembershipTable Table { get; } = new();

    public void Partition(SiloAddress silo) => _partitioned[silo] = true;

    public void Heal(SiloAddress silo) => _partitioned.TryRemove(silo, out _);

    /// <summary>Gives each silo its own view of the table, which fails while that silo is partitioned.</summary>
    public void AddTo(ISiloBuilder silo) =>
        silo.Services.AddSingleton<IMembershipTable>(sp => new SiloView(this, sp.GetRequiredService<ILocalSiloDetails>().SiloAddress));

    private sealed class SiloView(PartitionableMembershipTable owner, SiloAddress silo) : IMembershipTable
    {
        private InMemoryMembershipTable Table => owner._partitioned.ContainsKey(silo)
            ? throw new IOException($"The membership table is unreachable from {silo}.")
            : owner.Table;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Table.InitializeAsync(cancellationToken);

        public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) => Table.ReadAllAsync(cancellationToken);

        public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default) =>
            Table.InsertRowAsync(entry, tableVersion, cancellationToken);

        public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default) =>
            Table.UpdateRowAsync(entry, etag, tableVersion, cancellationToken);

        public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default) => Table.UpdateIAmAliveAsync(entry, cancellationToken);

        public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
            Table.CleanupDefunctSiloEntriesAsync(before, cancellationToken);
    }
}
