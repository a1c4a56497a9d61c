using System.Diagnostics;
using FlowOrleans.Durability.Log;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.CrashWriter;

/// <summary>Measures single-event appends per second (each durable) with 1 and with 32 concurrent callers.</summary>
public static class GroupCommitBenchmark
{
    public static async Task RunAsync(string dataDirectory, TimeSpan duration)
    {
        foreach (var callers in new[] { 1, 32 })
        {
            var directory = Path.Combine(dataDirectory, $"bench-{callers}");
            await using var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = directory, PartitionCount = 8 });
            long appends = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                var n = 0L;
                while (stopwatch.Elapsed < duration)
                {
                    var e = new StreamEvent($"c{c}-{n}", 1_700_000_000_000 + n, n, $"k{n % 100}", null);
                    await log.AppendAsync([((int)(n++ % 8), e)]);
                    Interlocked.Increment(ref appends);
                }
            })));
            var seconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine($"callers={callers} appends={appends} appends/s={appends / seconds:F0} commits={log.CommitCount} appends/commit={(double)appends / Math.Max(1, log.CommitCount):F1}");
        }
    }
}
