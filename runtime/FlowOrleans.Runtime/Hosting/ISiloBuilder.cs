using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Runtime;

/// <summary>Configures the silo: its services, options, storage providers and grain assemblies.</summary>
public interface ISiloBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }
}

/// <summary>The silo builder; one per service collection, so configuring twice adds to the same silo.</summary>
internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>Extensions of <see cref="ISiloBuilder"/>.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Configures <see cref="SiloOptions"/>.</summary>
    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<SiloOptions> configure)
    {
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Registers the generated grain code of <paramref name="assembly"/> (assemblies referenced by the app are found automatically).</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        GrainCodeRegistry.EnsureRegistered(assembly);
        return builder;
    }

    /// <summary>Registers a grain storage provider under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddGrainStorage(this ISiloBuilder builder, string name, Func<IServiceProvider, IGrainStorage> factory)
    {
        builder.Services.AddKeyedSingleton(name, (services, _) => factory(services));
        return builder;
    }

    /// <summary>Registers an in-memory grain storage provider (default name <see cref="GrainStorageNames.Default"/>).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default)
        => builder.AddGrainStorage(name, services => new MemoryGrainStorage(services.GetRequiredService<GrainStorageSerializer>()));

    /// <summary>Registers a file grain storage provider writing under <paramref name="directory"/>.</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, string directory)
        => builder.AddGrainStorage(name, services => new FileGrainStorage(directory, services.GetRequiredService<GrainStorageSerializer>()));
}
