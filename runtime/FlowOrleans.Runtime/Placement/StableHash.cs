namespace FlowOrleans.Runtime;

/// <summary>
/// A hash that is the same in every process and on every run (unlike <see cref="string.GetHashCode()"/>):
/// 64-bit FNV-1a over the UTF-16 code units, then a final avalanche mix so that similar keys
/// (<c>grain/1</c>, <c>grain/2</c>) land far apart on the ring.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The hash of <paramref name="text"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> text) => Mix(Append(OffsetBasis, text));

    /// <summary>The hash of a grain id (its type, a separator, its key).</summary>
    public static ulong Of(GrainId grainId) => Mix(Append(Append(Append(OffsetBasis, grainId.Type), "/"), grainId.Key));

    private static ulong Append(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }

    // The 64-bit finalizer of MurmurHash3: every input bit affects every output bit.
    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
