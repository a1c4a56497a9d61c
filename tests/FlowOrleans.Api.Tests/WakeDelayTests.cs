using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary>A node whose partitions linger before reading (<c>Flow:WakeDelay</c>).</summary>
public sealed class LingeringNodeFactory : FlowNodeFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Flow:WakeDelay"] = "00:00:00.020" };
}

/// <summary>With a linger, events posted one by one still all reach their window, each exactly once.</summary>
public sealed class WakeDelayTests(LingeringNodeFactory node) : IClassFixture<LingeringNodeFactory>
{
    private const long W0 = 1_700_000_000_000;

    [Fact]
    public async Task Events_posted_one_by_one_during_the_linger_are_all_counted_once()
    {
        var api = new FlowApi(node.CreateClient());
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => api.IngestAsync([new StreamEvent($"one-{i}", W0 + 100 + i, 1, "k", null)])));
        await api.IngestAsync(FlowApi.PushEvents(W0 + 20_000, 4));

        var results = await Eventually.ValueAsync(() => api.ResultsAsync("pipeline=default&key=k"), r => r.Count > 0, "the window of the single events to fire");
        Assert.Equal(40, Assert.Single(results).Count);
    }
}
