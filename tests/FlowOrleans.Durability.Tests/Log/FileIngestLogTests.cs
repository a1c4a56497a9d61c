using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

public sealed class FileIngestLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OffsetsAreDensePerPartitionAndSurviveReopen()
    {
        await using (var log = Open())
        {
            var first = await log.AppendAsync([(0, Events.Make(1)), (1, Events.Make(2)), (0, Events.Make(3))]);
            Assert.Equal([0L, 0L, 1L], first);
            var second = await log.AppendAsync([(0, Events.Make(4))]);
            Assert.Equal([2L], second);
        }

        await using (var log = Open())
        {
            Assert.Equal(3, log.GetEndOffset(0));
            Assert.Equal(1, log.GetEndOffset(1));
            Assert.Equal(0, log.GetEndOffset(2));
            Assert.Equal([3L], await log.AppendAsync([(0, Events.Make(5))]));
            var read = await log.ReadAsync(0, 0, 100);
            Assert.Equal([1, 3, 4, 5], read.Select(e => int.Parse(e.Event.Id[1..], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal([0L, 1L, 2L, 3L], read.Select(e => e.Offset));
            Assert.All(read, e => Assert.Equal(0, e.Partition));
        }
    }

    [Fact]
    public async Task ReadReturnsEventsWithTheirReceivedAtFromAnyOffsetAndRespectsMaxCount()
    {
        await using var log = Open();
        await log.AppendAsync(Events.Batch(0, 10, 1));
        _time.Advance(TimeSpan.FromSeconds(3));
        await log.AppendAsync(Events.Batch(10, 10, 1));

        var middle = await log.ReadAsync(0, 7, 5);
        Assert.Equal([7L, 8L, 9L, 10L, 11L], middle.Select(e => e.Offset));
        Assert.Equal(Events.Make(8), middle[1].Event);
        var start = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(start - 3000, middle[2].ReceivedAt);
        Assert.Equal(start, middle[3].ReceivedAt);
        Assert.Empty(await log.ReadAsync(0, 20, 5));
        Assert.Empty(await log.ReadAsync(0, 0, 0));
    }

    [Fact]
    public async Task ASecondOpenOfTheSameDirectoryFailsWhileTheFirstIsOpen()
    {
        await using (var log = Open())
        {
            Assert.ThrowsAny<IOException>(() => Open());
        }

        await using var again = Open();
    }

    [Fact]
    public async Task AppendRejectsAPartitionOutsideTheLog()
    {
        await using var log = Open();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.AppendAsync([(4, Events.Make(1))]));
        Assert.Equal(0, log.GetEndOffset(0));
    }

    [Fact]
    public async Task SixtyFourConcurrentAppendersGetDistinctDenseOffsetsAndEverythingIsReadableAfterReopen()
    {
        const int appenders = 64, batches = 20, perBatch = 7;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(int Partition, long Offset, StreamEvent Event)>();
        await using (var log = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
            {
                for (var b = 0; b < batches; b++)
                {
                    var batch = Events.Batch(((a * batches) + b) * perBatch, perBatch, 4);
                    var offsets = await log.AppendAsync(batch);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        acknowledged.Add((batch[i].Partition, offsets[i], batch[i].Event));
                    }
                }
            })));
            Assert.True(log.CommitCount <= appenders * batches);
            Assert.Equal(0, log.PendingEventCount);
        }

        Assert.Equal(appenders * batches * perBatch, acknowledged.Count);
        await using (var log = Open())
        {
            for (var p = 0; p < 4; p++)
            {
                var mine = acknowledged.Where(a => a.Partition == p).OrderBy(a => a.Offset).ToList();
                Assert.Equal(Enumerable.Range(0, mine.Count).Select(i => (long)i), mine.Select(a => a.Offset));
                Assert.Equal(mine.Count, log.GetEndOffset(p));
                var read = await log.ReadAsync(p, 0, int.MaxValue);
                Assert.Equal(mine.Select(a => a.Event), read.Select(e => e.Event));
            }
        }
    }

    [Fact]
    public async Task WaitForDataCompletesOnlyOnceTheOffsetExists()
    {
        await using var log = Open();
        await log.AppendAsync([(2, Events.Make(1))]);
        Assert.True(log.WaitForDataAsync(2, 0).IsCompleted);

        var waiting = log.WaitForDataAsync(2, 1).AsTask();
        var other = log.WaitForDataAsync(1, 0).AsTask();
        Assert.False(waiting.IsCompleted);
        await log.AppendAsync([(2, Events.Make(2))]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(other.IsCompleted);

        using var cancel = new CancellationTokenSource();
        var cancelled = log.WaitForDataAsync(3, 0, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public async Task SegmentsRollAtTheConfiguredSizeAndCommitDeletesThoseBelowTheCommittedOffset()
    {
        await using (var log = Open(segmentBytes: 4096))
        {
            for (var i = 0; i < 40; i++)
            {
                await log.AppendAsync(Events.Batch(i * 10, 10, 1));
            }

            var segments = log.GetSegmentCount(0);
            Assert.True(segments > 3, $"only {segments} segments");
            Assert.Equal(segments, SegmentFiles(0).Length);

            await log.CommitAsync(0, 250);
            Assert.True(log.GetSegmentCount(0) < segments);
            Assert.Equal(log.GetSegmentCount(0), SegmentFiles(0).Length);
            Assert.InRange(log.GetStartOffset(0), 1, 250);
            Assert.Equal(250, log.GetCommittedOffset(0));

            // Reading below the retained data starts at the oldest retained record.
            var read = await log.ReadAsync(0, 0, 1);
            Assert.Equal(log.GetStartOffset(0), read[0].Offset);

            await log.CommitAsync(0, 100); // never goes backwards
            Assert.Equal(250, log.GetCommittedOffset(0));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.CommitAsync(0, 401));
        }

        await using (var log = Open(segmentBytes: 4096))
        {
            Assert.Equal(250, log.GetCommittedOffset(0));
            Assert.Equal(0, log.GetCommittedOffset(1));
            Assert.Equal(400, log.GetEndOffset(0));
            var read = await log.ReadAsync(0, 250, 1000);
            Assert.Equal(Enumerable.Range(250, 150).Select(n => Events.Make(n)), read.Select(e => e.Event));
            Assert.Equal([400L], await log.AppendAsync([(0, Events.Make(400))]));

            // Committing everything keeps the last segment, so offsets continue after a reopen.
            await log.CommitAsync(0, 401);
            Assert.Equal(1, log.GetSegmentCount(0));
        }

        await using (var log = Open(segmentBytes: 4096))
        {
            Assert.Equal(401, log.GetEndOffset(0));
            Assert.Equal([401L], await log.AppendAsync([(0, Events.Make(401))]));
        }
    }

    [Fact]
    public async Task ACommitWhoseSaveFailsIsNeitherSeenNorDeletesSegmentsAndCanBeRetried()
    {
        // A directory where CommittedOffsetsFile writes its temporary file: opening it is refused, before anything is renamed.
        var obstacle = Path.Combine(_dir.Path, "log", "committed.txt.tmp");
        await using (var log = Open(segmentBytes: 4096))
        {
            for (var i = 0; i < 40; i++)
            {
                await log.AppendAsync(Events.Batch(i * 10, 10, 1));
            }

            await log.CommitAsync(0, 50);
            var segments = SegmentFiles(0);
            Directory.CreateDirectory(obstacle);

            await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await log.CommitAsync(0, 250));
            Assert.Equal(50, log.GetCommittedOffset(0));
            Assert.Equal(segments, SegmentFiles(0));
            Assert.Equal(Events.Make(50), (await log.ReadAsync(0, 50, 1))[0].Event);
        }

        await using (var log = Open(segmentBytes: 4096))
        {
            Assert.Equal(50, log.GetCommittedOffset(0)); // the failed commit was never durable, and is not after a reopen
            var segments = SegmentFiles(0);
            await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await log.CommitAsync(0, 250));
            Assert.Equal(50, log.GetCommittedOffset(0));

            // Once the obstacle is gone, the same commit goes through: saved, seen, and the segments below it deleted.
            Directory.Delete(obstacle);
            await log.CommitAsync(0, 250);
            Assert.Equal(250, log.GetCommittedOffset(0));
            Assert.True(SegmentFiles(0).Length < segments.Length);
        }

        await using (var log = Open(segmentBytes: 4096))
        {
            Assert.Equal(250, log.GetCommittedOffset(0));
        }
    }

    private string[] SegmentFiles(int partition) =>
        Directory.GetFiles(Path.Combine(_dir.Path, "log", $"p{partition}"), "*.seg");

    private FileIngestLog Open(long segmentBytes = 1 << 20) => FileIngestLog.Open(new FileIngestLogOptions
    {
        DataDirectory = _dir.Path,
        PartitionCount = 4,
        SegmentBytes = segmentBytes,
        TimeProvider = _time,
    });
}
