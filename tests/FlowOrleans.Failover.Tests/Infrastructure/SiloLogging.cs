using FlowOrleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Failover.Tests.Infrastructure;

internal static class SiloLogging
{
    /// <summary>Sends the silo's log to <paramref name="path"/>.</summary>
    public static ISiloBuilder AddLogging(this ISiloBuilder silo, string path, int index)
    {
        silo.Services.AddLogging(b => b.AddProvider(new FileLoggerProvider(path, $"silo-{index}")));
        return silo;
    }
}
