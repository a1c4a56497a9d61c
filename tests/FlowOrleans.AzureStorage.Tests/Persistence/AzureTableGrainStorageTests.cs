using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.AzureStorage.Tests.Persistence;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableGrainStorageTests
{
    private readonly AzuriteFixture _azurite;
    private readonly string _tableName = AzuriteFixture.UniqueTableName("state");
    private readonly AzureTableGrainStorage _storage;

    public AzureTableGrainStorageTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _storage = new AzureTableGrainStorage(new AzureTableGrainStorageOptions { ConnectionString = azurite.ConnectionString, TableName = _tableName });
    }

    private static readonly GrainId Counter = new("counter", "k1");

    public sealed class CounterState
    {
        public long Count { get; set; }

        public string Text { get; set; } = "";
    }

    [Fact]
    public async Task Read_of_missing_state_gives_a_fresh_state_without_record()
    {
        var state = await ReadAsync(Counter);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var state = new GrainState<CounterState> { State = { Count = 42, Text = "hello" } };
        await _storage.WriteStateAsync("main", Counter, state, default);

        var read = await ReadAsync(Counter);

        Assert.True(read.RecordExists);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("hello", read.State.Text);
        Assert.Equal(state.ETag, read.ETag);
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task A_stale_write_throws_and_leaves_the_newer_state()
    {
        var first = new GrainState<CounterState> { State = { Count = 1 } };
        await _storage.WriteStateAsync("main", Counter, first, default);
        var stale = await ReadAsync(Counter);
        first.State.Count = 2;
        await _storage.WriteStateAsync("main", Counter, first, default);

        stale.State.Count = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("main", Counter, stale, default));

        Assert.Equal(2, (await ReadAsync(Counter)).State.Count);
    }

    [Fact]
    public async Task Of_two_writers_that_both_saw_no_record_exactly_one_wins()
    {
        var a = new GrainState<CounterState> { State = { Count = 1 } };
        var b = new GrainState<CounterState> { State = { Count = 2 } };

        var results = await Task.WhenAll(
            Outcome(_storage.WriteStateAsync("main", Counter, a, default)),
            Outcome(_storage.WriteStateAsync("main", Counter, b, default)));

        Assert.Single(results, ok => ok);
        var winner = results[0] ? 1 : 2;
        Assert.Equal(winner, (await ReadAsync(Counter)).State.Count);
    }

    [Fact]
    public async Task Clear_deletes_the_record_and_a_stale_clear_throws()
    {
        var state = new GrainState<CounterState> { State = { Count = 5 } };
        await _storage.WriteStateAsync("main", Counter, state, default);
        var stale = await ReadAsync(Counter);
        await _storage.WriteStateAsync("main", Counter, state, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("main", Counter, stale, default));
        await _storage.ClearStateAsync("main", Counter, state, default);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await ReadAsync(Counter)).RecordExists);
    }

    [Fact]
    public async Task Large_state_is_split_over_several_properties_and_reassembled()
    {
        var text = string.Create(600 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i * 7 % 26));
            }
        });
        var state = new GrainState<CounterState> { State = { Count = 7, Text = text } };
        await _storage.WriteStateAsync("main", Counter, state, default);

        var read = await ReadAsync(Counter);

        Assert.Equal(7, read.State.Count);
        Assert.Equal(text, read.State.Text);
        var stored = await RawEntityAsync(Counter);
        var dataProperties = stored.Properties.Keys.Where(k => k.StartsWith("Data", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, dataProperties.Count);
        Assert.All(dataProperties, k => Assert.True(stored.Properties[k].BinaryValue.Length <= SplitDataProperties.MaxPropertyBytes));
    }

    [Fact]
    public async Task State_beyond_the_entity_limit_fails_with_a_clear_error()
    {
        var state = new GrainState<CounterState> { State = { Text = new string('x', SplitDataProperties.MaxPayloadBytes + 1) } };

        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => _storage.WriteStateAsync("main", Counter, state, default));

        Assert.IsAssignableFrom<InvalidOperationException>(error);
        Assert.Contains(Counter.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(SplitDataProperties.MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.False((await ReadAsync(Counter)).RecordExists);
    }

    [Fact]
    public async Task Ids_with_characters_forbidden_in_keys_are_stored_apart()
    {
        GrainId[] ids = [new("counter", "a/b"), new("counter", "a\\b"), new("counter", "a#b?c"), new("counter", "a~002Fb"), new("counter", "tab\there")];
        for (var i = 0; i < ids.Length; i++)
        {
            await _storage.WriteStateAsync("main", ids[i], new GrainState<CounterState> { State = { Count = i + 1 } }, default);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i + 1, (await ReadAsync(ids[i])).State.Count);
        }
    }

    [Fact]
    public void Invalid_options_name_the_property()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new AzureTableGrainStorage(new AzureTableGrainStorageOptions { ConnectionString = _azurite.ConnectionString, TableName = "bad-name" }));

        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }

    private async Task<DynamicTableEntity> RawEntityAsync(GrainId id)
    {
        var table = CloudStorageAccount.Parse(_azurite.ConnectionString).CreateCloudTableClient().GetTableReference(_tableName);
        var result = await table.ExecuteAsync(TableOperation.Retrieve<DynamicTableEntity>(AzureTableGrainStorage.PartitionKey(id), "main"));
        return Assert.IsType<DynamicTableEntity>(result.Result);
    }

    private async Task<GrainState<CounterState>> ReadAsync(GrainId id)
    {
        var state = new GrainState<CounterState>();
        await _storage.ReadStateAsync("main", id, state, default);
        return state;
    }

    private static async Task<bool> Outcome(Task write)
    {
        try
        {
            await write;
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }
}
