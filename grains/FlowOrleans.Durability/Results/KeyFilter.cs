namespace FlowOrleans.Durability.Results;

/// <summary>
/// The <c>key</c> filter of a results query: <see cref="Any"/> (no filter) or <see cref="Exactly"/> one group, where
/// <c>Exactly(null)</c> is the group of events without a key.
/// </summary>
public readonly record struct KeyFilter
{
    private KeyFilter(bool isSet, string? key)
    {
        IsSet = isSet;
        Key = key;
    }

    public static KeyFilter Any => default;

    /// <summary>True when the filter selects one group.</summary>
    public bool IsSet { get; }

    /// <summary>The selected group (null = the keyless group); meaningful only when <see cref="IsSet"/>.</summary>
    public string? Key { get; }

    public static KeyFilter Exactly(string? key) => new(true, key);

    public bool Matches(string? key) => !IsSet || string.Equals(Key, key, StringComparison.Ordinal);
}
