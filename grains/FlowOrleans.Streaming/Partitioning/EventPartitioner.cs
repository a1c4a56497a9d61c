namespace FlowOrleans.Streaming.Partitioning;

/// <summary>Where events and group keys go: ingest partitions by key hash, window-grain shards by group-key hash.</summary>
public static class EventPartitioner
{
    /// <summary>
    /// The ingest partition of an event: FNV-1a of its key mod <paramref name="partitions"/>; a keyless event is
    /// spread evenly by the hash of its id.
    /// </summary>
    public static int PartitionOf(StreamEvent e, int partitions) =>
        Fnv1aHash.Bucket(e.Key ?? e.Id, partitions);

    /// <summary>The shard of a group key (the null group is shard 0).</summary>
    public static int ShardOf(string? groupKey, int shards) =>
        shards <= 1 || groupKey is null ? 0 : Fnv1aHash.Bucket(groupKey, shards);
}
