namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// The writes a silo makes to the membership table, each a read-compare-and-swap loop: on a lost race
/// it reads the table again and retries (up to <see cref="MaxAttempts"/>), with no waiting, because a
/// conflict means someone else just succeeded. Rules from <see cref="MembershipOracle"/> are enforced:
/// a dead generation never joins again and a status never moves backwards.
/// </summary>
public sealed class MembershipTableWriter(IMembershipTable table)
{
    /// <summary>How many read-and-retry rounds one write makes before giving up.</summary>
    public const int MaxAttempts = 20;

    /// <summary>
    /// Inserts <paramref name="entry"/>. False when the generation already has a row or a newer
    /// generation runs on the same endpoint.
    /// </summary>
    public async Task<bool> TryJoinAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (!MembershipOracle.CanJoin(snapshot, entry.SiloAddress))
            {
                return false;
            }

            if (await table.InsertRowAsync(entry, snapshot.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        throw TooManyConflicts($"insert the row of {entry.SiloAddress}");
    }

    /// <summary>
    /// Moves <paramref name="silo"/> to <paramref name="status"/>. False when the silo has no row or the
    /// move is not allowed (backwards, or out of <see cref="SiloStatus.Dead"/>).
    /// </summary>
    public async Task<bool> TryUpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (snapshot.Find(silo) is not { } row || !MembershipOracle.IsValidTransition(row.Entry.Status, status))
            {
                return false;
            }

            var updated = row.Entry with { Status = status };
            if (await table.UpdateRowAsync(updated, row.ETag, snapshot.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        throw TooManyConflicts($"set {silo} to {status}");
    }

    /// <summary>
    /// Writes the oracle's <paramref name="actions"/>, decided on <paramref name="snapshot"/>, in order.
    /// Stops at the first lost race, or when another silo wrote in between (the table changed: read it
    /// and ask the oracle again), and returns how many were written.
    /// </summary>
    public async Task<int> ApplyAsync(MembershipTableData snapshot, IReadOnlyList<MembershipAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(actions);
        var version = snapshot.Version;
        var written = 0;
        foreach (var action in actions)
        {
            if (!await table.UpdateRowAsync(action.UpdatedEntry, action.Target.ETag, version.Next(), cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            written++;
            var current = (await table.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Version;
            if (current.Version != version.Version + 1)
            {
                break; // someone else wrote too: the rest of the snapshot's decisions may no longer hold
            }

            version = current;
        }

        return written;
    }

    private static InvalidOperationException TooManyConflicts(string what) =>
        new($"Could not {what}: the membership table changed under {MaxAttempts} attempts in a row.");
}
