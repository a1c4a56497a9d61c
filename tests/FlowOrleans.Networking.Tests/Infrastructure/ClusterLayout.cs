using System.Collections.Concurrent;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.Networking.Tests;

/// <summary>
/// Where grains live in a test cluster, shared by every silo of it: a key starting with <c>sN-</c> lives on silo N,
/// anything else on silo 0. <see cref="Move"/> makes one silo believe a grain lives elsewhere (membership in flux).
/// </summary>
public sealed class ClusterLayout
{
    private readonly List<SiloAddress> _silos = [];
    private readonly ConcurrentDictionary<(SiloAddress Observer, string Key), int> _overrides = new();

    public IReadOnlyList<SiloAddress> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    public void Add(SiloAddress silo)
    {
        lock (_silos)
        {
            _silos.Add(silo);
        }
    }

    /// <summary>From now on <paramref name="observer"/> places grain <paramref name="key"/> on silo <paramref name="silo"/>.</summary>
    public void Move(SiloAddress observer, string key, int silo) => _overrides[(observer, key)] = silo;

    public SiloAddress Owner(SiloAddress observer, GrainId grain)
    {
        var silos = Silos;
        if (_overrides.TryGetValue((observer, grain.Key), out var moved))
        {
            return silos[moved];
        }

        var key = grain.Key;
        if (key.Length > 2 && key[0] == 's' && char.IsAsciiDigit(key[1]) && key[2] == '-')
        {
            return silos[key[1] - '0'];
        }

        return silos[0];
    }
}

/// <summary>Placement from the shared <see cref="ClusterLayout"/>, as this silo sees it.</summary>
public sealed class LayoutPlacementDirector(ClusterLayout layout, ILocalSiloDetails localSilo) : IPlacementDirector
{
    public SiloAddress PlaceGrain(GrainId grainId) => layout.Owner(localSilo.SiloAddress, grainId);
}

/// <summary>A fixed membership view: every silo of the layout is active (until membership lands on this branch).</summary>
public sealed class LayoutMembershipView(ClusterLayout layout) : IClusterMembershipView
{
    public ClusterMembershipSnapshot Current => new(1, [.. layout.Silos.Select((s, i) => new ClusterMember(s, SiloStatus.Active, $"silo-{i}", 0, DateTimeOffset.UnixEpoch))]);

    public IDisposable Subscribe(Action<ClusterMembershipSnapshot> onChanged) => new Unsubscriber();

    private sealed class Unsubscriber : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
