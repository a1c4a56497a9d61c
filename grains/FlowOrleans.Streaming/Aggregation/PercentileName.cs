using System.Globalization;

namespace FlowOrleans.Streaming.Aggregation;

/// <summary>Parses percentile aggregate names: <c>pNN</c> or <c>pNN.N</c> with 0 &lt; NN.N &lt; 100 (p50, p99, p99.9).</summary>
public static class PercentileName
{
    /// <summary>True when <paramref name="name"/> is a percentile; <paramref name="quantile"/> is then in (0, 1).</summary>
    public static bool TryParse(string? name, out double quantile)
    {
        quantile = 0;
        if (name is null || name.Length < 2 || name.Length > 5 || name[0] != 'p')
        {
            return false;
        }

        var digits = name.AsSpan(1);
        var dot = digits.IndexOf('.');
        var whole = dot < 0 ? digits : digits[..dot];
        if (whole.Length is < 1 or > 2 || !AllDigits(whole))
        {
            return false;
        }

        if (dot >= 0 && (digits.Length - dot != 2 || !AllDigits(digits[(dot + 1)..])))
        {
            return false;
        }

        var percent = double.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (percent <= 0 || percent >= 100)
        {
            return false;
        }

        quantile = percent / 100;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
