using System.Diagnostics;
using System.Globalization;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Log;
using FlowOrleans.Grains.Routing;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// CPU time and allocations per event of each stage of the batch path, run in this process on the bench's
/// 1,000-event JSON array: <c>stages ITERATIONS</c>. The stages are the node's own code (parse and validate,
/// partition, encode a log frame and its CRC, read it back and decode, route to window grains); the window apply
/// itself is <c>windows</c>. Each stage runs ITERATIONS batches after a warm-up of the same size.
/// </summary>
public static class StageCosts
{
    private const int Partitions = 4;

    public static void Run(string[] args)
    {
        var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = new EventBodies(1_000, 1, ndjson: false, seed: 1).Next(now);
        var ndjson = new EventBodies(1_000, 1, ndjson: true, seed: 1).Next(now);
        var events = EventParser.ParseJson(body, EventRules.Default, now).Events;
        using var frame = new PooledBufferWriter();
        Encode(frame, events, now);
        var encoded = frame.WrittenSpan.ToArray();
        var logged = Decode(encoded);
        var router = new PartitionBatchRouter([PipelineDefinition.Default, new PipelineDefinition
        {
            Name = "alerts",
            Types = ["important"],
            Window = new WindowDefinition { Type = WindowTypes.Sliding, Size = 10_000, Slide = 5_000 },
            Aggregates = ["count", "sum", "min", "max", "avg", "p99"],
        }]);
        Console.WriteLine($"batch path stages, {iterations} batches of {events.Count} events ({body.Length} B JSON, {encoded.Length} B in the log), {Environment.ProcessorCount} cores");

        Measure("parse + validate (JSON array)", iterations, events.Count, () => EventParser.ParseJson(body, EventRules.Default, now));
        Measure("parse + validate (NDJSON)", iterations, events.Count, () => EventParser.ParseNdjson(ndjson, EventRules.Default, now));
        var items = new (int, StreamEvent)[events.Count];
        Measure("partition (FNV-1a of the key)", iterations, events.Count, () =>
        {
            for (var i = 0; i < events.Count; i++)
            {
                items[i] = (EventPartitioner.PartitionOf(events[i], Partitions), events[i]);
            }
        });
        Measure("encode log frame", iterations, events.Count, () =>
        {
            frame.Reset();
            Encode(frame, events, now);
        });
        Measure("CRC-32 of the frame", iterations, events.Count, () => Crc32.Compute(encoded));
        Measure("decode log frame", iterations, events.Count, () => Decode(encoded));
        Measure("route to window grains (2 pipelines)", iterations, events.Count, () =>
        {
            router.Route(logged);
            router.Release(); // as the partition grain does once every window grain applied its slice
        });
    }

    private static void Encode(PooledBufferWriter frame, IReadOnlyList<StreamEvent> events, long now)
    {
        for (var i = 0; i < events.Count; i++)
        {
            LoggedEventCodec.Write(frame, now, events[i]);
        }
    }

    private static List<LoggedEvent> Decode(byte[] encoded)
    {
        var reader = new BinaryFieldReader(encoded);
        var result = new List<LoggedEvent>(1_000);
        var offset = 0L;
        while (!reader.End)
        {
            result.Add(LoggedEventCodec.Read(ref reader, 0, offset++));
        }

        return result;
    }

    private static void Measure(string stage, int iterations, int perBatch, Action batch)
    {
        for (var i = 0; i < iterations; i++)
        {
            batch(); // warm-up: tiering reaches the optimised code before the timed part
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            batch();
        }

        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var events = (double)iterations * perBatch;
        Console.WriteLine($"  {stage,-40} {wall * 1e9 / events,7:F0} ns/event wall, {cpuSeconds * 1e9 / events,7:F0} ns/event CPU, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / events,6:F1} B/event");
    }
}
