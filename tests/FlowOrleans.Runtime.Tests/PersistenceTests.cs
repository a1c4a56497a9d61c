using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Runtime.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "floworleans-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task MemoryStateSurvivesDeactivation() => await StateSurvivesDeactivation<ICounterGrain>();

    [Fact]
    public async Task FileStateSurvivesDeactivationAndIsReadableJson()
    {
        var key = await StateSurvivesDeactivation<IFileCounterGrain>();
        var file = Directory.GetFiles(_directory, "*.json", SearchOption.AllDirectories).Single();
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("\"etag\": \"1\"", text);
        Assert.Contains("\"value\": 5", text);
        Assert.Contains(key, file);
    }

    private async Task<string> StateSurvivesDeactivation<TGrain>() where TGrain : ICounterGrain
    {
        await using var silo = await TestSilo.StartAsync(s => s.AddFileGrainStorage("files", _directory));
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grains.GetGrain<TGrain>(key);
        await grain.Add(2);
        await grain.Add(3);
        await grain.Save();
        await grain.Add(100); // not saved
        await grain.Deactivate();

        await Eventually.TrueAsync(() => grain.Get().Result == 5, "the new activation read the saved state");
        Assert.Equal("1", await grain.Etag());
        return key;
    }

    [Fact]
    public async Task AnActivationWhoseWriteFindsANewerVersionGivesWayToOneThatReadsIt()
    {
        await using var silo = await TestSilo.StartAsync(s => s.AddFileGrainStorage("files", _directory));
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grains.GetGrain<IFileCounterGrain>(key);
        await grain.Add(1);
        await grain.Save();

        // Someone else writes the state: another activation, e.g. on a silo that placed the grain before membership settled.
        var other = new FileGrainStorage(_directory, silo.Host.Services.GetRequiredService<GrainStorageSerializer>());
        var id = new GrainId(nameof(FileCounterGrain), key);
        var theirs = new GrainState<CounterState>();
        await other.ReadStateAsync("counter", id, theirs, default);
        Assert.Equal(1, theirs.State.Value);
        theirs.State.Value = 40;
        await other.WriteStateAsync("counter", id, theirs, default);

        await grain.Add(1);
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Save());

        // Every later write of the stale activation would fail the same way: it is gone, and the next one reads the store.
        await Eventually.TrueAsync(async () => await grain.Get() == 40, "a new activation that read the stored state");
        Assert.Equal("2", await grain.Etag());
        await grain.Add(2);
        await grain.Save();
        Assert.Equal("3", await grain.Etag());
    }

    [Fact]
    public async Task ReferencesInStateSurviveAFileRoundTrip()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var silo = await TestSilo.StartAsync(s => s.AddFileGrainStorage("files", _directory)))
        {
            await silo.Grains.GetGrain<IFileCounterGrain>(key).SetPeer(silo.Grains.GetGrain<IPeerGrain>(3));
        }

        await using (var silo = await TestSilo.StartAsync(s => s.AddFileGrainStorage("files", _directory)))
        {
            Assert.Equal("3:again", await silo.Grains.GetGrain<IFileCounterGrain>(key).CallPeer("again"));
        }
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("file")]
    public async Task SecondWriterWithStaleEtagGetsInconsistentStateException(string provider)
    {
        await using var silo = await TestSilo.StartAsync();
        var serializer = silo.Host.Services.GetRequiredService<GrainStorageSerializer>();
        IGrainStorage storage = provider == "memory" ? new MemoryGrainStorage(serializer) : new FileGrainStorage(_directory, serializer);
        var id = new GrainId("counter", Guid.NewGuid().ToString("N"));
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.ReadStateAsync("s", id, first, default);
        await storage.ReadStateAsync("s", id, second, default);

        first.State.Value = 1;
        await storage.WriteStateAsync("s", id, first, default);
        second.State.Value = 2;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", id, second, default));
        Assert.Equal("1", error.StoredEtag);

        var reread = new GrainState<CounterState>();
        await storage.ReadStateAsync("s", id, reread, default);
        Assert.Equal(1, reread.State.Value);
        Assert.True(reread.RecordExists);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", id, second, default));
        await storage.ClearStateAsync("s", id, reread, default);
        var cleared = new GrainState<CounterState>();
        await storage.ReadStateAsync("s", id, cleared, default);
        Assert.False(cleared.RecordExists);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("file")]
    public async Task ClearingAStateNeverWrittenSucceeds(string provider)
    {
        await using var silo = await TestSilo.StartAsync();
        var serializer = silo.Host.Services.GetRequiredService<GrainStorageSerializer>();
        IGrainStorage storage = provider == "memory" ? new MemoryGrainStorage(serializer) : new FileGrainStorage(Path.Combine(_directory, "never"), serializer);
        var id = new GrainId("counter", Guid.NewGuid().ToString("N"));
        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync("s", id, state, default);

        await storage.ClearStateAsync("s", id, state, default);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }
}
