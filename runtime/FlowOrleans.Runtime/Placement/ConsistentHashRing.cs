using System.Globalization;

namespace FlowOrleans.Runtime;

/// <summary>
/// A consistent hash ring over a set of silos: each silo owns <see cref="VirtualNodesPerSilo"/> points
/// (hashes of its endpoint and an index), and a grain belongs to the first point at or after its hash.
/// The ring depends only on the silos' endpoints, so every silo that sees the same membership computes
/// the same owner, and a silo that joins or leaves moves only the grains next to its own points.
/// </summary>
public sealed class ConsistentHashRing
{
    /// <summary>Points per silo; more points spread grains more evenly.</summary>
    public const int VirtualNodesPerSilo = 128;

    private readonly ulong[] _points;
    private readonly SiloAddress[] _owners;

    /// <summary>Builds the ring of <paramref name="silos"/> (order does not matter).</summary>
    public ConsistentHashRing(IEnumerable<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var points = new List<(ulong Point, SiloAddress Silo)>();
        foreach (var silo in silos.Distinct())
        {
            var endpoint = silo.Endpoint.ToString();
            for (var i = 0; i < VirtualNodesPerSilo; i++)
            {
                points.Add((StableHash.Of(endpoint + "#" + i.ToString(CultureInfo.InvariantCulture)), silo));
            }
        }

        points.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : string.CompareOrdinal(a.Silo.ToString(), b.Silo.ToString()));
        _points = [.. points.Select(p => p.Point)];
        _owners = [.. points.Select(p => p.Silo)];
        Silos = [.. points.Select(p => p.Silo).Distinct()];
    }

    /// <summary>The silos on the ring.</summary>
    public IReadOnlyList<SiloAddress> Silos { get; }

    /// <summary>True when no silo is on the ring.</summary>
    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo that owns <paramref name="grainId"/>. Throws when the ring is empty.</summary>
    public SiloAddress Owner(GrainId grainId) => OwnerOf(StableHash.Of(grainId));

    /// <summary>The silo that owns the hash <paramref name="hash"/>. Throws when the ring is empty.</summary>
    public SiloAddress OwnerOf(ulong hash)
    {
        if (_points.Length == 0)
        {
            throw new InvalidOperationException("The ring has no silos.");
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
