using System.Globalization;
using System.Text;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>
/// Makes any string a valid PartitionKey or RowKey. Azure Table forbids <c>/ \ # ?</c> and control
/// characters in keys; each of those, and the escape character <c>~</c> itself, becomes <c>~XXXX</c>
/// (four hex digits of the UTF-16 code unit). The mapping is one-to-one, so two ids never share a key.
/// </summary>
public static class AzureTableKeyEncoder
{
    /// <summary>The longest key Azure Table accepts, in characters (1 KiB).</summary>
    public const int MaxKeyLength = 1024;

    private const char Escape = '~';

    /// <summary>Escapes <paramref name="value"/>. Throws <see cref="ArgumentException"/> when the result exceeds <see cref="MaxKeyLength"/>.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                builder ??= new StringBuilder(value, 0, i, value.Length + 16);
                builder.Append(Escape).Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder?.Append(c);
            }
        }

        var key = builder?.ToString() ?? value;
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException(
                $"The table key for '{Truncate(value)}' is {key.Length} characters after escaping; Azure Table allows {MaxKeyLength}.", nameof(value));
        }

        return key;
    }

    /// <summary>Reverses <see cref="Encode"/>.</summary>
    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(Escape, StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == Escape && i + 4 < key.Length)
            {
                builder.Append((char)int.Parse(key.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
            else
            {
                builder.Append(key[i]);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or Escape || char.IsControl(c);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
