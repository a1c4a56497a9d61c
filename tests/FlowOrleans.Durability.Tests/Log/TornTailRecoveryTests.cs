using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Log;

public sealed class TornTailRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(35)]
    [InlineData(60)]
    public async Task ALastFrameCutAnywhereIsDroppedAndEverythingBeforeItKept(int bytesCut)
    {
        await WriteThreeBatchesToPartitionZero();
        var segment = SingleSegment(0);
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - bytesCut);
        }

        await using var log = Open();
        Assert.Equal(20, log.GetEndOffset(0));
        Assert.Equal(Events.Batch(0, 20, 1).Select(b => b.Event), (await log.ReadAsync(0, 0, 100)).Select(e => e.Event));
        Assert.Equal([20L], await log.AppendAsync([(0, Events.Make(99))]));
        Assert.Equal(Events.Make(99), (await log.ReadAsync(0, 20, 1))[0].Event);
    }

    [Fact]
    public async Task GarbageAfterTheLastFrameIsTruncated()
    {
        await WriteThreeBatchesToPartitionZero();
        var segment = SingleSegment(0);
        var length = new FileInfo(segment).Length;
        File.AppendAllText(segment, "this is not a frame at all, just garbage bytes");

        await using (var log = Open())
        {
            Assert.Equal(30, log.GetEndOffset(0));
            Assert.Equal(length, new FileInfo(segment).Length);
            await log.AppendAsync([(0, Events.Make(30))]);
        }

        await using (var reopened = Open())
        {
            Assert.Equal(31, reopened.GetEndOffset(0));
            Assert.Equal(Events.Make(30), (await reopened.ReadAsync(0, 30, 1))[0].Event);
        }
    }

    [Fact]
    public async Task AFlippedByteInTheLastFrameFailsItsCrc()
    {
        await WriteThreeBatchesToPartitionZero();
        var segment = SingleSegment(0);
        var bytes = File.ReadAllBytes(segment);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(segment, bytes);

        await using var log = Open();
        Assert.Equal(20, log.GetEndOffset(0));
    }

    [Fact]
    public async Task AGroupCommitThatReachedOnlySomePartitionsIsDroppedEverywhere()
    {
        await using (var log = Open())
        {
            await log.AppendAsync([(0, Events.Make(0)), (1, Events.Make(1))]);
            await log.AppendAsync([(0, Events.Make(2)), (1, Events.Make(3)), (2, Events.Make(4))]);
        }

        // The crash tore partition 1's frame of the second commit away completely.
        var p1 = SingleSegment(1);
        var firstFrameLength = FrameLengthAt(p1, 0);
        using (var file = new FileStream(p1, FileMode.Open))
        {
            file.SetLength(firstFrameLength);
        }

        await using (var log = Open())
        {
            Assert.Equal([1L, 1L, 0L], new[] { log.GetEndOffset(0), log.GetEndOffset(1), log.GetEndOffset(2) });
            Assert.Equal([1L, 0L], await log.AppendAsync([(0, Events.Make(5)), (2, Events.Make(6))]));
        }

        await using (var log = Open())
        {
            Assert.Equal([Events.Make(0), Events.Make(5)], (await log.ReadAsync(0, 0, 10)).Select(e => e.Event));
            Assert.Equal([Events.Make(6)], (await log.ReadAsync(2, 0, 10)).Select(e => e.Event));
        }
    }

    private static long FrameLengthAt(string segment, long position)
    {
        var header = new byte[FrameHeader.Size];
        using var file = File.OpenRead(segment);
        file.Position = position;
        file.ReadExactly(header);
        Assert.True(FrameHeader.TryRead(header, out var h, out _));
        return FrameHeader.Size + h.PayloadLength;
    }

    private async Task WriteThreeBatchesToPartitionZero()
    {
        await using var log = Open();
        for (var b = 0; b < 3; b++)
        {
            await log.AppendAsync(Events.Batch(b * 10, 10, 1));
        }
    }

    private string SingleSegment(int partition) =>
        Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "log", $"p{partition}"), "*.seg"));

    private FileIngestLog Open() => FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = 3 });
}
