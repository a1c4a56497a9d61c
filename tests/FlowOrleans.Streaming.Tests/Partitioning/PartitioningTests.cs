using FlowOrleans.Streaming.Partitioning;

namespace FlowOrleans.Streaming.Tests.Partitioning;

public class PartitioningTests
{
    [Fact]
    public void Fnv1a_is_the_standard_function_over_utf16_bytes()
    {
        Assert.Equal(14695981039346656037UL, Fnv1aHash.Hash(""));
        // FNV-1a 64 of the bytes 0x61 0x00 ("a" in UTF-16LE), computed by hand from the definition.
        var expected = 14695981039346656037UL;
        expected = (expected ^ 0x61) * 1099511628211UL;
        expected = (expected ^ 0x00) * 1099511628211UL;
        Assert.Equal(expected, Fnv1aHash.Hash("a"));
        Assert.Equal(0xF00BF16AC916583EUL, Fnv1aHash.Hash("user-7")); // pinned: partitions must not move between versions
    }

    [Fact]
    public void Same_key_same_partition_and_keyless_events_spread_evenly()
    {
        Assert.Equal(EventPartitioner.PartitionOf(new StreamEvent("1", 0, null, "user-7", null), 8),
            EventPartitioner.PartitionOf(new StreamEvent("2", 5, 1, "user-7", "x"), 8));
        var counts = new int[8];
        for (var i = 0; i < 80_000; i++)
        {
            counts[EventPartitioner.PartitionOf(new StreamEvent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, null, null, null), 8)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Shards_of_group_keys()
    {
        Assert.Equal(0, EventPartitioner.ShardOf(null, 4));
        Assert.Equal(0, EventPartitioner.ShardOf("k", 1));
        var shards = Enumerable.Range(0, 1_000).Select(i => EventPartitioner.ShardOf("k" + i, 4)).ToHashSet();
        Assert.Equal(4, shards.Count);
    }
}
