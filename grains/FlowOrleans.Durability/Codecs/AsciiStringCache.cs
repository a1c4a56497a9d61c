using System.Numerics;
using System.Text;

namespace FlowOrleans.Durability.Codecs;

/// <summary>
/// Hands out one shared string for each short ASCII byte sequence seen again, so the keys and types that repeat on
/// every event (a few hundred distinct values in practice) are not allocated per event when a body is parsed or a
/// log frame decoded. A direct-mapped table: a colliding value replaces the slot's string, so memory stays bounded
/// whatever arrives. Lock-free: a slot holds a whole string reference, and a hit is checked byte by byte, so a race
/// only ever costs an allocation.
/// </summary>
public sealed class AsciiStringCache
{
    /// <summary>Longer values are decoded every time (ids and free text are rarely repeated).</summary>
    public const int MaxLength = 64;

    private readonly string?[] _slots;

    /// <summary>A cache of <paramref name="slots"/> entries (rounded up to a power of two).</summary>
    public AsciiStringCache(int slots) =>
        _slots = new string?[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(slots, 1))];

    /// <summary>The cache the ingest path shares (4,096 slots: 32 KiB of references).</summary>
    public static AsciiStringCache Shared { get; } = new(4_096);

    /// <summary>
    /// The string for <paramref name="utf8"/> when it is ASCII and at most <see cref="MaxLength"/> bytes; null
    /// otherwise, and the caller decodes it itself.
    /// </summary>
    public string? GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength || !Ascii.IsValid(utf8))
        {
            return null;
        }

        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        ref var slot = ref _slots[hash & (uint)(_slots.Length - 1)];
        var cached = Volatile.Read(ref slot);
        if (cached is not null && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var created = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref slot, created);
        return created;
    }
}
