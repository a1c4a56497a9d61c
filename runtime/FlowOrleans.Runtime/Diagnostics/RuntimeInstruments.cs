using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlowOrleans.Runtime;

/// <summary>
/// The runtime's <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>FlowOrleans.Runtime</c>).
/// Activations, calls and failures are observable instruments read from <see cref="RuntimeStatistics"/>,
/// so they cost nothing per call; the latency histogram is recorded only while a listener is enabled.
/// </summary>
internal sealed class RuntimeInstruments : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FlowOrleans.Runtime";

    // Boxed once: a tag value is an object, and this histogram is recorded on every call.
    private static readonly object Failed = true, Succeeded = false;

    private readonly Meter _meter;
    private readonly Histogram<double> _callDuration;
    private RuntimeStatistics? _statistics;

    public RuntimeInstruments(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _callDuration = _meter.CreateHistogram<double>("floworleans.grain.call.duration", "ms", "Latency of grain calls by grain type and method.");
        _meter.CreateObservableUpDownCounter("floworleans.grain.activations", ObserveActivations, "{activation}", "Activations by grain type.");
        _meter.CreateObservableCounter("floworleans.grain.calls", () => ObserveCalls(failures: false), "{call}", "Grain calls by grain type and method.");
        _meter.CreateObservableCounter("floworleans.grain.call.failures", () => ObserveCalls(failures: true), "{call}", "Failed grain calls by grain type and method.");
    }

    public void Attach(RuntimeStatistics statistics) => _statistics = statistics;

    public void RecordCall(string grainType, GrainMethodDescriptor method, long elapsedTimestampTicks, bool failed)
    {
        if (_callDuration.Enabled)
        {
            _callDuration.Record(
                elapsedTimestampTicks * 1000.0 / Stopwatch.Frequency,
                new KeyValuePair<string, object?>("grain.type", grainType),
                new KeyValuePair<string, object?>("grain.method", method.MethodName),
                new KeyValuePair<string, object?>("failed", failed ? Failed : Succeeded));
        }
    }

    private IEnumerable<Measurement<long>> ObserveActivations()
        => _statistics?.GrainTypes.Select(t => new Measurement<long>(t.Activations, new KeyValuePair<string, object?>("grain.type", t.GrainType))) ?? [];

    private IEnumerable<Measurement<long>> ObserveCalls(bool failures)
        => _statistics?.GrainTypes.SelectMany(t => t.Methods).Select(m => new Measurement<long>(
            failures ? m.Failures : m.Calls,
            new KeyValuePair<string, object?>("grain.type", m.GrainType),
            new KeyValuePair<string, object?>("grain.method", m.Method.MethodName))) ?? [];

    public void Dispose() => _meter.Dispose();
}
