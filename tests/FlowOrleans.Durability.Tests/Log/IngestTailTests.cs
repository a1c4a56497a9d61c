using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

public sealed class IngestTailTests
{
    [Fact]
    public void ReadsFromInsideAChunkAcrossChunksAndUpToMaxCount()
    {
        var tail = new IngestTail(100);
        tail.Append(Chunk(10, 5)); // 10..14
        tail.Append(Chunk(15, 3)); // 15..17
        tail.Append(Chunk(18, 4)); // 18..21

        Assert.Equal([12L, 13L], Offsets(tail.TryRead(12, 2)));
        Assert.Equal([12L, 13L, 14L], Offsets(tail.TryRead(12, 3)));
        Assert.Equal([13L, 14L, 15L, 16L, 17L, 18L], Offsets(tail.TryRead(13, 6)));
        Assert.Equal(Enumerable.Range(10, 12).Select(n => (long)n), Offsets(tail.TryRead(10, 1000)));
        Assert.Equal([20L, 21L], Offsets(tail.TryRead(20, 1000)));
        Assert.Null(tail.TryRead(9, 10));
        Assert.Null(tail.TryRead(22, 10));
        Assert.Null(tail.TryRead(12, 0));
    }

    [Fact]
    public void AReadReturnsTheAppendedObjectsThemselves()
    {
        var tail = new IngestTail(100);
        var chunk = Chunk(0, 4);
        tail.Append(chunk);

        var read = tail.TryRead(1, 2)!;
        Assert.Same(chunk[1].Event, read[0].Event);
        Assert.Same(chunk[2].Event, read[1].Event);
        Assert.Equal([chunk[1], chunk[2]], read);
        Assert.Throws<ArgumentOutOfRangeException>(() => read[2]);
    }

    [Fact]
    public void ASliceHeldByAReaderStaysTheSameWhileTheTailMovesOn()
    {
        var tail = new IngestTail(8);
        tail.Append(Chunk(0, 8));
        var held = tail.TryRead(2, 4)!;
        var expected = held.ToList();

        tail.Append(Chunk(8, 8)); // evicts the chunk the slice views
        tail.DropBelow(100);

        Assert.Equal(expected, held);
        Assert.Null(tail.TryRead(2, 4));
    }

    [Fact]
    public void AnAppendBeyondTheBoundDropsTheOldestChunks()
    {
        var tail = new IngestTail(10);
        tail.Append(Chunk(0, 4));
        tail.Append(Chunk(4, 4));
        tail.Append(Chunk(8, 2));
        Assert.Equal(10, tail.Count);

        tail.Append(Chunk(10, 3));

        Assert.Equal(9, tail.Count); // 4..12: dropping 0..3 was enough
        Assert.Equal(4, tail.FirstOffset);
        Assert.Null(tail.TryRead(3, 10));
        Assert.Equal(Enumerable.Range(4, 9).Select(n => (long)n), Offsets(tail.TryRead(4, 100)));
    }

    [Fact]
    public void AChunkLargerThanTheBoundIsNotKept()
    {
        var tail = new IngestTail(10);
        tail.Append(Chunk(0, 4));
        tail.Append(Chunk(4, 11));

        Assert.Equal(0, tail.Count);
        Assert.Null(tail.FirstOffset);
        Assert.Null(tail.TryRead(4, 10));

        tail.Append(Chunk(15, 2));
        Assert.Equal([15L, 16L], Offsets(tail.TryRead(15, 10)));
    }

    [Fact]
    public void DropBelowRemovesOnlyChunksWhollyBelowTheOffset()
    {
        var tail = new IngestTail(100);
        tail.Append(Chunk(0, 5));
        tail.Append(Chunk(5, 5));
        tail.Append(Chunk(10, 5));

        tail.DropBelow(7);

        Assert.Equal(5, tail.FirstOffset);
        Assert.Null(tail.TryRead(4, 10));
        Assert.Equal([5L, 6L, 7L], Offsets(tail.TryRead(5, 3)));

        tail.DropBelow(15);
        Assert.Equal(0, tail.Count);
        Assert.Null(tail.TryRead(14, 1));
    }

    [Fact]
    public void AChunkThatDoesNotFollowTheLastReplacesTheTail()
    {
        var tail = new IngestTail(100);
        tail.Append(Chunk(0, 5));
        tail.Append(Chunk(9, 2));

        Assert.Equal(2, tail.Count);
        Assert.Null(tail.TryRead(4, 1));
        Assert.Equal([9L, 10L], Offsets(tail.TryRead(9, 5)));
    }

    [Fact]
    public void ManySmallChunksStayFindableAsTheOldestAreDropped()
    {
        var tail = new IngestTail(300);
        for (var first = 0; first < 10_000; first += 3)
        {
            tail.Append(Chunk(first, 3));
            var oldest = tail.FirstOffset!.Value;
            var expected = (int)Math.Min(5, first + 3 - oldest);
            Assert.Equal(Enumerable.Range((int)oldest, expected).Select(n => (long)n), Offsets(tail.TryRead(oldest, 5)));
        }

        Assert.Equal(300, tail.Count);
        Assert.Equal(9702, tail.FirstOffset);
    }

    private static LoggedEvent[] Chunk(long first, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new LoggedEvent(2, first + i, 1000 + first, Events.Make((int)first + i)))];

    private static List<long> Offsets(IReadOnlyList<LoggedEvent>? read)
    {
        Assert.NotNull(read);
        return [.. read.Select(e => e.Offset)];
    }
}
