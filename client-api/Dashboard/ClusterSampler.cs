using FlowOrleans.Runtime;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>
/// Builds the dashboard's view from <see cref="IClusterStatisticsSource"/> when asked (nothing runs while nobody watches).
/// Counters of several silos are added up per grain type and method; a latency percentile over silos is the largest
/// of theirs. Rates are the change in call counts since the previous sample, over at least one second.
/// </summary>
public sealed class ClusterSampler(IClusterStatisticsSource source, TimeProvider time)
{
    private readonly Lock _gate = new();
    private (long At, Dictionary<string, long> Calls)? _previous;
    private Dictionary<string, double> _rates = new(StringComparer.Ordinal);
    private long _rateWindowMs;

    /// <summary>Takes a sample.</summary>
    public async ValueTask<ClusterView> SampleAsync(CancellationToken cancellationToken)
    {
        // Counters first: on a cluster gateway, reading them is what refreshes the silo list (the first sample included).
        var counters = await source.GetCountersAsync(cancellationToken);
        var silos = source.GetSilos();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var methods = MergeMethods(counters);
        var (rates, rateWindowMs) = UpdateRates(now, methods.ToDictionary(m => m.Key, m => m.Value.Calls, StringComparer.Ordinal));

        var methodViews = methods
            .Select(m => new MethodView(m.Value.GrainType, m.Value.InterfaceName + "." + m.Value.MethodName, m.Value.Calls, m.Value.Failures,
                rates.GetValueOrDefault(m.Key), m.Value.MeanLatencyMs, m.Value.P50LatencyMs, m.Value.P99LatencyMs))
            .OrderByDescending(m => m.Calls)
            .ToList();
        var activations = counters.SelectMany(c => c.GrainTypes)
            .GroupBy(t => t.GrainType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Activations), StringComparer.Ordinal);
        var types = activations.Keys
            .Union(methods.Values.Select(m => m.GrainType), StringComparer.Ordinal)
            .Select(type =>
            {
                var ms = methods.Where(m => m.Value.GrainType == type).ToList();
                return new GrainTypeView(type, activations.GetValueOrDefault(type), ms.Sum(m => m.Value.Calls), ms.Sum(m => m.Value.Failures),
                    ms.Sum(m => rates.GetValueOrDefault(m.Key)),
                    ms.Count == 0 ? 0 : ms.Max(m => m.Value.P50LatencyMs), ms.Count == 0 ? 0 : ms.Max(m => m.Value.P99LatencyMs));
            })
            .OrderBy(t => t.Type, StringComparer.Ordinal)
            .ToList();
        var siloViews = silos.Select(s =>
        {
            var own = counters.FirstOrDefault(c => c.Silo == s.Address);
            var startedAt = s.StartedAt.ToUnixTimeMilliseconds();
            return new SiloView(s.Address.ToString(), s.Name, s.Status.ToString(), startedAt, Math.Max(0, now - startedAt),
                own?.GrainTypes.Sum(t => t.Activations) ?? 0, s.IsLocal);
        }).ToList();
        return new ClusterView(now, rateWindowMs, siloViews, types, methodViews);
    }

    /// <summary>Calls per second per method since the previous sample, and over how long (0 before a second sample).</summary>
    private (Dictionary<string, double> Rates, long WindowMs) UpdateRates(long now, Dictionary<string, long> calls)
    {
        lock (_gate)
        {
            if (_previous is { } previous && now - previous.At >= 1000)
            {
                var seconds = (now - previous.At) / 1000.0;
                _rates = calls.ToDictionary(c => c.Key, c => Math.Max(0, c.Value - previous.Calls.GetValueOrDefault(c.Key)) / seconds, StringComparer.Ordinal);
                _rateWindowMs = now - previous.At;
                _previous = (now, calls);
            }

            _previous ??= (now, calls);
            return (_rates, _rateWindowMs);
        }
    }

    /// <summary>One entry per (grain type, interface, method), added up over silos.</summary>
    private static Dictionary<string, GrainMethodStatistics> MergeMethods(IReadOnlyList<RuntimeStatisticsSnapshot> counters)
    {
        var merged = new Dictionary<string, GrainMethodStatistics>(StringComparer.Ordinal);
        foreach (var m in counters.SelectMany(c => c.Methods))
        {
            var id = m.GrainType + "|" + m.InterfaceName + "|" + m.MethodName;
            merged[id] = merged.TryGetValue(id, out var seen)
                ? seen with
                {
                    Calls = seen.Calls + m.Calls,
                    Failures = seen.Failures + m.Failures,
                    MeanLatencyMs = seen.Calls + m.Calls == 0 ? 0 : ((seen.MeanLatencyMs * seen.Calls) + (m.MeanLatencyMs * m.Calls)) / (seen.Calls + m.Calls),
                    P50LatencyMs = Math.Max(seen.P50LatencyMs, m.P50LatencyMs),
                    P99LatencyMs = Math.Max(seen.P99LatencyMs, m.P99LatencyMs),
                }
                : m;
        }

        return merged;
    }
}
