using FlowOrleans.Durability.Results;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Runtime;

namespace FlowOrleans.ClientApi.Live;

/// <summary>
/// Feeds <see cref="LiveFeed"/>: window results, their retractions and late events as the result store takes them, and each
/// pipeline's watermark (polled once a second, only while someone is connected).
/// </summary>
public sealed class LiveFeedBridge(IResultStore results, LiveFeed feed, IGrainFactory grains, TimeProvider time) : BackgroundService
{
    private readonly Dictionary<string, long?> _lastWatermarks = new(StringComparer.Ordinal);
    private long _pipelinesVersion = -1;
    private IReadOnlyList<string> _pipelines = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        results.ResultsChanged += OnResults;
        results.ResultsRetracted += OnRetracted;
        results.LateAppended += OnLate;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (feed.SubscriberCount > 0)
                {
                    await PublishWatermarksAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            results.ResultsChanged -= OnResults;
            results.ResultsRetracted -= OnRetracted;
            results.LateAppended -= OnLate;
        }
    }

    private void OnResults(IReadOnlyList<Streaming.WindowResult> changed) => PublishEach(changed, LiveMessage.For);

    private void OnRetracted(IReadOnlyList<Streaming.WindowRetraction> retracted) => PublishEach(retracted, LiveMessage.For);

    private void OnLate(IReadOnlyList<Streaming.LateEventRecord> added) => PublishEach(added, LiveMessage.For);

    // In the store's order; encodes nothing while nobody is connected.
    private void PublishEach<T>(IReadOnlyList<T> items, Func<T, byte[]> encode)
    {
        if (feed.SubscriberCount == 0)
        {
            return;
        }

        foreach (var item in items)
        {
            feed.Publish(encode(item));
        }
    }

    private async Task PublishWatermarksAsync()
    {
        try
        {
            if (await grains.GetGrain<IPipelineCatalogGrain>(GrainKeys.Catalog).GetIfChangedAsync(_pipelinesVersion) is { } set)
            {
                _pipelinesVersion = set.Version;
                _pipelines = [.. set.Pipelines.Select(p => p.Name)];
            }

            foreach (var pipeline in _pipelines)
            {
                var info = await grains.GetGrain<IWatermarkGrain>(pipeline).GetAsync();
                if (!_lastWatermarks.TryGetValue(pipeline, out var last) || last != info.Watermark)
                {
                    _lastWatermarks[pipeline] = info.Watermark;
                    feed.Publish(LiveMessage.For(info));
                }
            }
        }
        catch (Exception ex) when (ex is GrainCallTimeoutException or GrainCallFailedException)
        {
            // The next tick tries again.
        }
    }
}
