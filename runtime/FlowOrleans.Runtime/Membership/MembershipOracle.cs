namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// The failure-detection rules, with no I/O: given a table snapshot, this silo's probe results and the
/// current time, it decides which silos to suspect and which to declare dead. The silo's membership
/// service does the probing and the writing around it.
/// </summary>
/// <remarks>
/// Rules, in Orleans' way: a silo that misses <see cref="ClusterMembershipOptions.NumMissedProbesLimit"/>
/// probes in a row gets our vote; with <see cref="RequiredVotes"/> fresh votes it is declared dead. A silo
/// whose IAmAlive time is older than <see cref="ClusterMembershipOptions.IAmAliveStaleAfter"/>, or that a
/// newer generation on the same endpoint has replaced, is declared dead at once. Dead is final.
/// </remarks>
public sealed class MembershipOracle(ClusterMembershipOptions options)
{
    /// <summary>Decides the writes to make about other silos. Empty when this silo is itself dead or unknown.</summary>
    /// <param name="snapshot">The table as last read.</param>
    /// <param name="self">This silo.</param>
    /// <param name="missedProbes">Consecutive missed probes per silo this silo monitors.</param>
    /// <param name="now">The current time.</param>
    public IReadOnlyList<MembershipAction> Decide(
        MembershipTableData snapshot, SiloAddress self, IReadOnlyDictionary<SiloAddress, int> missedProbes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(missedProbes);
        var selfRow = snapshot.Find(self);
        if (selfRow is null || selfRow.Entry.Status == SiloStatus.Dead)
        {
            return [];
        }

        List<MembershipAction> actions = [];
        foreach (var row in snapshot.Rows)
        {
            var entry = row.Entry;
            if (entry.SiloAddress == self || entry.Status == SiloStatus.Dead)
            {
                continue;
            }

            if (IsSuperseded(snapshot, entry))
            {
                actions.Add(Dead(row, entry, "a newer generation runs on the same endpoint"));
            }
            else if (IsStale(entry, now))
            {
                actions.Add(Dead(row, entry, $"no IAmAlive since {entry.IAmAliveTime:O}"));
            }
            else if (missedProbes.TryGetValue(entry.SiloAddress, out var missed) && missed >= options.NumMissedProbesLimit)
            {
                var action = Vote(snapshot, row, self, missed, now);
                if (action is not null)
                {
                    actions.Add(action);
                }
            }
        }

        return actions;
    }

    /// <summary>Fresh votes needed to declare a silo dead when <paramref name="liveSilos"/> silos are active and not stale (the suspect included).</summary>
    public int RequiredVotes(int liveSilos) =>
        Math.Max(1, Math.Min(options.NumVotesForDeathDeclaration, (liveSilos + 1) / 2));

    /// <summary>The votes against <paramref name="entry"/> that still count: not expired, one per voter, voter not dead.</summary>
    public IReadOnlyList<SuspicionVote> FreshVotes(MembershipTableData snapshot, MembershipEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(entry);
        return [.. entry.SuspectTimes
            .Where(v => now - v.Time < options.DeathVoteExpirationTimeout)
            .Where(v => snapshot.Find(v.Voter)?.Entry.Status != SiloStatus.Dead)
            .GroupBy(v => v.Voter)
            .Select(g => g.MaxBy(v => v.Time))];
    }

    /// <summary>True when the silo has not written IAmAlive for longer than the stale limit.</summary>
    public bool IsStale(MembershipEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return now - entry.IAmAliveTime > options.IAmAliveStaleAfter;
    }

    /// <summary>True when this silo must stop: its row says <see cref="SiloStatus.Dead"/>.</summary>
    public static bool MustStop(MembershipTableData snapshot, SiloAddress self)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Find(self)?.Entry.Status == SiloStatus.Dead;
    }

    /// <summary>
    /// True when <paramref name="joining"/> may insert its row: no row exists for that generation and no
    /// newer generation runs on the same endpoint. A dead generation therefore never comes back.
    /// </summary>
    public static bool CanJoin(MembershipTableData snapshot, SiloAddress joining)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return !snapshot.Rows.Any(r => r.Entry.SiloAddress.Endpoint.Equals(joining.Endpoint)
            && r.Entry.SiloAddress.Generation >= joining.Generation);
    }

    /// <summary>Whether a row may move from <paramref name="from"/> to <paramref name="to"/>: only forward, never out of Dead.</summary>
    public static bool IsValidTransition(SiloStatus from, SiloStatus to) => from != SiloStatus.Dead && to >= from;

    private MembershipAction? Vote(MembershipTableData snapshot, MembershipRow row, SiloAddress self, int missed, DateTimeOffset now)
    {
        var fresh = FreshVotes(snapshot, row.Entry, now);
        var alreadyVoted = fresh.Any(v => v.Voter == self);
        var votes = alreadyVoted ? fresh.Count : fresh.Count + 1;
        var live = snapshot.Rows.Count(r => r.Entry.Status == SiloStatus.Active && !IsStale(r.Entry, now));
        var required = RequiredVotes(live);
        var voted = alreadyVoted ? row.Entry : row.Entry.WithVote(new SuspicionVote(self, now));
        if (votes >= required)
        {
            return Dead(row, voted, $"missed {missed} probes; {votes} of {required} votes");
        }

        return alreadyVoted
            ? null
            : new MembershipAction(MembershipActionKind.Suspect, row, voted, $"missed {missed} probes; {votes} of {required} votes");
    }

    private static bool IsSuperseded(MembershipTableData snapshot, MembershipEntry entry) =>
        snapshot.Rows.Any(r => r.Entry.SiloAddress.Endpoint.Equals(entry.SiloAddress.Endpoint)
            && r.Entry.SiloAddress.Generation > entry.SiloAddress.Generation);

    private static MembershipAction Dead(MembershipRow row, MembershipEntry entry, string reason) =>
        new(MembershipActionKind.DeclareDead, row, entry with { Status = SiloStatus.Dead }, reason);
}
