using FlowOrleans.Runtime.Client;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>Adds an external cluster client (connects to silos' gateways) to a host. Safe to call more than once.</summary>
public static class ClusterClientHostingExtensions
{
    /// <summary>
    /// Adds <see cref="IClusterClient"/> and <see cref="IGrainFactory"/> backed by gateway connections. Gateways come
    /// from <see cref="ClusterClientOptions.Gateways"/>, else from a registered <see cref="IMembershipTable"/>, unless an
    /// <see cref="IGatewayListProvider"/> is registered. In a silo's container the co-hosted client stays the factory.
    /// </summary>
    public static IServiceCollection AddFlowClusterClient(this IServiceCollection services, Action<ClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ClusterClient)))
        {
            return services;
        }

        services.AddOptions<ClusterClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGatewayListProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value;
            if (options.Gateways.Count > 0)
            {
                return new StaticGatewayListProvider(options.Gateways);
            }

            return sp.GetService<IMembershipTable>() is { } table
                ? new MembershipGatewayListProvider(table)
                : throw new InvalidOperationException("The cluster client has no gateways: set ClusterClientOptions.Gateways or register an IMembershipTable or IGatewayListProvider.");
        });
        services.AddSingleton<ClusterClient>();
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClient>());
        return services;
    }
}
