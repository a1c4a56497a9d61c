using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>A partition reader follows the log with WaitForDataAsync and commits behind itself while writers append.</summary>
public sealed class TailingReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AReaderThatCommitsAsItGoesSeesEveryEventOnceInOrder()
    {
        const int writers = 8, batchesPerWriter = 40, batchSize = 10, total = writers * batchesPerWriter * batchSize;
        await using var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = 1, SegmentBytes = 4096 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var reader = Task.Run(async () =>
        {
            var seen = new List<StreamEvent>();
            long next = 0;
            while (seen.Count < total)
            {
                await log.WaitForDataAsync(0, next, timeout.Token);
                var events = await log.ReadAsync(0, next, 37, timeout.Token);
                Assert.Equal(next, events[0].Offset);
                seen.AddRange(events.Select(e => e.Event));
                next += events.Count;
                await log.CommitAsync(0, next, timeout.Token);
            }

            return seen;
        });

        var written = new System.Collections.Concurrent.ConcurrentDictionary<long, StreamEvent>();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batchesPerWriter; b++)
            {
                var batch = Events.Batch(((w * batchesPerWriter) + b) * batchSize, batchSize, 1);
                var offsets = await log.AppendAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    written[offsets[i]] = batch[i].Event;
                }
            }
        })));

        var seen = await reader;
        Assert.Equal(Enumerable.Range(0, total).Select(o => written[o]), seen);
        Assert.Equal(total, log.GetCommittedOffset(0));
        Assert.True(log.GetSegmentCount(0) <= 2, $"{log.GetSegmentCount(0)} segments kept");
    }
}
