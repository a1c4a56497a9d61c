using FlowOrleans.Runtime.AzureStorage.Membership;
using FlowOrleans.Runtime.AzureStorage.Stream;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>
/// Registers the Azure Table providers. Each method is safe to call more than once: options
/// configurations add up, services are registered once, and the options are validated at start-up.
/// </summary>
public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AzureTableGrainStorage"/> as the keyed <see cref="IGrainStorage"/> <paramref name="name"/>.</summary>
    public static IServiceCollection AddAzureTableGrainStorage(
        this IServiceCollection services, string name, Action<AzureTableGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddOptions<AzureTableGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableGrainStorageOptions>, AzureTableGrainStorageOptionsValidator>());
        services.TryAddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
            new AzureTableGrainStorage(sp.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(name)));
        return services;
    }

    /// <summary>Registers <see cref="AzureTableMembershipTable"/> as the <see cref="IMembershipTable"/>.</summary>
    public static IServiceCollection AddAzureTableMembership(this IServiceCollection services, Action<AzureTableMembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AzureTableMembershipOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableMembershipOptions>, AzureTableMembershipOptionsValidator>());
        services.TryAddSingleton<IMembershipTable>(sp =>
            new AzureTableMembershipTable(sp.GetRequiredService<IOptions<AzureTableMembershipOptions>>().Value));
        return services;
    }

    /// <summary>Registers <see cref="AzureTableLogStore"/> as the <see cref="IPartitionLogStore"/>.</summary>
    public static IServiceCollection AddAzureTableLogStore(this IServiceCollection services, Action<AzureTableLogStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AzureTableLogStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableLogStoreOptions>, AzureTableLogStoreOptionsValidator>());
        services.TryAddSingleton<IPartitionLogStore>(sp =>
            new AzureTableLogStore(sp.GetRequiredService<IOptions<AzureTableLogStoreOptions>>().Value));
        return services;
    }
}
