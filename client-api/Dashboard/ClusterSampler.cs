using FlowOrleans.Runtime;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>
/// Builds the dashboard's view from the runtime's statistics when asked (nothing runs while nobody watches).
/// Rates are the change in call counts since the previous sample, over at least one second.
/// </summary>
public sealed class ClusterSampler(IRuntimeStatistics statistics, TimeProvider time) : IClusterViewSource
{
    private readonly Lock _gate = new();
    private (long At, Dictionary<string, long> Calls)? _previous;
    private Dictionary<string, double> _rates = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<ClusterView> SampleAsync() => ValueTask.FromResult(Sample());

    /// <summary>Takes a sample.</summary>
    public ClusterView Sample()
    {
        var snapshot = statistics.GetSnapshot();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var calls = snapshot.Methods.ToDictionary(m => Id(m), m => m.Calls, StringComparer.Ordinal);
        Dictionary<string, double> rates;
        lock (_gate)
        {
            if (_previous is { } previous && now - previous.At >= 1000)
            {
                var seconds = (now - previous.At) / 1000.0;
                _rates = calls.ToDictionary(c => c.Key, c => (c.Value - previous.Calls.GetValueOrDefault(c.Key)) / seconds, StringComparer.Ordinal);
                _previous = (now, calls);
            }

            _previous ??= (now, calls);
            rates = _rates;
        }

        var methods = snapshot.Methods
            .Select(m => new MethodView(m.GrainType, m.InterfaceName + "." + m.MethodName, m.Calls, m.Failures, rates.GetValueOrDefault(Id(m)), m.MeanLatencyMs, m.P50LatencyMs, m.P99LatencyMs))
            .OrderByDescending(m => m.Calls)
            .ToList();
        var types = snapshot.GrainTypes.Select(t => t.GrainType)
            .Union(snapshot.Methods.Select(m => m.GrainType), StringComparer.Ordinal)
            .Select(type =>
            {
                var ms = snapshot.Methods.Where(m => m.GrainType == type).ToList();
                var activations = snapshot.GrainTypes.FirstOrDefault(t => t.GrainType == type)?.Activations ?? 0;
                return new GrainTypeView(type, activations, ms.Sum(m => m.Calls), ms.Sum(m => m.Failures), ms.Sum(m => rates.GetValueOrDefault(Id(m))),
                    ms.Count == 0 ? 0 : ms.Max(m => m.P50LatencyMs), ms.Count == 0 ? 0 : ms.Max(m => m.P99LatencyMs));
            })
            .OrderBy(t => t.Type, StringComparer.Ordinal)
            .ToList();
        var silo = new SiloView(snapshot.Silo.ToString(), snapshot.SiloName, snapshot.Status.ToString(), snapshot.StartedAt.ToUnixTimeMilliseconds(),
            now - snapshot.StartedAt.ToUnixTimeMilliseconds(), snapshot.GrainTypes.Sum(t => t.Activations), IsLocal: true);
        return new ClusterView(now, [silo], types, methods);
    }

    private static string Id(GrainMethodStatistics m) => m.GrainType + "|" + m.InterfaceName + "|" + m.MethodName;
}
