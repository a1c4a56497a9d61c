namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>A batch of events does not fit in one table entity; append fewer events at a time.</summary>
public sealed class LogBatchTooLargeException(string partition, int events, int size, int limit)
    : InvalidOperationException($"Partition '{partition}' log: a batch of {events} events is {size} bytes; one log entity holds at most {limit} bytes. Append smaller batches.")
{
    /// <summary>The serialized size of the batch in bytes.</summary>
    public int Size { get; } = size;

    /// <summary>The limit in bytes.</summary>
    public int Limit { get; } = limit;
}
