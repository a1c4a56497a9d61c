using System.Text;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Idempotency;

public sealed class IdempotencyStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ARepeatedKeyGetsTheSameResponseAndAppendsNothing()
    {
        await using var log = OpenLog();
        var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time);

        var first = await store.ExecuteOnceAsync("k1", (ticket, ct) => Ingest(log, ticket, 5, ct));
        var again = await store.ExecuteOnceAsync("k1", (ticket, ct) => Ingest(log, ticket, 5, ct));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Response, again.Response);
        Assert.Equal(5, log.GetEndOffset(0));
        var other = await store.ExecuteOnceAsync("k2", (ticket, ct) => Ingest(log, ticket, 5, ct));
        Assert.False(other.Replayed);
        Assert.Equal(10, log.GetEndOffset(0));
    }

    [Fact]
    public async Task ConcurrentRequestsWithTheSameKeyAppendOnce()
    {
        await using var log = OpenLog();
        var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var executions = 0;

        async Task<byte[]> Execute(IdempotencyTicket ticket, CancellationToken ct)
        {
            Interlocked.Increment(ref executions);
            await release.Task;
            return await Ingest(log, ticket, 3, ct);
        }

        var requests = Enumerable.Range(0, 8).Select(_ => store.ExecuteOnceAsync("same", Execute)).ToList();
        Assert.All(requests, r => Assert.False(r.IsCompleted));
        release.SetResult();
        var outcomes = await Task.WhenAll(requests);

        Assert.Equal(1, executions);
        Assert.Equal(7, outcomes.Count(o => o.Replayed));
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].Response, o.Response));
        Assert.Equal(3, log.GetEndOffset(0));
    }

    [Fact]
    public async Task AFailedExecutionIsNotRememberedAndAWaiterRetries()
    {
        var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failing = store.ExecuteOnceAsync("k", async (_, _) =>
        {
            await release.Task;
            throw new IOException("disk full");
        });
        var waiter = store.ExecuteOnceAsync("k", (_, _) => Task.FromResult("second"u8.ToArray()));
        release.SetResult();

        await Assert.ThrowsAsync<IOException>(() => failing);
        var outcome = await waiter;
        Assert.False(outcome.Replayed);
        Assert.Equal("second"u8.ToArray(), outcome.Response);
    }

    [Fact]
    public async Task KeysSurviveAReopenOfTheLog()
    {
        byte[] response;
        await using (var log = OpenLog())
        {
            var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time, log.RecoveredIdempotencyRecords);
            response = (await store.ExecuteOnceAsync("k1", (ticket, ct) => Ingest(log, ticket, 4, ct))).Response;
        }

        await using (var log = OpenLog())
        {
            var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time, log.RecoveredIdempotencyRecords);
            var outcome = await store.ExecuteOnceAsync("k1", (ticket, ct) => Ingest(log, ticket, 4, ct));
            Assert.True(outcome.Replayed);
            Assert.Equal(response, outcome.Response);
            Assert.Equal(4, log.GetEndOffset(0));
        }
    }

    [Fact]
    public async Task KeysExpireAfterTheRetentionInMemoryAndOnReopen()
    {
        await using (var log = OpenLog())
        {
            var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time);
            await store.ExecuteOnceAsync("old", (ticket, ct) => Ingest(log, ticket, 1, ct));
            _time.Advance(TimeSpan.FromMinutes(6));
            await store.ExecuteOnceAsync("young", (ticket, ct) => Ingest(log, ticket, 1, ct));
            _time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromMilliseconds(1));

            Assert.False(store.TryGetResponse("old", out _));
            Assert.True(store.TryGetResponse("young", out _));
            Assert.Equal(1, store.Count);
            var again = await store.ExecuteOnceAsync("old", (ticket, ct) => Ingest(log, ticket, 1, ct));
            Assert.False(again.Replayed);
            Assert.Equal(3, log.GetEndOffset(0));
        }

        await using (var log = OpenLog())
        {
            Assert.Equal(["young", "old"], log.RecoveredIdempotencyRecords.Select(r => r.Key));
        }
    }

    [Fact]
    public async Task AKeyWhoseGroupCommitWasTornIsForgottenWithItsEvents()
    {
        await using (var log = OpenLog())
        {
            var store = new IdempotencyStore(TimeSpan.FromMinutes(10), _time);
            await store.ExecuteOnceAsync("k1", (ticket, ct) => Ingest(log, ticket, 2, ct));
        }

        // The crash tore the events' frame; the journal's frame of the same commit survived.
        var segment = Directory.GetFiles(Path.Combine(_dir.Path, "log", "p0"), "*.seg").Single();
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 1);
        }

        await using (var log = OpenLog())
        {
            Assert.Equal(0, log.GetEndOffset(0));
            Assert.Empty(log.RecoveredIdempotencyRecords);
        }
    }

    private static async Task<byte[]> Ingest(IIngestLog log, IdempotencyTicket ticket, int events, CancellationToken ct)
    {
        var response = Encoding.UTF8.GetBytes($"{{\"accepted\":{events},\"key\":\"{ticket.Key}\"}}");
        await log.AppendAsync(Events.Batch(0, events, 1), ticket.Record(response), ct);
        return response;
    }

    private FileIngestLog OpenLog() => FileIngestLog.Open(new FileIngestLogOptions
    {
        DataDirectory = _dir.Path,
        PartitionCount = 2,
        IdempotencyRetention = TimeSpan.FromMinutes(10),
        TimeProvider = _time,
    });
}
