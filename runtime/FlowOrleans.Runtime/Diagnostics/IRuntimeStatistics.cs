namespace FlowOrleans.Runtime;

/// <summary>
/// An in-process view of the silo's counters for the dashboard and <c>/metrics</c>. The counters are
/// maintained on the call path anyway; a snapshot is built only when asked for.
/// </summary>
public interface IRuntimeStatistics
{
    /// <summary>Takes a snapshot of the silo's counters.</summary>
    RuntimeStatisticsSnapshot GetSnapshot();
}

/// <summary>The counters of one silo at one moment.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="SiloName">The silo's name.</param>
/// <param name="Status">The silo's status.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="GrainTypes">Activations per grain type.</param>
/// <param name="Methods">Call counters per grain type and method.</param>
public sealed record RuntimeStatisticsSnapshot(
    SiloAddress Silo,
    string SiloName,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    IReadOnlyList<GrainTypeActivations> GrainTypes,
    IReadOnlyList<GrainMethodStatistics> Methods);

/// <summary>How many activations of a grain type exist.</summary>
public sealed record GrainTypeActivations(string GrainType, long Activations);

/// <summary>Calls of one grain method since the silo started. Latencies in milliseconds; percentiles are bucket upper bounds (powers of two in µs).</summary>
public sealed record GrainMethodStatistics(
    string GrainType,
    string InterfaceName,
    string MethodName,
    long Calls,
    long Failures,
    double MeanLatencyMs,
    double P50LatencyMs,
    double P99LatencyMs);
