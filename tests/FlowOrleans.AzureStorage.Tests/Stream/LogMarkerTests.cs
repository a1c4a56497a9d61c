using System.Text;
using FlowOrleans.Runtime.AzureStorage.Stream;

namespace FlowOrleans.AzureStorage.Tests.Stream;

/// <summary>Markers of <see cref="AzureTableLogStore"/>: written with their batch or not at all, kept past truncation, deleted by age.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LogMarkerTests(AzuriteFixture azurite)
{
    private readonly AzureTableLogStoreOptions _options = new()
    {
        ConnectionString = azurite.ConnectionString,
        TableName = AzuriteFixture.UniqueTableName("log"),
        MaxEventsPerBatch = 100,
    };

    [Fact]
    public async Task Markers_name_offsets_of_their_batch_and_outlive_its_truncation()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("p0", Events("x"));

        await log.AppendAsync("p0", Events("a", "b", "c"), [new LogMarker("k-0", 0, 2, 100), new LogMarker("k-2", 2, 1, 100)]);
        await log.TruncateAsync("p0", 4);

        Assert.Equal([new StoredLogMarker("k-0", 1, 2, 100), new StoredLogMarker("k-2", 3, 1, 100)], await log.ReadMarkersAsync("p0", "k-"));
        Assert.Empty(await log.ReadAsync("p0", 0, 10));
        Assert.Empty(await log.ReadMarkersAsync("p1", "k-"));
        Assert.Equal(4, await log.GetNextOffsetAsync("p0"));
    }

    [Fact]
    public async Task An_append_whose_marker_is_stored_writes_nothing()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("p0", Events("a"), [new LogMarker("k-0", 0, 1, 100)]);

        var error = await Assert.ThrowsAsync<LogMarkerExistsException>(() =>
            log.AppendAsync("p0", Events("again", "b"), [new LogMarker("k-1", 1, 1, 100), new LogMarker("k-0", 0, 1, 100)]));

        Assert.Equal(["k-0"], error.Names);
        Assert.Equal(1, await log.GetNextOffsetAsync("p0"));
        Assert.Equal(["k-0"], (await log.ReadMarkersAsync("p0", "k-")).Select(m => m.Name));
    }

    [Fact]
    public async Task Markers_are_deleted_by_age_and_invalid_ones_refused()
    {
        var log = new AzureTableLogStore(_options);
        await log.AppendAsync("p0", Events("a", "b"), [new LogMarker("old", 0, 1, 100), new LogMarker("new", 1, 1, 200)]);

        Assert.Equal(1, await log.DeleteMarkersAsync("p0", 200));

        Assert.Equal(["new"], (await log.ReadMarkersAsync("p0", "")).Select(m => m.Name));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync("p0", Events("c"), [new LogMarker("a/b", 0, 1, 1)]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.AppendAsync("p0", Events("c"), [new LogMarker("c", 0, 2, 1)]));
        Assert.Equal(2, await log.GetNextOffsetAsync("p0"));
    }

    private static List<ReadOnlyMemory<byte>> Events(params string[] texts) =>
        [.. texts.Select(t => new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(t)))];
}
