using System.Collections.Concurrent;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.Networking.Tests;

/// <summary>
/// Where grains live in a test cluster, shared by every silo of it: a key starting with <c>sN-</c> lives on silo N,
/// anything else on silo 0. <see cref="Move"/> makes one silo believe a grain lives elsewhere (membership in flux),
/// for good or for its next few placement decisions; <see cref="Decisions"/> counts a silo's decisions for a key.
/// </summary>
public sealed class ClusterLayout
{
    private readonly List<SiloAddress> _silos = [];
    private readonly ConcurrentDictionary<(SiloAddress Observer, string Key), (int Silo, int? Left)> _overrides = new();
    private readonly ConcurrentDictionary<(SiloAddress Observer, string Key), int> _decisions = new();

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

    /// <summary>
    /// From now on <paramref name="observer"/> places grain <paramref name="key"/> on silo <paramref name="silo"/>: for
    /// its next <paramref name="times"/> placement decisions of that grain, or for good.
    /// </summary>
    public void Move(SiloAddress observer, string key, int silo, int? times = null) => _overrides[(observer, key)] = (silo, times);

    /// <summary>How many times <paramref name="observer"/> has placed grain <paramref name="key"/>.</summary>
    public int Decisions(SiloAddress observer, string key) => _decisions.GetValueOrDefault((observer, key));

    public SiloAddress Owner(SiloAddress observer, GrainId grain)
    {
        var silos = Silos;
        _decisions.AddOrUpdate((observer, grain.Key), 1, static (_, n) => n + 1);
        if (TakeOverride(observer, grain.Key) is { } moved)
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

    private int? TakeOverride(SiloAddress observer, string key)
    {
        while (_overrides.TryGetValue((observer, key), out var moved))
        {
            if (moved.Left is null)
            {
                return moved.Silo;
            }

            var updated = moved.Left > 1
                ? _overrides.TryUpdate((observer, key), (moved.Silo, moved.Left - 1), moved)
                : _overrides.TryRemove(KeyValuePair.Create((observer, key), moved));
            if (updated)
            {
                return moved.Silo;
            }
        }

        return null;
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
