namespace FlowOrleans.Streaming.Partitioning;

/// <summary>
/// The 64-bit FNV-1a hash of a string's UTF-16 code units (low byte, then high byte). Stable across processes and
/// machines, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
public static class Fnv1aHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var h = OffsetBasis;
        foreach (var c in text)
        {
            h = (h ^ (byte)c) * Prime;
            h = (h ^ (byte)(c >> 8)) * Prime;
        }

        return h;
    }

    /// <summary>The bucket of <paramref name="text"/> among <paramref name="buckets"/>.</summary>
    public static int Bucket(ReadOnlySpan<char> text, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        return (int)(Hash(text) % (ulong)buckets);
    }
}
