using System.Globalization;

namespace FlowOrleans.GrainInterfaces;

/// <summary>
/// How stream grains are named. Window grains are keyed by pipeline, window start and shard
/// (<c>{pipeline}/{windowStart}/{shard}</c>); session grains by pipeline and key-hash shard
/// (<c>{pipeline}/session/{shard}</c>); the watermark grain by pipeline; partition grains by log partition.
/// </summary>
public static class GrainKeys
{
    /// <summary>The key of the pipeline catalog grain (one per cluster).</summary>
    public const string Catalog = "catalog";

    public static string Window(string pipeline, long windowStart, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{pipeline}/{windowStart}/{shard}");

    public static string Session(string pipeline, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{pipeline}/session/{shard}");

    /// <summary>Splits a window grain key into its parts.</summary>
    public static (string Pipeline, long WindowStart, int Shard) ParseWindow(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{key}' is not a window grain key ({{pipeline}}/{{windowStart}}/{{shard}}).");
        }

        return (parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Splits a session grain key into its parts.</summary>
    public static (string Pipeline, int Shard) ParseSession(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || parts[1] != "session")
        {
            throw new FormatException($"'{key}' is not a session grain key ({{pipeline}}/session/{{shard}}).");
        }

        return (parts[0], int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
