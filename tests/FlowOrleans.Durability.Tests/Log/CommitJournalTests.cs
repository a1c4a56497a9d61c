using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Testing;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>
/// A group commit fsyncs only the commit journal; the partition and idempotency files are written but not synced, so
/// after a power loss they may miss or tear frames of acknowledged commits, or hold frames of a commit that never
/// completed. These tests take a crash image (a copy of the files while the log is open, as kill -9 leaves them, then
/// damage them as a power loss could) and check what recovery makes of it.
/// </summary>
public sealed class CommitJournalTests : IDisposable
{
    private const int Partitions = 3;
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _image = new();

    public void Dispose()
    {
        _dir.Dispose();
        _image.Dispose();
    }

    [Fact]
    public async Task AGroupCommitFsyncsOnlyTheCommitJournal()
    {
        await using var log = Open(_dir.Path, partitions: 4);
        var fsyncs = log.FsyncCount;
        var commits = log.CommitCount;
        for (var n = 0; n < 20; n++)
        {
            var events = Enumerable.Range(0, 4).Select(p => (p, Events.Make((n * 4) + p))).ToList();
            await log.AppendAsync(events, Key($"k{n}"));
        }

        Assert.Equal(20, log.CommitCount - commits);
        Assert.Equal(20, log.FsyncCount - fsyncs);
    }

    [Fact]
    public async Task AFrameLostAfterItsCommitWasJournaledIsRestored()
    {
        await WriteTwoCommitsAndTakeACrashImage();
        CutAfterFirstFrame(Segment(_image.Path, "p1"));

        await using var log = Open(_image.Path);
        await AssertBothCommitsAreThere(log);
    }

    [Fact]
    public async Task AnEarlierFrameTornUnderAnIntactLaterOneIsRestored()
    {
        // Without an fsync the kernel may write a later page of the file and not an earlier one.
        await WriteTwoCommitsAndTakeACrashImage();
        var p0 = Segment(_image.Path, "p0");
        var bytes = File.ReadAllBytes(p0);
        bytes[FrameHeader.Size + 2] ^= 0x40;
        File.WriteAllBytes(p0, bytes);

        await using var log = Open(_image.Path);
        await AssertBothCommitsAreThere(log);
    }

    [Fact]
    public async Task ALostIdempotencyRecordIsRestoredWithItsEvents()
    {
        await WriteTwoCommitsAndTakeACrashImage();
        CutAfterFirstFrame(Segment(_image.Path, "idempotency"));

        await using var log = Open(_image.Path);
        await AssertBothCommitsAreThere(log);
    }

    [Fact]
    public async Task FramesOfACommitWhoseJournalRecordIsTornAreCutWithItsIdempotencyRecord()
    {
        await WriteTwoCommitsAndTakeACrashImage();
        var journal = Path.Combine(_image.Path, "log", "commits.journal");
        using (var file = new FileStream(journal, FileMode.Open))
        {
            file.SetLength(file.Length - 1);
        }

        await using (var log = Open(_image.Path))
        {
            Assert.Equal([Events.Make(0)], (await log.ReadAsync(0, 0, 10)).Select(e => e.Event));
            Assert.Equal([Events.Make(1)], (await log.ReadAsync(1, 0, 10)).Select(e => e.Event));
            Assert.Equal(["a"], log.RecoveredIdempotencyRecords.Select(r => r.Key));
            Assert.Equal([1L], await log.AppendAsync([(0, Events.Make(9))]));
        }

        await using (var reopened = Open(_image.Path))
        {
            Assert.Equal([Events.Make(0), Events.Make(9)], (await reopened.ReadAsync(0, 0, 10)).Select(e => e.Event));
        }
    }

    [Fact]
    public async Task ADirectoryFromBeforeTheJournalOpensAndStillDropsAPartialCommit()
    {
        // The old layout is this one without commits.journal, every stream fsynced on each commit.
        await using (var log = Open(_dir.Path))
        {
            await log.AppendAsync([(0, Events.Make(0)), (1, Events.Make(1))], Key("a"));
            await log.AppendAsync([(0, Events.Make(2)), (1, Events.Make(3))], Key("b"));
        }

        File.Delete(Path.Combine(_dir.Path, "log", "commits.journal"));
        CutAfterFirstFrame(Segment(_dir.Path, "p1"));

        await using (var log = Open(_dir.Path))
        {
            Assert.Equal([Events.Make(0)], (await log.ReadAsync(0, 0, 10)).Select(e => e.Event));
            Assert.Equal([Events.Make(1)], (await log.ReadAsync(1, 0, 10)).Select(e => e.Event));
            Assert.Equal(["a"], log.RecoveredIdempotencyRecords.Select(r => r.Key));
            await log.AppendAsync([(0, Events.Make(4))], Key("c"));
            CrashImage.Take(_dir.Path, _image.Path);
        }

        // The reopened directory journals again: a commit lost from its partition file comes back.
        CutAfterFirstFrame(Segment(_image.Path, "p0"));
        await using var image = Open(_image.Path);
        Assert.Equal([Events.Make(0), Events.Make(4)], (await image.ReadAsync(0, 0, 10)).Select(e => e.Event));
        Assert.Equal(["a", "c"], image.RecoveredIdempotencyRecords.Select(r => r.Key).Order());
    }

    [Fact]
    public async Task RestartingTheFullJournalSyncsTheStreamsFirst()
    {
        var options = new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = Partitions, CommitJournalBytes = 4096 };
        await using var log = FileIngestLog.Open(options);
        await log.AppendAsync([(0, Events.Make(0)), (1, Events.Make(1))]);
        var fsyncs = log.FsyncCount;

        // Over 4 KiB: after this commit the journal is full, so the writer fsyncs every stream it still covers
        // (p0 and p1 from the first commit, p2) and only then empties it.
        await log.AppendAsync(Enumerable.Range(10, 200).Select(n => (n % 2 * 2, Events.Make(n))).ToList());
        await Eventually.TrueAsync(() => log.FsyncCount >= fsyncs + 1 + 3 + 1, "the commit and the journal restart fsynced");

        Assert.Equal(fsyncs + 1 + 3 + 1, log.FsyncCount);
        Assert.Equal(16, new FileInfo(Path.Combine(_dir.Path, "log", "commits.journal")).Length);
    }

    private static IdempotencyRecord Key(string key) => new(key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), [1, 2, 3]);

    private static FileIngestLog Open(string directory, int partitions = Partitions) =>
        FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = directory, PartitionCount = partitions });

    private static string Segment(string directory, string stream) =>
        Assert.Single(Directory.GetFiles(Path.Combine(directory, "log", stream), "*.seg"));

    /// <summary>Leaves only the first frame of the segment: a power loss lost the later ones.</summary>
    private static void CutAfterFirstFrame(string segment)
    {
        var header = new byte[FrameHeader.Size];
        using var file = new FileStream(segment, FileMode.Open);
        file.ReadExactly(header);
        Assert.True(FrameHeader.TryRead(header, out var h, out _));
        Assert.True(file.Length > FrameHeader.Size + h.PayloadLength, "the segment holds a second frame");
        file.SetLength(FrameHeader.Size + h.PayloadLength);
    }

    private static async Task AssertBothCommitsAreThere(FileIngestLog log)
    {
        Assert.Equal([Events.Make(0), Events.Make(2)], (await log.ReadAsync(0, 0, 10)).Select(e => e.Event));
        Assert.Equal([Events.Make(1), Events.Make(3)], (await log.ReadAsync(1, 0, 10)).Select(e => e.Event));
        Assert.Equal(["a", "b"], log.RecoveredIdempotencyRecords.Select(r => r.Key).Order());
    }

    /// <summary>Two acknowledged commits, each over p0, p1 and the idempotency stream, then a crash image of the files.</summary>
    private async Task WriteTwoCommitsAndTakeACrashImage()
    {
        await using var log = Open(_dir.Path);
        await log.AppendAsync([(0, Events.Make(0)), (1, Events.Make(1))], Key("a"));
        await log.AppendAsync([(0, Events.Make(2)), (1, Events.Make(3))], Key("b"));
        CrashImage.Take(_dir.Path, _image.Path);
    }
}
