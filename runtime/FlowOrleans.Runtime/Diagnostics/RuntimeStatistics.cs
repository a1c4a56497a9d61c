using System.Collections.Concurrent;

namespace FlowOrleans.Runtime;

/// <summary>Per grain type and method counters of this silo (see <see cref="IRuntimeStatistics"/>).</summary>
internal sealed class RuntimeStatistics : IRuntimeStatistics
{
    private readonly ConcurrentDictionary<string, GrainTypeStatistics> _grainTypes = new(StringComparer.Ordinal);
    private readonly ILocalSiloDetails _silo;
    private readonly RuntimeInstruments _instruments;

    public RuntimeStatistics(ILocalSiloDetails silo, RuntimeInstruments instruments)
    {
        _silo = silo;
        _instruments = instruments;
        instruments.Attach(this);
    }

    public IEnumerable<GrainTypeStatistics> GrainTypes => _grainTypes.Values;

    public GrainTypeStatistics ForGrainType(string grainType)
        => _grainTypes.GetOrAdd(grainType, static (type, instruments) => new GrainTypeStatistics(type, instruments), _instruments);

    public RuntimeStatisticsSnapshot GetSnapshot()
    {
        var types = _grainTypes.Values.OrderBy(t => t.GrainType, StringComparer.Ordinal).ToList();
        return new RuntimeStatisticsSnapshot(
            _silo.SiloAddress,
            _silo.Name,
            _silo.Status,
            _silo.StartedAt,
            types.Select(t => new GrainTypeActivations(t.GrainType, t.Activations)).ToList(),
            types.SelectMany(t => t.Methods).Select(m => m.Snapshot())
                .OrderBy(m => m.GrainType, StringComparer.Ordinal).ThenBy(m => m.MethodName, StringComparer.Ordinal).ToList());
    }
}
