using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Decides whether an incoming result changes the stored one.</summary>
public static class WindowResultContent
{
    /// <summary>
    /// An older revision never replaces a newer one; the same revision with the same content (ignoring
    /// <see cref="WindowResult.EmittedAt"/>, which differs on a re-fire after a crash) is no change.
    /// </summary>
    public static bool Replaces(WindowResult incoming, WindowResult stored)
    {
        if (incoming.Revision != stored.Revision)
        {
            return incoming.Revision > stored.Revision;
        }

        return !SameContent(incoming, stored);
    }

    public static bool SameContent(WindowResult a, WindowResult b) =>
        a.WindowEnd == b.WindowEnd
        && a.Count == b.Count
        && Nullable.Equals(a.Sum, b.Sum)
        && Nullable.Equals(a.Min, b.Min)
        && Nullable.Equals(a.Max, b.Max)
        && Nullable.Equals(a.Avg, b.Avg)
        && SameAggregates(a.Aggregates, b.Aggregates);

    private static bool SameAggregates(IReadOnlyDictionary<string, double?>? a, IReadOnlyDictionary<string, double?>? b)
    {
        if (a is null || b is null)
        {
            return (a?.Count ?? 0) == (b?.Count ?? 0);
        }

        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && Nullable.Equals(pair.Value, other));
    }
}
