namespace FlowOrleans.Runtime.Membership;

/// <summary>A row of a membership table snapshot: the entry and the row's ETag.</summary>
/// <param name="Entry">The silo's entry.</param>
/// <param name="ETag">The row ETag to pass to <see cref="IMembershipTable.UpdateRowAsync"/>.</param>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);

/// <summary>A consistent snapshot of the membership table: every row and the table version.</summary>
/// <param name="Rows">The silo rows.</param>
/// <param name="Version">The table version when the snapshot was read.</param>
public sealed record MembershipTableData(IReadOnlyList<MembershipRow> Rows, TableVersion Version)
{
    /// <summary>The row of <paramref name="silo"/>, or null.</summary>
    public MembershipRow? Find(SiloAddress silo) => Rows.FirstOrDefault(r => r.Entry.SiloAddress == silo);
}
