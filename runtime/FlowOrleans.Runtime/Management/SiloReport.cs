namespace FlowOrleans.Runtime.Management;

/// <summary>One silo as management reports it.</summary>
/// <param name="Address">The silo's address (<see cref="SiloAddress.ToString"/>).</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Status">Its membership status.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UptimeSeconds">Seconds since it started, as the silo measured them.</param>
/// <param name="Activations">Its activations, all grain types together.</param>
/// <param name="GrainTypes">Its activations per grain type.</param>
/// <param name="Reachable">False when the silo did not answer; its numbers are then zero.</param>
public sealed record SiloReport(
    string Address,
    string Name,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    long Activations,
    IReadOnlyList<GrainTypeActivations> GrainTypes,
    bool Reachable);

/// <summary>The cluster as management reports it.</summary>
/// <param name="MembershipVersion">The membership version the report was built from.</param>
/// <param name="Silos">Every silo that is not dead, in address order.</param>
/// <param name="GrainTypes">Activations per grain type, summed over the silos.</param>
public sealed record ClusterReport(long MembershipVersion, IReadOnlyList<SiloReport> Silos, IReadOnlyList<GrainTypeActivations> GrainTypes)
{
    /// <summary>All activations in the cluster.</summary>
    public long TotalActivations => Silos.Sum(s => s.Activations);
}
