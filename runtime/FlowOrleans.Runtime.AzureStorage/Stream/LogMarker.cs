namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>
/// A named row written in the same transaction as one append, naming <paramref name="Count"/> of its events from
/// <paramref name="Index"/> (0 = the append's first event). It outlives the truncation of its batch, so a writer that
/// crashed mid-request can later find which parts of the request are already in the log; it is deleted by age.
/// </summary>
/// <param name="Name">Unique within the partition: letters, digits, <c>-</c> and <c>_</c>, at most <see cref="MaxNameLength"/> characters.</param>
/// <param name="Index">The first event it names, within the append.</param>
/// <param name="Count">How many events it names.</param>
/// <param name="CreatedAt">Unix ms, for deletion by age.</param>
public readonly record struct LogMarker(string Name, int Index, int Count, long CreatedAt)
{
    /// <summary>Longest name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>True for a name the store can use as (part of) a row key as it is.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>A stored <see cref="LogMarker"/>: the offset of the first event it names, now absolute in the partition.</summary>
public readonly record struct StoredLogMarker(string Name, long Offset, int Count, long CreatedAt);
