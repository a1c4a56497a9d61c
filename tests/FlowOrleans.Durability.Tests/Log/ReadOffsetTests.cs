using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>
/// <see cref="IIngestLog.GetReadOffset"/>: where the partition's reader stands, which the 429 back-pressure compares with
/// the end offset. Both logs of the embedded node, and a reopened file log.
/// </summary>
public sealed class ReadOffsetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Logs => ["file", "memory"];

    [Theory]
    [MemberData(nameof(Logs))]
    public async Task The_read_offset_follows_the_reader_forward_only_and_never_passes_the_end(string kind)
    {
        await using var log = Open(kind);
        await log.AppendAsync(Events.Batch(0, 20, 2)); // 10 events in each partition

        Assert.Equal(0, log.GetReadOffset(0));
        await log.ReadAsync(0, 0, 4);
        Assert.Equal(0, log.GetReadOffset(0)); // reading 0..3 does not mean they are processed yet
        await log.ReadAsync(0, 4, 4);
        Assert.Equal(4, log.GetReadOffset(0)); // asking for 4 on does
        await log.ReadAsync(0, 2, 4);
        Assert.Equal(4, log.GetReadOffset(0)); // a rewind to replay does not move it back
        await log.ReadAsync(0, 50, 4);
        Assert.Equal(10, log.GetReadOffset(0)); // past the end counts as the end
        Assert.Equal(0, log.GetReadOffset(1)); // each partition has its own reader
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public async Task The_read_offset_is_never_below_the_committed_offset(string kind)
    {
        await using var log = Open(kind);
        await log.AppendAsync(Events.Batch(0, 20, 2));
        await log.ReadAsync(1, 3, 4);
        await log.CommitAsync(1, 6);

        Assert.Equal(6, log.GetReadOffset(1));
    }

    [Fact]
    public async Task A_reopened_file_log_starts_its_readers_at_the_committed_offset()
    {
        await using (var log = Open("file"))
        {
            await log.AppendAsync(Events.Batch(0, 20, 2));
            await log.ReadAsync(0, 8, 4);
            await log.CommitAsync(0, 5);
        }

        await using var reopened = Open("file");
        Assert.Equal(5, reopened.GetReadOffset(0)); // 5..9 are replayed after a restart: not processed by this process
    }

    private IIngestLog Open(string kind) => kind == "memory"
        ? new InMemoryIngestLog(2)
        : FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = 2 });
}
