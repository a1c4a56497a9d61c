using System.Globalization;
using System.Text;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.CrashWriter;

/// <summary>
/// Appends batches from several concurrent loops forever. After each acknowledged batch it prints
/// <c>ack &lt;batch&gt; &lt;partition&gt;:&lt;offset&gt;…</c> (one pair per event, in event order).
/// </summary>
public static class AppendUntilKilled
{
    public static async Task RunAsync(string dataDirectory, int partitions, int writers, long firstBatch)
    {
        await using var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = dataDirectory, PartitionCount = partitions, SegmentBytes = 64 * 1024 });
        var output = Console.Out;
        var gate = new Lock();
        var next = firstBatch;
        output.WriteLine("ready");
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var batch = Interlocked.Increment(ref next) - 1;
                var events = new List<(int Partition, StreamEvent Event)>(CrashWriterEvents.EventsPerBatch);
                for (var i = 0; i < CrashWriterEvents.EventsPerBatch; i++)
                {
                    events.Add((CrashWriterEvents.PartitionOf(batch, i, partitions), CrashWriterEvents.Make(batch, i)));
                }

                var record = new IdempotencyRecord(CrashWriterEvents.IdempotencyKey(batch), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CrashWriterEvents.Response(batch));
                var offsets = await log.AppendAsync(events, record);
                var line = new StringBuilder("ack ").Append(batch.ToString(CultureInfo.InvariantCulture));
                for (var i = 0; i < offsets.Count; i++)
                {
                    line.Append(CultureInfo.InvariantCulture, $" {events[i].Partition}:{offsets[i]}");
                }

                lock (gate)
                {
                    output.WriteLine(line.ToString());
                    output.Flush();
                }
            }
        })));
    }
}
