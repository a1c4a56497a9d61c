using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>Reads served by the in-memory tail against the same reads from the segment files.</summary>
public sealed class FileIngestLogTailTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AReadInsideTheTailDoesNotReadTheFiles()
    {
        await using var log = Open();
        await log.AppendAsync(Events.Batch(0, 40, 2));
        await log.AppendAsync(Events.Batch(40, 40, 2));

        var read = await log.ReadAsync(0, 7, 30);

        Assert.Equal(Enumerable.Range(7, 30).Select(n => (long)n), read.Select(e => e.Offset));
        Assert.Equal(0, log.FramesReadFromFiles);
    }

    [Fact]
    public async Task AReadFreesTheTailBelowItsOffsetAndAnOlderReadThenGoesToTheFiles()
    {
        await using var log = Open();
        await log.AppendAsync(Events.Batch(0, 10, 1));
        await log.AppendAsync(Events.Batch(10, 10, 1));
        await log.AppendAsync(Events.Batch(20, 10, 1));

        await log.ReadAsync(0, 0, 15);
        Assert.Equal(30, log.GetTailEventCount(0));
        var next = await log.ReadAsync(0, 15, 15);
        Assert.Equal(20, log.GetTailEventCount(0)); // 0..9 were read; 10..19 hold the reader's position
        Assert.Equal(0, log.FramesReadFromFiles);

        var again = await log.ReadAsync(0, 0, 30);
        Assert.Equal(Enumerable.Range(0, 30).Select(n => Events.Make(n)), again.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(15, 15).Select(n => Events.Make(n)), next.Select(e => e.Event));
        Assert.True(log.FramesReadFromFiles > 0);
    }

    [Fact]
    public async Task WithoutATailTheSameReadGoesToTheFiles()
    {
        await using var log = Open(tailEvents: 0);
        await log.AppendAsync(Events.Batch(0, 40, 2));

        Assert.Equal(20, (await log.ReadAsync(0, 0, 100)).Count);
        Assert.Equal(1, log.FramesReadFromFiles);
    }

    [Fact]
    public async Task AReadInsideTheTailReturnsTheAppendedEventObjects()
    {
        await using var log = Open();
        var e = Events.Make(7);
        await log.AppendAsync([(1, e)]);

        Assert.Same(e, (await log.ReadAsync(1, 0, 10)).Single().Event);
    }

    [Fact]
    public async Task TheTailTheFilesAndAReopenedLogGiveTheSameEventsForEveryOffsetAndCount()
    {
        var expected = new Dictionary<(int, long, int), List<LoggedEvent>>();
        await using (var log = Open())
        {
            await AppendUnevenBatchesAsync(log);
            await ForEveryReadAsync(log, (key, read) => expected[key] = [.. read]);
            Assert.Equal(0, log.FramesReadFromFiles);
        }

        await using (var reopened = Open())
        {
            await ForEveryReadAsync(reopened, (key, read) => Assert.Equal(expected[key], read));
            Assert.True(reopened.FramesReadFromFiles > 0);
        }

        using var other = new TempDirectory();
        await using var filesOnly = Open(tailEvents: 0, directory: other.Path);
        await AppendUnevenBatchesAsync(filesOnly);
        await ForEveryReadAsync(filesOnly, (key, read) => Assert.Equal(expected[key], read));
    }

    [Fact]
    public async Task AReaderFarBehindTheTailReadsTheFilesAndOneCloseBehindDoesNot()
    {
        await using var log = Open(tailEvents: 50);
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(Events.Batch(i * 20, 20, 1));
        }

        var old = await log.ReadAsync(0, 0, 120);
        Assert.Equal(Enumerable.Range(0, 120).Select(n => Events.Make(n)), old.Select(e => e.Event));
        var filesRead = log.FramesReadFromFiles;
        Assert.True(filesRead > 0);

        var recent = await log.ReadAsync(0, 365, 100);
        Assert.Equal(Enumerable.Range(365, 35).Select(n => Events.Make(n)), recent.Select(e => e.Event));
        Assert.Equal(filesRead, log.FramesReadFromFiles);
    }

    [Fact]
    public async Task ACommitFreesTheTailBelowItAndAReadBelowDeletedSegmentsStartsAtTheOldestRetainedEvent()
    {
        await using var log = Open(segmentBytes: 4096);
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(Events.Batch(i * 10, 10, 1));
        }

        Assert.Equal(400, log.GetTailEventCount(0));
        await log.CommitAsync(0, 250);
        Assert.Equal(150, log.GetTailEventCount(0)); // the checkpointed chunks' memory is freed
        var start = log.GetStartOffset(0);
        Assert.InRange(start, 1, 250);

        var read = await log.ReadAsync(0, 100, 5);

        Assert.Equal(Enumerable.Range((int)start, 5).Select(n => (long)n), read.Select(e => e.Offset));
        Assert.Equal(Enumerable.Range((int)start, 5).Select(n => Events.Make(n)), read.Select(e => e.Event));
    }

    private static async Task AppendUnevenBatchesAsync(FileIngestLog log)
    {
        var n = 0;
        foreach (var size in new[] { 1, 7, 3, 12, 1, 1, 9 })
        {
            await log.AppendAsync(Events.Batch(n, size, 2));
            n += size;
        }
    }

    private static async Task ForEveryReadAsync(FileIngestLog log, Action<(int, long, int), IReadOnlyList<LoggedEvent>> check)
    {
        for (var partition = 0; partition < 2; partition++)
        {
            for (var from = -2L; from <= log.GetEndOffset(partition) + 1; from++)
            {
                for (var max = 0; max <= 20; max++)
                {
                    check((partition, from, max), await log.ReadAsync(partition, from, max));
                }
            }
        }
    }

    private FileIngestLog Open(int tailEvents = 8192, long segmentBytes = 1 << 20, string? directory = null) =>
        FileIngestLog.Open(new FileIngestLogOptions
        {
            DataDirectory = directory ?? _dir.Path,
            PartitionCount = 2,
            SegmentBytes = segmentBytes,
            TailEventsPerPartition = tailEvents,
            TimeProvider = _time,
        });
}
