using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace FlowOrleans.ClientApi.Metrics;

/// <summary>
/// Collects every instrument of the FlowOrleans meters (runtime and pipeline) through a
/// <see cref="MeterListener"/> and renders them in the Prometheus text exposition format 0.0.4.
/// Counters become <c>_total</c> counters, up-down counters and gauges become gauges, histograms get
/// fixed buckets. Observable instruments are read at scrape time only, so nothing runs between scrapes.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly Lock _scrapeLock = new();

    /// <summary>
    /// Listens to every meter whose name starts with one of <paramref name="meterPrefixes"/> and, when
    /// <paramref name="scope"/> is given, that was created with that scope (the host's <see cref="IMeterFactory"/>),
    /// so two hosts in one process never mix their series.
    /// </summary>
    public PrometheusExporter(object? scope, params string[] meterPrefixes)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((scope is null || ReferenceEquals(instrument.Meter.Scope, scope))
                && meterPrefixes.Any(p => instrument.Meter.Name.StartsWith(p, StringComparison.Ordinal)))
            {
                var series = _series.GetOrAdd(instrument, static i => new Series(i, DefaultBuckets));
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _series.TryRemove(instrument, out var removed);
        _listener.SetMeasurementEventCallback<long>(static (i, m, tags, state) => ((Series)state!).Record(m, tags));
        _listener.SetMeasurementEventCallback<int>(static (i, m, tags, state) => ((Series)state!).Record(m, tags));
        _listener.SetMeasurementEventCallback<double>(static (i, m, tags, state) => ((Series)state!).Record(m, tags));
        _listener.SetMeasurementEventCallback<float>(static (i, m, tags, state) => ((Series)state!).Record(m, tags));
        _listener.Start();
    }

    /// <summary>Renders all series. Observable instruments are sampled now.</summary>
    public string Scrape()
    {
        lock (_scrapeLock)
        {
            foreach (var series in _series.Values)
            {
                series.BeginScrape();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(4096);
            foreach (var family in _series.Values.GroupBy(s => s.Name, StringComparer.Ordinal).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                // Several instruments may share a name (one per meter instance): one TYPE line for all.
                var header = true;
                foreach (var series in family)
                {
                    header &= !series.Render(text, header);
                }

                if (header)
                {
                    family.First().RenderUnused(text);
                }
            }

            return text.ToString();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    /// <summary>The Prometheus metric name for an instrument name: invalid characters become '_'.</summary>
    internal static string MetricName(string instrumentName)
    {
        var name = new StringBuilder(instrumentName.Length);
        foreach (var c in instrumentName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, '_');
        }

        return name.ToString();
    }

    /// <summary>Escapes a label value: backslash, double quote and newline.</summary>
    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private sealed class Series(Instrument instrument, double[] buckets)
    {
        private readonly ConcurrentDictionary<string, MetricCell> _cells = new(StringComparer.Ordinal);

        // The same cells by the tags as a measurement gives them: a hot instrument (the grain-call latency, once per
        // call) finds its cell without rendering, sorting or allocating its label text.
        private readonly ConcurrentDictionary<TagSet, MetricCell> _byTags = new();
        private readonly Kind _kind = KindOf(instrument);

        public string Name { get; } = NameOf(instrument);

        private enum Kind { Counter, ObservedCounter, Gauge, ObservedGauge, UpDownCounter, Histogram }

        public void Record(double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var cell = Cell(tags);
            switch (_kind)
            {
                case Kind.Counter or Kind.UpDownCounter:
                    cell.Add(measurement);
                    break;
                case Kind.Histogram:
                    cell.Observe(measurement, buckets);
                    break;
                default:
                    cell.Set(measurement);
                    break;
            }
        }

        public void BeginScrape()
        {
            // Observed series report their current value at scrape: forget series that stopped reporting.
            if (_kind is Kind.ObservedCounter or Kind.ObservedGauge)
            {
                _cells.Clear();
                _byTags.Clear();
            }
        }

        public bool Render(StringBuilder text, bool writeHeader)
        {
            if (_cells.IsEmpty)
            {
                return false;
            }

            var type = _kind switch
            {
                Kind.Counter or Kind.ObservedCounter => "counter",
                Kind.Histogram => "histogram",
                _ => "gauge",
            };
            if (writeHeader)
            {
                RenderHeader(text, type);
            }

            foreach (var cell in _cells.Values.OrderBy(c => c.Labels, StringComparer.Ordinal))
            {
                if (_kind == Kind.Histogram)
                {
                    RenderHistogram(text, cell);
                }
                else
                {
                    text.Append(Name).Append(cell.Labels).Append(' ').Append(FormatNumber(cell.Value)).Append('\n');
                }
            }

            return true;
        }

        /// <summary>A counter that has not counted yet shows as 0, so its name exists from the first scrape on.</summary>
        public bool RenderUnused(StringBuilder text)
        {
            if (_kind != Kind.Counter)
            {
                return false;
            }

            RenderHeader(text, "counter");
            text.Append(Name).Append(" 0\n");
            return true;
        }

        private void RenderHeader(StringBuilder text, string type)
        {
            if (Help(instrument) is { Length: > 0 } help)
            {
                text.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
            }

            text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        }

        private void RenderHistogram(StringBuilder text, MetricCell cell)
        {
            var cumulative = cell.CumulativeBuckets();
            var inner = cell.Labels.Length == 0 ? string.Empty : cell.Labels[1..^1] + ",";
            for (var i = 0; i <= buckets.Length; i++)
            {
                var le = i < buckets.Length ? FormatNumber(buckets[i]) : "+Inf";
                text.Append(Name).Append("_bucket{").Append(inner).Append("le=\"").Append(le).Append("\"} ").Append(cumulative[i]).Append('\n');
            }

            text.Append(Name).Append("_sum").Append(cell.Labels).Append(' ').Append(FormatNumber(cell.Sum)).Append('\n');
            text.Append(Name).Append("_count").Append(cell.Labels).Append(' ').Append(cell.Count).Append('\n');
        }

        private MetricCell Cell(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length > TagSet.MaxTags)
            {
                return CellFor(RenderLabels(tags));
            }

            var key = new TagSet(tags);
            if (_byTags.TryGetValue(key, out var cell))
            {
                return cell;
            }

            // Tags given in another order render to the same text, so they share the cell.
            cell = CellFor(RenderLabels(tags));
            _byTags.TryAdd(key, cell);
            return cell;
        }

        private MetricCell CellFor(string labels) =>
            _cells.TryGetValue(labels, out var cell)
                ? cell
                : _cells.GetOrAdd(labels, l => new MetricCell(l, _kind == Kind.Histogram ? buckets : null));

        private static string RenderLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.IsEmpty)
            {
                return string.Empty;
            }

            var ordered = tags.ToArray();
            Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var text = new StringBuilder("{");
            for (var i = 0; i < ordered.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                var value = ordered[i].Value is bool flag ? (flag ? "true" : "false") : Convert.ToString(ordered[i].Value, CultureInfo.InvariantCulture) ?? string.Empty;
                text.Append(MetricName(ordered[i].Key)).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
            }

            return text.Append('}').ToString();
        }

        /// <summary>The description, escaped as HELP text needs, with the unit when it is a real one (not an annotation like <c>{call}</c>).</summary>
        private static string Help(Instrument instrument)
        {
            var help = (instrument.Description ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return instrument.Unit is { Length: > 0 } unit && !unit.StartsWith('{') && !help.Contains(unit, StringComparison.Ordinal)
                ? (help.Length == 0 ? $"Unit: {unit}." : $"{help.TrimEnd('.')} ({unit}).")
                : help;
        }

        private static Kind KindOf(Instrument instrument)
        {
            var type = instrument.GetType();
            var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            return generic switch
            {
                _ when generic == typeof(Counter<>) => Kind.Counter,
                _ when generic == typeof(ObservableCounter<>) => Kind.ObservedCounter,
                _ when generic == typeof(UpDownCounter<>) => Kind.UpDownCounter,
                _ when generic == typeof(Histogram<>) => Kind.Histogram,
                _ when generic == typeof(Gauge<>) => Kind.Gauge,
                _ => Kind.ObservedGauge,
            };
        }

        private static string NameOf(Instrument instrument)
        {
            var name = MetricName(instrument.Name);
            var isCounter = KindOf(instrument) is Kind.Counter or Kind.ObservedCounter;
            return isCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
        }
    }

    /// <summary>
    /// Up to <see cref="MaxTags"/> tags of one measurement, in the order given, compared by key (ordinal) and value
    /// (<see cref="object.Equals(object?, object?)"/>): a cache key for a label set that costs no allocation to build.
    /// </summary>
    internal readonly struct TagSet : IEquatable<TagSet>
    {
        public const int MaxTags = 4;

        private readonly KeyValuePair<string, object?> _tag0, _tag1, _tag2, _tag3;
        private readonly int _count;
        private readonly int _hash;

        public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(tags.Length, MaxTags);
            _count = tags.Length;
            var hash = new HashCode();
            for (var i = 0; i < tags.Length; i++)
            {
                hash.Add(tags[i].Key, StringComparer.Ordinal);
                hash.Add(tags[i].Value);
            }

            _hash = hash.ToHashCode();
            _tag0 = _count > 0 ? tags[0] : default;
            _tag1 = _count > 1 ? tags[1] : default;
            _tag2 = _count > 2 ? tags[2] : default;
            _tag3 = _count > 3 ? tags[3] : default;
        }

        public bool Equals(TagSet other) =>
            _hash == other._hash && _count == other._count
            && Same(_tag0, other._tag0) && Same(_tag1, other._tag1) && Same(_tag2, other._tag2) && Same(_tag3, other._tag3);

        public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

        public override int GetHashCode() => _hash;

        private static bool Same(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
            string.Equals(a.Key, b.Key, StringComparison.Ordinal) && Equals(a.Value, b.Value);
    }
}
