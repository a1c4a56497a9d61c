using System.Globalization;
using FlowOrleans.Durability.AzureTables.Idempotency;
using FlowOrleans.Runtime.AzureStorage.Stream;

namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>
/// The parts of one idempotent request in the log. A request's events of one partition are appended in one or more
/// batches; each such part carries a <see cref="LogMarker"/>, written in the batch's own transaction, named after the
/// key's hash and the part's first position among the request's events of that partition. A gateway that died between
/// the parts and the idempotency record leaves markers behind; the repeat of the request reads them back and appends only
/// the positions no marker names, whatever gateway it reaches.
/// </summary>
internal static class IdempotentParts
{
    /// <summary>The marker name of the part of <paramref name="key"/> that starts at position <paramref name="start"/>.</summary>
    public static string Name(string key, int start) => Prefix(key) + start.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>
    /// The key's unexpired markers (created at or after <paramref name="cutoff"/>) in <paramref name="partition"/>. Expired
    /// ones are deleted first: the key is new again, and its parts will want their names.
    /// </summary>
    public static async Task<IReadOnlyList<StoredLogMarker>> ReadAsync(IPartitionLogStore store, string partition, string key, long cutoff, CancellationToken cancellationToken)
    {
        var markers = await store.ReadMarkersAsync(partition, Prefix(key), cancellationToken).ConfigureAwait(false);
        if (markers.Any(m => m.CreatedAt < cutoff))
        {
            await store.DeleteMarkersAsync(partition, cutoff, cancellationToken).ConfigureAwait(false);
        }

        return markers.Where(m => m.CreatedAt >= cutoff).ToList();
    }

    /// <summary>
    /// Sets the offsets of the positions <paramref name="stored"/> names (position <c>i</c> is event
    /// <c>indexes[i]</c> of the request) and returns the runs of positions none names, which still have to be appended.
    /// </summary>
    public static List<(int Start, int Count)> Missing(IReadOnlyList<StoredLogMarker> stored, List<int> indexes, long[] offsets)
    {
        var named = new bool[indexes.Count];
        foreach (var marker in stored)
        {
            var start = StartOf(marker);
            for (var i = 0; i < marker.Count && start + i < indexes.Count; i++)
            {
                named[start + i] = true;
                offsets[indexes[start + i]] = marker.Offset + i;
            }
        }

        List<(int Start, int Count)> runs = [];
        for (var i = 0; i < named.Length; i++)
        {
            if (named[i])
            {
                continue;
            }

            var start = i;
            while (i + 1 < named.Length && !named[i + 1])
            {
                i++;
            }

            runs.Add((start, i - start + 1));
        }

        return runs;
    }

    /// <summary>
    /// The first offset of a part whose append found its marker already stored (another gateway appended the same part
    /// meanwhile): what that marker says, if it names the same events.
    /// </summary>
    public static async Task<long> StoredOffsetAsync(IPartitionLogStore store, string partition, string name, int count, CancellationToken cancellationToken)
    {
        var marker = (await store.ReadMarkersAsync(partition, name, cancellationToken).ConfigureAwait(false)).SingleOrDefault(m => m.Name == name);
        return marker.Name == name && marker.Count == count
            ? marker.Offset
            : throw new IOException($"Log partition {partition} holds marker {name} for {marker.Count} events where this request has {count}: "
                + "two different requests were sent with the same Idempotency-Key at the same time.");
    }

    private static string Prefix(string key) => IdempotencyTable.KeyHash(key) + "-";

    private static int StartOf(StoredLogMarker marker) =>
        int.Parse(marker.Name.AsSpan(marker.Name.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
}
