using System.Globalization;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>Reads query parameters with errors that name the parameter, instead of a bare 400.</summary>
internal static class QueryParameters
{
    /// <summary>Reads an integer in <c>[min, max]</c>; absent gives <paramref name="fallback"/>.</summary>
    public static bool TryInt(HttpRequest request, string name, int fallback, int min, int max, out int value, out IResult? problem)
    {
        problem = null;
        value = fallback;
        if (!request.Query.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = Problems.BadRequest($"Invalid '{name}'", $"'{name}' must be an integer from {min} to {max} (got '{raw}').");
        return false;
    }

    /// <summary>Reads an optional long.</summary>
    public static bool TryLong(HttpRequest request, string name, out long? value, out IResult? problem)
    {
        problem = null;
        value = null;
        if (!request.Query.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = Problems.BadRequest($"Invalid '{name}'", $"'{name}' must be an integer (Unix epoch milliseconds), got '{raw}'.");
        return false;
    }

    /// <summary>The <c>pipeline</c> parameter, <c>default</c> when absent.</summary>
    public static string Pipeline(HttpRequest request) =>
        request.Query.TryGetValue("pipeline", out var p) && !string.IsNullOrEmpty(p) ? p.ToString() : "default";
}
