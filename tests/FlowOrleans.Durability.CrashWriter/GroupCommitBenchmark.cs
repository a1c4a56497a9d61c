using System.Diagnostics;
using FlowOrleans.Durability.Log;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.CrashWriter;

/// <summary>
/// Measures single-event appends per second (each durable) with 1 and with 32 concurrent callers over
/// <c>partitions</c> partitions, then 1,000-event batch appends from 8 callers over 8 partitions.
/// </summary>
public static class GroupCommitBenchmark
{
    public static async Task RunAsync(string dataDirectory, TimeSpan duration, int partitions)
    {
        foreach (var callers in new[] { 1, 32 })
        {
            var directory = Path.Combine(dataDirectory, $"bench-{callers}");
            await using var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = directory, PartitionCount = partitions });
            long appends = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
            {
                var n = 0L;
                while (stopwatch.Elapsed < duration)
                {
                    var e = new StreamEvent($"c{c}-{n}", 1_700_000_000_000 + n, n, $"k{n % 100}", null);
                    await log.AppendAsync([((int)(n++ % partitions), e)]);
                    Interlocked.Increment(ref appends);
                }
            })));
            var seconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine($"single-event appends: partitions={partitions} callers={callers} appends={appends} appends/s={appends / seconds:F0} commits={log.CommitCount} appends/commit={(double)appends / Math.Max(1, log.CommitCount):F1}");
        }

        await RunBatchesAsync(Path.Combine(dataDirectory, "bench-batches"), duration, callers: 8, batchSize: 1000);
    }

    private static async Task RunBatchesAsync(string directory, TimeSpan duration, int callers, int batchSize)
    {
        await using var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = directory, PartitionCount = 8 });
        long events = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var batch = Enumerable.Range(0, batchSize)
                .Select(n => (n % 8, new StreamEvent($"c{c}-{n}", 1_700_000_000_000 + n, n * 0.5, $"key-{n % 1000}", "normal")))
                .ToList();
            while (stopwatch.Elapsed < duration)
            {
                await log.AppendAsync(batch);
                Interlocked.Add(ref events, batchSize);
            }
        })));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{batchSize}-event batches: callers={callers} events/s={events / seconds:F0} commits={log.CommitCount}");
    }
}
