using System.Diagnostics;
using System.Globalization;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Engine;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Bench.Windows;

/// <summary>
/// <c>windows [EVENTS [PIPELINE|all [KEYS]]]</c>: events/s of the window logic for tumbling (the baseline), sliding 10 s / 5 s and session
/// pipelines (and the built-in <c>alerts</c>: sliding with <c>p99</c>) on the same seeded stream, in the same run, with
/// the process CPU per event (the figure to compare on a loaded machine); and the memory of an open window per key.
/// </summary>
public static class WindowThroughput
{
    public static void Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000_000;
        var keys = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
        var events = Stream(count, keys);
        Console.WriteLine($"window logic benchmark: {count:N0} events, 4 partitions, batches of 1000, {keys:N0} keys, 5% late");
        var definitions = new[]
        {
            PipelineDefinition.Default,
            new PipelineDefinition { Name = "sliding", Window = new WindowDefinition { Type = WindowTypes.Sliding, Size = 10_000, Slide = 5_000 } },
            new PipelineDefinition { Name = "session", Window = new WindowDefinition { Type = WindowTypes.Session, Gap = 3_000 } },
            new PipelineDefinition { Name = "tumbling-p99", Window = new WindowDefinition { Type = WindowTypes.Tumbling, Size = 10_000 }, Aggregates = ["count", "sum", "min", "max", "avg", "p99"] },
            PipelineDefinition.Alerts,
        };
        double? baseline = null;
        var only = args.Length > 2 && args[2] != "all" ? args[2] : null; // the baseline and that pipeline only
        foreach (var definition in definitions.Where(d => only is null || d == definitions[0] || d.Name == only))
        {
            Measure(definition, events); // warm-up
            var (rate, cpu, allocated) = Measure(definition, events);
            baseline ??= rate;
            Console.WriteLine($"  {definition.Name,-14} {rate,14:N0} events/s   {rate / baseline,6:P0} of tumbling   {cpu * 1e9 / count,6:F0} ns CPU/event   {allocated / (double)count,6:F1} B allocated/event");
        }

        MemoryPerWindowAndKey();
    }

    private static (double Rate, double CpuSeconds, long Allocated) Measure(PipelineDefinition definition, LoggedEvent[] events)
    {
        var engine = new PipelineEngine(definition);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < events.Length; i += 1000)
        {
            engine.ProcessBatch(events.AsSpan(i, Math.Min(1000, events.Length - i)), events[i].ReceivedAt);
            engine.Results.Clear();
            engine.LateEvents.Clear();
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return (events.Length / seconds, cpuSeconds, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void MemoryPerWindowAndKey()
    {
        const int windows = 200, keys = 1000;
        foreach (var aggregates in new[] { PipelineDefinition.DefaultAggregates, ["count", "sum", "min", "max", "avg", "p99"] })
        {
            var plan = AggregatorRegistry.CreateDefault().Resolve(aggregates);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var states = new WindowState[windows];
            long offset = 0;
            for (var w = 0; w < windows; w++)
            {
                states[w] = WindowState.Create("bench", w * 10_000L, (w + 1) * 10_000L, 0, 0);
                for (var k = 0; k < keys; k++)
                {
                    var e = new StreamEvent("x", w * 10_000L + k, k, "key-" + k.ToString(CultureInfo.InvariantCulture), null);
                    states[w].Apply(new LoggedEvent(0, offset++, 0, e), e.Key, long.MinValue, plan);
                }
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(states);
            Console.WriteLine($"  memory per open window and key ({string.Join(',', aggregates)}): {(after - before) / (double)(windows * keys):F0} B");
        }
    }

    private static LoggedEvent[] Stream(int count, int keys)
    {
        var random = new Random(7);
        var events = new LoggedEvent[count];
        var offsets = new long[4];
        var t0 = 1_700_000_000_000L;
        for (var i = 0; i < count; i++)
        {
            var now = t0 + (i / 10);
            var late = random.Next(20) == 0;
            var ts = now - (late ? 20_000 + random.Next(30_000) : random.Next(3_000));
            var key = "key-" + random.Next(keys).ToString(CultureInfo.InvariantCulture);
            var p = i % 4;
            events[i] = new LoggedEvent(p, offsets[p]++, now, new StreamEvent(i.ToString(CultureInfo.InvariantCulture), ts, random.Next(1000), key, "important"));
        }

        return events;
    }
}
