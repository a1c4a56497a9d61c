using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>
/// Turns a silo into a cluster member: the membership service (join, IAmAlive, probes, votes), ring
/// placement over the active silos, and handoff of grains when membership changes. Needs an
/// <see cref="IMembershipTable"/> (in memory, or Azure Table from FlowOrleans.Runtime.AzureStorage) and an
/// <see cref="Networking.ISiloMessageTransport"/>. Safe to call more than once.
/// </summary>
public static class ClusteringHostingExtensions
{
    /// <summary>Enables clustering with the registered membership table.</summary>
    public static ISiloBuilder UseClustering(this ISiloBuilder builder, Action<ClusterMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<ClusterMembershipOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        services.TryAddSingleton<MembershipService>();
        services.TryAddSingleton<ActivationHandoff>();
        services.Replace(ServiceDescriptor.Singleton<IPlacementDirector, RingPlacementDirector>());
        return builder;
    }

    /// <summary>Enables clustering on <paramref name="table"/>, an in-memory table shared by the silos of one process.</summary>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryMembershipTable table, Action<ClusterMembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(table);
        builder.Services.TryAddSingleton<IMembershipTable>(table);
        return builder.UseClustering(configure);
    }
}
