using System.Text;

namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// Decodes short UTF-8 strings (grain types, keys, interface and method names) and keeps the last one seen per
/// hash slot, so a name that repeats on a connection is not allocated again. Not thread-safe: one per reader loop.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 1024;
    private const int MaxCachedLength = 128;
    private readonly Entry?[] _entries = new Entry?[Slots];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        if (utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        var slot = (int)((uint)hash.ToHashCode() % Slots);
        var entry = _entries[slot];
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Value;
        }

        var value = Encoding.UTF8.GetString(utf8);
        _entries[slot] = new Entry(utf8.ToArray(), value);
        return value;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
