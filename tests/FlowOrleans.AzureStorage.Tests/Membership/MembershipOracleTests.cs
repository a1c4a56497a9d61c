using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using static FlowOrleans.AzureStorage.Tests.Membership.MembershipEntries;

namespace FlowOrleans.AzureStorage.Tests.Membership;

public sealed class MembershipOracleTests
{
    private static readonly SiloAddress Self = Silo(1);
    private static readonly SiloAddress Other = Silo(2);
    private static readonly SiloAddress Suspect = Silo(3);
    private static readonly DateTimeOffset Now = T0.AddSeconds(10);
    private readonly MembershipOracle _oracle = new(new ClusterMembershipOptions());

    [Fact]
    public void Fewer_missed_probes_than_the_limit_change_nothing()
    {
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Other, iAmAlive: Now), Entry(Suspect, iAmAlive: Now));

        Assert.Empty(_oracle.Decide(snapshot, Self, Missed(Suspect, 2), Now));
    }

    [Fact]
    public void Missing_the_probe_limit_adds_our_vote_when_one_vote_is_not_enough()
    {
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Other, iAmAlive: Now), Entry(Suspect, iAmAlive: Now));

        var action = Assert.Single(_oracle.Decide(snapshot, Self, Missed(Suspect, 3), Now));

        Assert.Equal(MembershipActionKind.Suspect, action.Kind);
        Assert.Equal(SiloStatus.Active, action.UpdatedEntry.Status);
        Assert.Equal([new SuspicionVote(Self, Now)], action.UpdatedEntry.SuspectTimes);
        Assert.Equal("etag2", action.Target.ETag);
    }

    [Fact]
    public void Our_vote_on_top_of_a_fresh_vote_declares_the_silo_dead()
    {
        var suspect = Entry(Suspect, iAmAlive: Now).WithVote(new SuspicionVote(Other, Now.AddSeconds(-1)));
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Other, iAmAlive: Now), suspect);

        var action = Assert.Single(_oracle.Decide(snapshot, Self, Missed(Suspect, 3), Now));

        Assert.Equal(MembershipActionKind.DeclareDead, action.Kind);
        Assert.Equal(SiloStatus.Dead, action.UpdatedEntry.Status);
        Assert.Equal(2, action.UpdatedEntry.SuspectTimes.Count);
    }

    [Fact]
    public void Expired_votes_do_not_count()
    {
        var options = new ClusterMembershipOptions();
        var suspect = Entry(Suspect, iAmAlive: Now).WithVote(new SuspicionVote(Other, Now - options.DeathVoteExpirationTimeout));
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Other, iAmAlive: Now), suspect);

        var action = Assert.Single(_oracle.Decide(snapshot, Self, Missed(Suspect, 3), Now));

        Assert.Equal(MembershipActionKind.Suspect, action.Kind);
    }

    [Fact]
    public void Votes_of_dead_silos_do_not_count()
    {
        var suspect = Entry(Suspect, iAmAlive: Now).WithVote(new SuspicionVote(Other, Now));
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Other, SiloStatus.Dead, Now), Entry(Silo(4), iAmAlive: Now), suspect);

        Assert.Empty(_oracle.FreshVotes(snapshot, suspect, Now));
        Assert.Equal(MembershipActionKind.Suspect, Assert.Single(_oracle.Decide(snapshot, Self, Missed(Suspect, 3), Now)).Kind);
    }

    [Fact]
    public void We_do_not_vote_twice()
    {
        var suspect = Entry(Suspect, iAmAlive: Now).WithVote(new SuspicionVote(Self, Now.AddSeconds(-2)));
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Other, iAmAlive: Now), suspect);

        Assert.Empty(_oracle.Decide(snapshot, Self, Missed(Suspect, 5), Now));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(10, 2)]
    public void Required_votes_are_capped_by_half_the_live_silos(int liveSilos, int required)
    {
        Assert.Equal(required, _oracle.RequiredVotes(liveSilos));
    }

    [Fact]
    public void In_a_two_silo_cluster_one_vote_declares_death()
    {
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Suspect, iAmAlive: Now));

        var action = Assert.Single(_oracle.Decide(snapshot, Self, Missed(Suspect, 3), Now));

        Assert.Equal(MembershipActionKind.DeclareDead, action.Kind);
    }

    [Fact]
    public void A_silo_with_a_stale_IAmAlive_is_declared_dead_without_probes()
    {
        var options = new ClusterMembershipOptions();
        var stale = Entry(Suspect, iAmAlive: Now - options.IAmAliveStaleAfter - TimeSpan.FromSeconds(1));
        var fresh = Entry(Other, iAmAlive: Now - options.IAmAliveStaleAfter + TimeSpan.FromSeconds(1));
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), fresh, stale);

        var action = Assert.Single(_oracle.Decide(snapshot, Self, new Dictionary<SiloAddress, int>(), Now));

        Assert.Equal(Suspect, action.Target.Entry.SiloAddress);
        Assert.Equal(MembershipActionKind.DeclareDead, action.Kind);
    }

    [Fact]
    public void Dead_silos_get_no_further_writes()
    {
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Suspect, SiloStatus.Dead, T0.AddDays(-1)));

        Assert.Empty(_oracle.Decide(snapshot, Self, Missed(Suspect, 10), Now));
    }

    [Fact]
    public void A_silo_that_is_itself_dead_decides_nothing_and_must_stop()
    {
        var snapshot = Snapshot(Entry(Self, SiloStatus.Dead, Now), Entry(Suspect, iAmAlive: Now));

        Assert.Empty(_oracle.Decide(snapshot, Self, Missed(Suspect, 3), Now));
        Assert.True(MembershipOracle.MustStop(snapshot, Self));
        Assert.False(MembershipOracle.MustStop(snapshot, Suspect));
    }

    [Theory]
    [InlineData(SiloStatus.Joining, SiloStatus.Active, true)]
    [InlineData(SiloStatus.Active, SiloStatus.ShuttingDown, true)]
    [InlineData(SiloStatus.Active, SiloStatus.Dead, true)]
    [InlineData(SiloStatus.Active, SiloStatus.Joining, false)]
    [InlineData(SiloStatus.Dead, SiloStatus.Active, false)]
    [InlineData(SiloStatus.Dead, SiloStatus.Joining, false)]
    [InlineData(SiloStatus.Dead, SiloStatus.Dead, false)]
    public void Status_only_moves_forward_and_never_out_of_dead(SiloStatus from, SiloStatus to, bool valid)
    {
        Assert.Equal(valid, MembershipOracle.IsValidTransition(from, to));
    }

    [Fact]
    public void A_dead_generation_cannot_join_again_but_a_new_generation_can()
    {
        var snapshot = Snapshot(Entry(Silo(3, generation: 5), SiloStatus.Dead));

        Assert.False(MembershipOracle.CanJoin(snapshot, Silo(3, generation: 5)));
        Assert.False(MembershipOracle.CanJoin(snapshot, Silo(3, generation: 4)));
        Assert.True(MembershipOracle.CanJoin(snapshot, Silo(3, generation: 6)));
    }

    [Fact]
    public void An_older_generation_on_the_same_endpoint_is_declared_dead_when_a_newer_one_appears()
    {
        var snapshot = Snapshot(Entry(Self, iAmAlive: Now), Entry(Silo(3, 5), iAmAlive: Now), Entry(Silo(3, 6), SiloStatus.Joining, Now));

        var action = Assert.Single(_oracle.Decide(snapshot, Self, new Dictionary<SiloAddress, int>(), Now));

        Assert.Equal(Silo(3, 5), action.Target.Entry.SiloAddress);
        Assert.Equal(MembershipActionKind.DeclareDead, action.Kind);
    }

    private static Dictionary<SiloAddress, int> Missed(SiloAddress silo, int count) => new() { [silo] = count };
}
