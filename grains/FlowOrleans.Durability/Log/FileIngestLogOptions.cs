using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowOrleans.Durability.Log;

/// <summary>Settings of a <see cref="FileIngestLog"/>.</summary>
public sealed class FileIngestLogOptions
{
    /// <summary>Data directory; the log lives in <c>&lt;DataDirectory&gt;/log/</c>. Required.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Number of partitions (<c>p0</c>…). Fixed for the life of the data directory. Default 8.</summary>
    public int PartitionCount { get; set; } = 8;

    /// <summary>A segment is rolled once it reaches this many bytes. Default 64 MiB.</summary>
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The commit journal is restarted (after fsyncing the streams) once it holds this many bytes. It bounds the replay
    /// after a crash and costs one fsync per touched stream file each time. Default 64 MiB.
    /// </summary>
    public long CommitJournalBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most events one group commit takes from the queue (it always takes at least one request). Default 65536.</summary>
    public int MaxEventsPerCommit { get; set; } = 65_536;

    /// <summary>
    /// Most recently committed events each partition keeps in memory for readers close behind the writer (0: none,
    /// every read goes to the files). Default 8192, two read batches of the partition grain: about 8192 × (32 B + the
    /// event's own ~150 B) ≈ 1.5 MB per partition at most. Chunks below a read's offset or the committed offset are
    /// dropped at once, the oldest when an append would pass the bound.
    /// </summary>
    public int TailEventsPerPartition { get; set; } = 8192;

    /// <summary>How long idempotency records are kept (at least 10 minutes by the contract). Default 15 minutes.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Clock for <c>receivedAt</c> stamps and idempotency expiry. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the log says, once, why it stopped taking appends (a failed fsync: see <see cref="GroupCommitWriter"/>) and
    /// what to do about it. Default <see cref="NullLogger.Instance"/> (silent).
    /// </summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("FileIngestLogOptions.DataDirectory is required.", nameof(DataDirectory));
        }

        if (PartitionCount is < 1 or > 4096)
        {
            throw new ArgumentException("FileIngestLogOptions.PartitionCount must be 1..4096.", nameof(PartitionCount));
        }

        if (SegmentBytes < 4096)
        {
            throw new ArgumentException("FileIngestLogOptions.SegmentBytes must be at least 4096.", nameof(SegmentBytes));
        }

        if (CommitJournalBytes < 4096)
        {
            throw new ArgumentException("FileIngestLogOptions.CommitJournalBytes must be at least 4096.", nameof(CommitJournalBytes));
        }

        if (MaxEventsPerCommit < 1)
        {
            throw new ArgumentException("FileIngestLogOptions.MaxEventsPerCommit must be positive.", nameof(MaxEventsPerCommit));
        }

        if (TailEventsPerPartition < 0)
        {
            throw new ArgumentException("FileIngestLogOptions.TailEventsPerPartition must not be negative.", nameof(TailEventsPerPartition));
        }

        if (IdempotencyRetention < TimeSpan.Zero)
        {
            throw new ArgumentException("FileIngestLogOptions.IdempotencyRetention must not be negative.", nameof(IdempotencyRetention));
        }

        if (Logger is null)
        {
            throw new ArgumentException("FileIngestLogOptions.Logger must not be null (use NullLogger.Instance for none).", nameof(Logger));
        }
    }
}
