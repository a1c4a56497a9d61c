using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>
/// After a failed fsync the kernel may have dropped the unwritten pages and marked them clean, so a retried fsync can
/// succeed with the data lost. The log stops: the commit that met the failure fails, and so does every later append,
/// even once fsync works again, until the log is reopened (which recovers from what is on disk).
/// </summary>
public sealed class FailedFsyncTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AFailedCommitFsyncFailsThatAppendAndEveryLaterOneUntilTheLogIsReopened()
    {
        var log = Open();
        try
        {
            Assert.Equal([0L], await log.AppendAsync([(0, Events.Make(0))]));

            // One fsync fails (EIO), the next ones succeed again: what a retry after a dropped write-back would see.
            var failures = 1;
            log.CommitJournal.BeforeFsync = () =>
            {
                if (Interlocked.Decrement(ref failures) >= 0)
                {
                    throw new IOException("Input/output error");
                }
            };
            var failed = await Assert.ThrowsAsync<IngestLogFailedException>(async () => await log.AppendAsync([(0, Events.Make(1)), (1, Events.Make(2))]));
            Assert.Contains("Input/output error", failed.Message, StringComparison.Ordinal);

            await Assert.ThrowsAsync<IngestLogFailedException>(async () => await log.AppendAsync([(1, Events.Make(3))]));
            await Assert.ThrowsAsync<IngestLogFailedException>(async () => await log.AppendAsync([(0, Events.Make(4))]));

            Assert.Equal(1, log.GetEndOffset(0)); // nothing after the failure was published
            Assert.Equal(0, log.GetEndOffset(1));
            Assert.Equal(0, log.PendingEventCount);
        }
        finally
        {
            await log.DisposeAsync();
        }

        await using var reopened = Open();
        Assert.Equal(1, reopened.GetEndOffset(0));
        Assert.Equal(0, reopened.GetEndOffset(1));
        Assert.Equal([Events.Make(0)], (await reopened.ReadAsync(0, 0, 10)).Select(e => e.Event));
        Assert.Equal([1L, 0L], await reopened.AppendAsync([(0, Events.Make(5)), (1, Events.Make(6))]));
    }

    private FileIngestLog Open() => FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = 2 });
}
