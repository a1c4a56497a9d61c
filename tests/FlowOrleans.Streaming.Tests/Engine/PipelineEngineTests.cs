using FlowOrleans.Streaming.Engine;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Tests.Engine;

public class PipelineEngineTests
{
    private static LoggedEvent Event(int partition, long offset, long ts, double? value, string? key = "a", string? type = null) =>
        new(partition, offset, 0, new StreamEvent($"{partition}-{offset}", ts, value, key, type));

    [Fact]
    public void Fires_a_window_when_the_minimum_partition_watermark_passes_its_end()
    {
        var engine = new PipelineEngine(PipelineDefinition.Default);
        engine.ProcessBatch([Event(1, 0, 2_000, 3)], 50);
        engine.ProcessBatch([Event(0, 0, 1_000, 1), Event(0, 1, 16_000, 2)], 100);
        Assert.Equal(-3_000, engine.Watermark);
        Assert.Empty(engine.Results);
        engine.ProcessBatch([Event(1, 1, 14_999, 3)], 200);
        Assert.Equal(9_999, engine.Watermark);
        Assert.Empty(engine.Results);
        engine.ProcessBatch([Event(1, 2, 15_000, 4)], 300);
        var r = Assert.Single(engine.Results);
        Assert.Equal((0L, 10_000L, 2L, 4.0, 300L), (r.WindowStart, r.WindowEnd, r.Count, r.Sum, r.EmittedAt));
    }

    [Fact]
    public void Late_events_are_listed_once_per_missed_window_with_the_watermark()
    {
        var engine = new PipelineEngine(PipelineDefinition.Alerts);
        engine.ProcessBatch([Event(0, 0, 20_000, 1, type: "critical")], 0);
        Assert.Equal(15_000, engine.Watermark);
        engine.ProcessBatch([Event(0, 1, 12_000, 5, type: "important"), Event(0, 2, 12_000, 5, type: "normal")], 1);
        var late = Assert.Single(engine.LateEvents);
        Assert.Equal(("0-1", 5_000L, 15_000L), (late.Id, late.WindowStart, late.Watermark));
        engine.Finish(2);
        var window = Assert.Single(engine.Results, r => r.WindowStart == 10_000);
        Assert.Equal(1, window.Count);
        Assert.Equal(5, window.Aggregates!["p99"]!.Value, 1);
    }

    [Fact]
    public void Replayed_batches_are_skipped()
    {
        var engine = new PipelineEngine(PipelineDefinition.Default);
        LoggedEvent[] batch = [Event(0, 0, 1_000, 1), Event(0, 1, 2_000, 2)];
        engine.ProcessBatch(batch, 0);
        engine.ProcessBatch(batch, 1);
        engine.ProcessBatch([Event(0, 1, 2_000, 2), Event(0, 2, 3_000, 3)], 2);
        engine.Finish(3);
        var r = Assert.Single(engine.Results);
        Assert.Equal((3L, 6.0), (r.Count, r.Sum));
    }

    [Fact]
    public void Idle_stream_fires_its_last_window_only_with_advance_on_idle()
    {
        var plain = new PipelineEngine(PipelineDefinition.Default);
        var idle = PipelineDefinition.Default;
        idle.AdvanceOnIdle = true;
        var advancing = new PipelineEngine(idle);
        foreach (var engine in new[] { plain, advancing })
        {
            engine.ProcessBatch([Event(0, 0, 1_000, 1)], 0);
            engine.Tick(30_000);
            engine.Tick(45_000);
        }

        Assert.Empty(plain.Results);
        Assert.Equal(-4_000, plain.Watermark);
        Assert.Single(advancing.Results);
        Assert.Equal(11_000, advancing.Watermark);
        Assert.Equal(0, advancing.OpenWindowCount);
    }

    [Fact]
    public void Invalid_definitions_are_rejected()
    {
        var d = PipelineDefinition.Default;
        d.Window.Size = 0;
        var error = Assert.Throws<ArgumentException>(() => new PipelineEngine(d));
        Assert.Contains("window.size must be > 0", error.Message, StringComparison.Ordinal);
    }
}

public class PipelineEngineAllocationTests
{
    [Fact]
    public void Applying_events_to_open_windows_allocates_nothing_per_event()
    {
        var engine = new PipelineEngine(PipelineDefinition.Alerts);
        var keys = new[] { "a", "b", "c" };
        var batch = new LoggedEvent[10_000];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = new LoggedEvent(0, i + 10, 0, new StreamEvent("e" + i, 1_000 + (i % 3_000), i % 10, keys[i % 3], "critical"));
        }

        engine.ProcessBatch(batch.AsSpan(0, 30), 0); // creates the windows, groups and sketch bins
        var before = GC.GetAllocatedBytesForCurrentThread();
        engine.ProcessBatch(batch.AsSpan(30), 1);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4 * 1024, $"{allocated} bytes for {batch.Length - 30} events");
        engine.Finish(2);
        Assert.Equal(batch.Length * 2, engine.Results.Sum(r => r.Count));
    }
}
