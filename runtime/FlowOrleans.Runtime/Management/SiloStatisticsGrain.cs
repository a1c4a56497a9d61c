namespace FlowOrleans.Runtime.Management;

/// <summary>Reports its own silo's numbers from <see cref="IRuntimeStatistics"/>; placed on the silo its key names.</summary>
[GrainType("floworleans.silo-statistics")]
[SiloKeyedPlacement]
internal sealed class SiloStatisticsGrain(IRuntimeStatistics statistics, TimeProvider time) : Grain, ISiloStatisticsGrain
{
    public Task<SiloReport> GetReport()
    {
        var snapshot = statistics.GetSnapshot();
        var types = snapshot.GrainTypes.Where(t => t.Activations > 0 && t.GrainType != GrainTypes.SiloStatistics).ToList();
        return Task.FromResult(new SiloReport(
            snapshot.Silo.ToString(),
            snapshot.SiloName,
            snapshot.Status,
            snapshot.StartedAt,
            (time.GetUtcNow() - snapshot.StartedAt).TotalSeconds,
            types.Sum(t => t.Activations),
            types,
            Reachable: true));
    }
}

/// <summary>The grain type names of the management grains.</summary>
internal static class GrainTypes
{
    public const string SiloStatistics = "floworleans.silo-statistics";
    public const string Management = "floworleans.management";
}
