using FlowOrleans.Runtime.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>Turns a silo into a cluster member reachable over TCP (and optionally a gateway for external clients).</summary>
public static class TcpTransportSiloBuilderExtensions
{
    /// <summary>
    /// Adds the TCP transport: <c>silo.UseTcpTransport(o =&gt; { o.SiloEndpoint = ...; o.GatewayEndpoint = ...; })</c>.
    /// The silo's address (<see cref="SiloOptions.Endpoint"/>) becomes <see cref="TcpTransportOptions.SiloEndpoint"/>.
    /// Safe to call more than once: later calls configure the same transport.
    /// </summary>
    public static ISiloBuilder UseTcpTransport(this ISiloBuilder builder, Action<TcpTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(TcpMessageTransport)))
        {
            return builder;
        }

        services.AddOptions<TcpTransportOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TcpTransportOptions>, TcpTransportOptionsValidator>());
        services.AddOptions<SiloOptions>().PostConfigure<IOptions<TcpTransportOptions>>((silo, tcp) => silo.Endpoint = tcp.Value.SiloEndpoint ?? silo.Endpoint);
        services.AddSingleton<TcpMessageTransport>();
        services.TryAddSingleton<ISiloMessageTransport>(sp => sp.GetRequiredService<TcpMessageTransport>());
        services.AddHostedService(sp => sp.GetRequiredService<TcpMessageTransport>());
        return builder;
    }
}
