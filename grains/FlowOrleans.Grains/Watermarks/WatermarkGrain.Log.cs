using Microsoft.Extensions.Logging;

namespace FlowOrleans.Grains.Watermarks;

public sealed partial class WatermarkGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {Pipeline}/{Start}/{Shard} did not fire; it is retried at the next watermark tick")]
    private static partial void LogFireFailed(ILogger logger, string pipeline, long start, int shard, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sessions {Pipeline}/session/{Shard} did not advance; they catch up at the next watermark advance")]
    private static partial void LogSessionsFailed(ILogger logger, string pipeline, int shard, Exception exception);
}
