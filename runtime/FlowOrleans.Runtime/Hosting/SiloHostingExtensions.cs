using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>Adds a FlowOrleans silo (and its co-hosted client) to a host. Safe to call more than once.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Adds a silo to a generic host.</summary>
    public static IHostBuilder UseFlowSilo(this IHostBuilder builder, Action<ISiloBuilder>? configure = null)
        => builder.ConfigureServices((_, services) => services.AddFlowSilo(configure));

    /// <summary>Adds a silo to an application builder (including <c>WebApplicationBuilder</c>).</summary>
    public static IHostApplicationBuilder UseFlowSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        builder.Services.AddFlowSilo(configure);
        return builder;
    }

    /// <summary>Adds the silo's services; <see cref="IGrainFactory"/> and <see cref="IClusterClient"/> resolve to the co-hosted client.</summary>
    public static IServiceCollection AddFlowSilo(this IServiceCollection services, Action<ISiloBuilder>? configure = null)
    {
        var marker = services.FirstOrDefault(d => d.ServiceType == typeof(SiloBuilder))?.ImplementationInstance as SiloBuilder;
        if (marker is null)
        {
            marker = new SiloBuilder(services);
            services.AddSingleton(marker);
            AddSiloServices(services);
        }

        configure?.Invoke(marker);
        return services;
    }

    private static void AddSiloServices(IServiceCollection services)
    {
        services.AddOptions<SiloOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LocalSiloDetails>();
        services.TryAddSingleton<ILocalSiloDetails>(sp => sp.GetRequiredService<LocalSiloDetails>());
        services.TryAddSingleton<IPlacementDirector, LocalPlacementDirector>();
        services.TryAddSingleton<Membership.ClusterMembershipView>();
        services.TryAddSingleton<Membership.IClusterMembershipView>(sp => sp.GetRequiredService<Membership.ClusterMembershipView>());
        services.TryAddSingleton(sp => new RuntimeInstruments(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<RuntimeStatistics>();
        services.TryAddSingleton<IRuntimeStatistics>(sp => sp.GetRequiredService<RuntimeStatistics>());
        services.TryAddSingleton<ActivationCatalog>();
        services.TryAddSingleton(sp =>
        {
            var context = ActivatorUtilities.CreateInstance<SiloRuntimeContext>(sp);
            context.Catalog.Initialize(context);
            context.Dispatcher = ActivatorUtilities.CreateInstance<LocalDispatcher>(sp, context);
            return context;
        });
        services.TryAddSingleton(sp => new GrainRuntime(sp.GetRequiredService<SiloRuntimeContext>()));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton(sp => new GrainStorageSerializer(sp.GetRequiredService<IOptions<SiloOptions>>(), sp.GetRequiredService<IGrainFactory>()));
        services.TryAddSingleton(sp => new MessageDispatcher(sp.GetRequiredService<GrainStorageSerializer>(), sp.GetRequiredService<SiloRuntimeContext>()));
        services.TryAddSingleton<Silo>();
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
    }
}
