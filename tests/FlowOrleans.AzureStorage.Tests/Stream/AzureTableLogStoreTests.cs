using System.Text;
using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Runtime.AzureStorage.Stream;

namespace FlowOrleans.AzureStorage.Tests.Stream;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableLogStoreTests(AzuriteFixture azurite)
{
    private readonly AzureTableLogStoreOptions _options = new()
    {
        ConnectionString = azurite.ConnectionString,
        TableName = AzuriteFixture.UniqueTableName("log"),
        MaxEventsPerBatch = 100,
    };

    [Fact]
    public async Task An_empty_log_starts_at_offset_zero()
    {
        var log = new AzureTableLogStore(_options);

        Assert.Equal(0, await log.GetNextOffsetAsync("p0"));
        Assert.Empty(await log.ReadAsync("p0", 0, 10));
    }

    [Fact]
    public async Task Appended_batches_read_back_in_order_with_consecutive_offsets()
    {
        var log = new AzureTableLogStore(_options);

        Assert.Equal(0, await log.AppendAsync("p0", Events("a", "b", "c")));
        Assert.Equal(3, await log.AppendAsync("p0", Events("d")));
        Assert.Equal(4, await log.AppendAsync("p0", Events("e", "f")));

        var records = await log.ReadAsync("p0", 0, 100);
        Assert.Equal([0L, 1, 2, 3, 4, 5], records.Select(r => r.Offset));
        Assert.Equal(["a", "b", "c", "d", "e", "f"], records.Select(Text));
        Assert.Equal(6, await log.GetNextOffsetAsync("p0"));
    }

    [Fact]
    public async Task Reads_start_inside_a_batch_and_stop_at_the_limit()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("p0", Events("a", "b", "c"));
        await log.AppendAsync("p0", Events("d", "e", "f"));

        var records = await log.ReadAsync("p0", 2, 3);

        Assert.Equal([2L, 3, 4], records.Select(r => r.Offset));
        Assert.Equal(["c", "d", "e"], records.Select(Text));
    }

    [Fact]
    public async Task Partitions_are_independent_and_names_are_escaped()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("pipe/0", Events("x"));
        await log.AppendAsync("pipe#0", Events("y", "z"));

        Assert.Equal(["x"], (await log.ReadAsync("pipe/0", 0, 10)).Select(Text));
        Assert.Equal(["y", "z"], (await log.ReadAsync("pipe#0", 0, 10)).Select(Text));
    }

    [Fact]
    public async Task Concurrent_writers_never_share_or_skip_an_offset()
    {
        var writers = new[] { new AzureTableLogStore(_options), new AzureTableLogStore(_options) };

        await Task.WhenAll(writers.Select((log, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                await log.AppendAsync("p0", Events($"{w}-{i}-a", $"{w}-{i}-b"));
            }
        })));

        var records = await writers[0].ReadAsync("p0", 0, 1000);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (long)i), records.Select(r => r.Offset));
        Assert.Equal(32, records.Select(Text).Distinct().Count());
    }

    [Fact]
    public async Task An_append_fenced_on_a_stale_offset_fails_and_writes_nothing()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("p0", Events("a"), expectedOffset: 0);

        var error = await Assert.ThrowsAsync<LogOffsetConflictException>(() => log.AppendAsync("p0", Events("stale"), expectedOffset: 0));

        Assert.Equal(1, error.ActualOffset);
        Assert.Equal(["a"], (await log.ReadAsync("p0", 0, 10)).Select(Text));
    }

    [Fact]
    public async Task Truncate_deletes_only_batches_entirely_below_the_committed_offset()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("p0", Events("a", "b"));
        await log.AppendAsync("p0", Events("c", "d"));
        await log.AppendAsync("p0", Events("e"));

        var deleted = await log.TruncateAsync("p0", 3);

        Assert.Equal(1, deleted);
        Assert.Equal([2L, 3, 4], (await log.ReadAsync("p0", 0, 10)).Select(r => r.Offset));
        Assert.Equal(5, await log.AppendAsync("p0", Events("f")));
    }

    [Fact]
    public async Task A_large_batch_is_split_over_properties_and_a_too_large_one_is_refused()
    {
        var log = new AzureTableLogStore(_options);
        var big = Enumerable.Range(0, 30).Select(i => new ReadOnlyMemory<byte>(Enumerable.Repeat((byte)i, 10_000).ToArray())).ToList();

        await log.AppendAsync("p0", big);
        var records = await log.ReadAsync("p0", 0, 100);
        Assert.Equal(30, records.Count);
        Assert.All(records, r => Assert.True(r.Payload.Span.SequenceEqual(big[(int)r.Offset].Span)));

        var huge = new List<ReadOnlyMemory<byte>> { new byte[SplitDataProperties.MaxPayloadBytes] };
        await Assert.ThrowsAsync<LogBatchTooLargeException>(() => log.AppendAsync("p0", huge));
        Assert.Equal(30, await log.GetNextOffsetAsync("p0"));
    }

    private static List<ReadOnlyMemory<byte>> Events(params string[] texts) =>
        [.. texts.Select(t => new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(t)))];

    private static string Text(LogRecord record) => Encoding.UTF8.GetString(record.Payload.Span);
}
