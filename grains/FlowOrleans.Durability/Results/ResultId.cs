namespace FlowOrleans.Durability.Results;

/// <summary>What identifies a window result: (pipeline, key, windowStart). A later revision replaces the earlier one.</summary>
public readonly record struct ResultId(string Pipeline, string? Key, long WindowStart)
{
    /// <summary>Orders results of one pipeline by windowStart, then key (the null key first, then ordinal).</summary>
    public static IComparer<ResultId> WindowThenKey { get; } = Comparer<ResultId>.Create(static (a, b) =>
    {
        var byStart = a.WindowStart.CompareTo(b.WindowStart);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.Key, b.Key);
    });
}
