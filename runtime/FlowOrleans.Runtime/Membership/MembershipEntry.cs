namespace FlowOrleans.Runtime.Membership;

/// <summary>One row of the membership table: a silo generation, its status and the votes against it.</summary>
public sealed record MembershipEntry
{
    /// <summary>The silo's endpoint and generation; the row's key.</summary>
    public required SiloAddress SiloAddress { get; init; }

    /// <summary>The silo's status.</summary>
    public required SiloStatus Status { get; init; }

    /// <summary>When the silo process started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The last time the silo wrote that it is alive.</summary>
    public required DateTimeOffset IAmAliveTime { get; init; }

    /// <summary>Votes from other silos that suspect this one, oldest first.</summary>
    public IReadOnlyList<SuspicionVote> SuspectTimes { get; init; } = [];

    /// <summary>The host name of the machine running the silo.</summary>
    public string HostName { get; init; } = "";

    /// <summary>A readable silo name (e.g. <c>silo-2</c>).</summary>
    public string SiloName { get; init; } = "";

    /// <summary>The port external clients connect to (the gateway or proxy port); 0 when the silo has none.</summary>
    public int ProxyPort { get; init; }

    /// <summary>This entry with one more suspicion vote.</summary>
    public MembershipEntry WithVote(SuspicionVote vote) => this with { SuspectTimes = [.. SuspectTimes, vote] };

    /// <inheritdoc />
    public override string ToString() => $"{SiloAddress} {Status} votes={SuspectTimes.Count}";
}
