using Microsoft.Extensions.Logging;

namespace FlowOrleans.Durability.Log;

public sealed partial class FileIngestLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The ingest log in {LogDirectory} has stopped taking events: {Reason}. "
        + "After a failed fsync it can no longer tell what is on disk, so every append fails (ingest answers 503 and /health/ready is not ready) until the node restarts. "
        + "Check the disk that holds the data directory (full? read-only? I/O errors in the kernel log, dmesg), then restart the node: it recovers from what is really on disk.")]
    private static partial void LogStopped(ILogger logger, string logDirectory, string reason, Exception exception);
}
