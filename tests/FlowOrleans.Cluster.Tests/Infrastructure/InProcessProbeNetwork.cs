using System.Collections.Concurrent;
using FlowOrleans.Runtime.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// A stand-in for the TCP transport in membership tests: a probe reaches a silo while its transport is
/// alive (a killed silo's is disposed with its host) and not isolated. Grain calls between silos are not
/// carried: these tests call each grain through its owner's co-hosted factory.
/// </summary>
public sealed class InProcessProbeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _listening = new();
    private readonly ConcurrentDictionary<SiloAddress, bool> _isolated = new();

    /// <summary>Registers the transport on a silo builder.</summary>
    public void AddTo(ISiloBuilder silo) =>
        silo.Services.TryAddSingleton<ISiloMessageTransport>(sp => new Transport(this, sp.GetRequiredService<ILocalSiloDetails>().SiloAddress));

    /// <summary>Cuts <paramref name="silo"/> off: its probes fail both ways.</summary>
    public void Isolate(SiloAddress silo) => _isolated[silo] = true;

    private bool CanReach(SiloAddress from, SiloAddress to) =>
        _listening.ContainsKey(to) && !_isolated.ContainsKey(to) && !_isolated.ContainsKey(from);

    private sealed class Transport : ISiloMessageTransport, IDisposable
    {
        private readonly InProcessProbeNetwork _network;
        private readonly SiloAddress _self;

        public Transport(InProcessProbeNetwork network, SiloAddress self)
        {
            _network = network;
            _self = self;
            network._listening[self] = true;
        }

        public Task<Message> SendRequestAsync(SiloAddress target, Message request, CancellationToken cancellationToken = default) =>
            Task.FromException<Message>(new SiloUnavailableException(target, "The in-process probe network carries no grain calls."));

        public Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken) =>
            _network.CanReach(_self, target)
                ? Task.CompletedTask
                : Task.FromException(new SiloUnavailableException(target, $"{target} is unreachable."));

        public void Dispose() => _network._listening.TryRemove(_self, out _);
    }
}
