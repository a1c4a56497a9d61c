using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Runtime;

/// <summary>Resolves grain constructor parameters from the silo's services (generated code).</summary>
public static class GrainConstructorServices
{
    /// <summary>Resolves a required service.</summary>
    public static T Resolve<T>(IServiceProvider services) where T : notnull => services.GetRequiredService<T>();
}
