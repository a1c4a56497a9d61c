using System.Globalization;

namespace FlowOrleans.Streaming.Partitioning;

/// <summary>
/// The grain keys of a pipeline: window grains <c>{pipeline}/{windowStart}/{shard}</c>, session grains
/// <c>{pipeline}/session/{shard}</c>. Pipeline names cannot contain <c>/</c>, so keys parse back unambiguously.
/// </summary>
public static class StreamGrainKeys
{
    public static string Window(string pipeline, long windowStart, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{pipeline}/{windowStart}/{shard}");

    public static string Session(string pipeline, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{pipeline}/session/{shard}");

    /// <summary>Parses a window-grain key.</summary>
    public static bool TryParseWindow(string key, out string pipeline, out long windowStart, out int shard)
    {
        pipeline = "";
        windowStart = 0;
        shard = 0;
        var parts = key.Split('/');
        if (parts.Length != 3 || parts[0].Length == 0
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out windowStart)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out shard))
        {
            return false;
        }

        pipeline = parts[0];
        return true;
    }
}
