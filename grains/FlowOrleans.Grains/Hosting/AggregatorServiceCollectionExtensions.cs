using FlowOrleans.Streaming.Aggregation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowOrleans.Grains.Hosting;

/// <summary>Registers custom aggregators at start-up, so pipeline definitions can name them in <c>aggregates</c>.</summary>
public static class AggregatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TAggregator"/> to the node's <see cref="AggregatorRegistry"/>. Safe to call twice with the
    /// same type; two different types with one name fail at start-up.
    /// </summary>
    public static IServiceCollection AddFlowAggregator<TAggregator>(this IServiceCollection services)
        where TAggregator : class, ICustomAggregator
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICustomAggregator, TAggregator>());
        return services;
    }

    /// <summary>The built-ins, the example customs and every registered <see cref="ICustomAggregator"/>.</summary>
    internal static AggregatorRegistry CreateRegistry(IServiceProvider services)
    {
        var registry = AggregatorRegistry.CreateDefault();
        foreach (var aggregator in services.GetServices<ICustomAggregator>())
        {
            registry.Register(aggregator);
        }

        return registry;
    }
}
