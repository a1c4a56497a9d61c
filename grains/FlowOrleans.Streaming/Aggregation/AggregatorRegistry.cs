using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// The aggregates pipelines may name: the built-ins (count, sum, min, max, avg), percentiles <c>pNN</c>/<c>pNN.N</c>,
/// and custom aggregators registered at start-up. <see cref="CreateDefault"/> also registers <c>stddev</c> and <c>range</c>.
/// </summary>
public sealed class AggregatorRegistry
{
    /// <summary>The aggregates every window result carries as fields.</summary>
    public static IReadOnlyList<string> BuiltIns { get; } = ["count", "sum", "min", "max", "avg"];

    private readonly Dictionary<string, ICustomAggregator> _customs = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-ins and the example customs <c>stddev</c> and <c>range</c>.</summary>
    public static AggregatorRegistry CreateDefault()
    {
        var registry = new AggregatorRegistry();
        registry.Register(new StdDevAggregator());
        registry.Register(new RangeAggregator());
        return registry;
    }

    /// <summary>Adds a custom aggregator; throws when its name is invalid or taken.</summary>
    public AggregatorRegistry Register(ICustomAggregator aggregator)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        var name = aggregator.Name;
        if (!PipelineValidator.IsValidName(name) || IsBuiltIn(name) || PercentileName.TryParse(name, out _))
        {
            throw new ArgumentException($"'{name}' cannot name a custom aggregator", nameof(aggregator));
        }

        if (aggregator.StateSize is < 0 or > 256)
        {
            throw new ArgumentException("StateSize must be 0..256", nameof(aggregator));
        }

        if (!_customs.TryAdd(name, aggregator))
        {
            throw new ArgumentException($"an aggregator named '{name}' is already registered", nameof(aggregator));
        }

        return this;
    }

    public IReadOnlyCollection<string> CustomNames => _customs.Keys;

    public bool IsKnown(string? name) =>
        name is not null && (IsBuiltIn(name) || PercentileName.TryParse(name, out _) || _customs.ContainsKey(name));

    /// <summary>The plan for these aggregate names; throws <see cref="ArgumentException"/> on an unknown one.</summary>
    public AggregatePlan Resolve(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return AggregatePlan.Basic;
        }

        var percentiles = new List<(string, double)>();
        var customs = new List<ICustomAggregator>();
        foreach (var name in names)
        {
            if (IsBuiltIn(name))
            {
                continue;
            }

            if (PercentileName.TryParse(name, out var q))
            {
                percentiles.Add((name, q));
            }
            else if (_customs.TryGetValue(name, out var custom))
            {
                customs.Add(custom);
            }
            else
            {
                throw new ArgumentException($"unknown aggregate '{name}'", nameof(names));
            }
        }

        return percentiles.Count == 0 && customs.Count == 0 ? AggregatePlan.Basic : new AggregatePlan(percentiles, customs);
    }

    private static bool IsBuiltIn(string name)
    {
        foreach (var b in BuiltIns)
        {
            if (string.Equals(b, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
