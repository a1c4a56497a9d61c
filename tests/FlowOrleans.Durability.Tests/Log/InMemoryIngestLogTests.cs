using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Log;

public class InMemoryIngestLogTests
{
    [Fact]
    public async Task ItHandsOutDenseOffsetsReadsWaitsAndCommitsLikeTheFileLog()
    {
        var time = new ManualTimeProvider();
        await using var log = new InMemoryIngestLog(2, time);
        var waiting = log.WaitForDataAsync(1, 1).AsTask();

        Assert.Equal([0L, 0L, 1L], await log.AppendAsync([(0, Events.Make(1)), (1, Events.Make(2)), (1, Events.Make(3))], new IdempotencyRecord("k", 1, [1])));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        var read = await log.ReadAsync(1, 1, 10);
        Assert.Equal(Events.Make(3), Assert.Single(read).Event);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), read[0].ReceivedAt);
        Assert.Equal(2, log.GetEndOffset(1));
        await log.CommitAsync(1, 2);
        Assert.Equal(2, log.GetCommittedOffset(1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.CommitAsync(0, 2));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.AppendAsync([(2, Events.Make(4))]));
        Assert.Equal("k", Assert.Single(log.IdempotencyRecords).Key);
    }
}
