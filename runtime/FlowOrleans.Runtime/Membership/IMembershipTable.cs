namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// The shared membership table, in Orleans' model. Every insert and update is a compare-and-swap on
/// the row's ETag and on the table version row at once: it succeeds only if neither changed since the
/// caller's snapshot, and installs <c>tableVersion.Version</c>. A lost race returns false; the caller
/// reads the table again and retries. Transport failures throw.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the table and its version row (version 0) when they do not exist yet.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads every row and the table version as one snapshot.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts a new silo row. <paramref name="tableVersion"/> is the snapshot's version after
    /// <see cref="TableVersion.Next"/>. False when the row exists or the version row changed.
    /// </summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a silo row. False when the row's ETag is not <paramref name="etag"/> or the version row
    /// changed since the snapshot <paramref name="tableVersion"/> came from.
    /// </summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes only <see cref="MembershipEntry.IAmAliveTime"/> of an existing row, without an ETag or
    /// version check (the heartbeat does not race with status changes). The row's ETag changes, so
    /// read the table again before <see cref="UpdateRowAsync"/>. Throws when the row is missing.
    /// </summary>
    Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Deletes the rows of <see cref="SiloStatus.Dead"/> silos whose IAmAlive time is before <paramref name="before"/>; returns how many.</summary>
    Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
