namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>An append expected the log to end at one offset, and it ends at another: someone else appended.</summary>
public sealed class LogOffsetConflictException(string partition, long expectedOffset, long actualOffset)
    : InvalidOperationException($"Partition '{partition}' log: expected to append at offset {expectedOffset}, but the log's next offset is {actualOffset}. Another writer appended.")
{
    /// <summary>The partition.</summary>
    public string Partition { get; } = partition;

    /// <summary>The offset the writer expected.</summary>
    public long ExpectedOffset { get; } = expectedOffset;

    /// <summary>The log's actual next offset.</summary>
    public long ActualOffset { get; } = actualOffset;
}
