using FlowOrleans.Streaming.Engine;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Tests.Differential;

/// <summary>Feeds one stream through <see cref="PipelineEngine"/> and through <see cref="BatchOracle"/>, and compares them exactly.</summary>
internal sealed class DifferentialRun
{
    public required PipelineEngine Engine { get; init; }
    public required BatchOracle Oracle { get; init; }
    public required int FilteredEvents { get; init; }
    public required int WindowsPerEvent { get; init; }

    public static DifferentialRun Execute(PipelineDefinition definition, StreamSpec spec)
    {
        var steps = StreamGenerator.Generate(spec);
        var engine = new PipelineEngine(definition);
        foreach (var step in steps)
        {
            if (step.Batch is { } batch)
            {
                engine.ProcessBatch(batch, step.Now);
            }
            else
            {
                engine.Tick(step.Now);
            }
        }

        engine.Finish(steps[^1].Now + 1);

        var w = definition.Window;
        var oracle = new BatchOracle(new OracleSpec(
            w.Type, w.Size, w.Slide ?? w.Size, w.Offset, w.Gap ?? 0, definition.WatermarkDelay, definition.AllowedLateness,
            definition.IdleTimeout, definition.AdvanceOnIdle, definition.Types?.ToArray(), definition.GroupBy is not null));
        oracle.Run(steps);

        var ids = new HashSet<string>();
        foreach (var step in steps)
        {
            foreach (var e in step.Batch ?? [])
            {
                if (definition.Types is null || definition.Types.Contains(e.Event.Type!))
                {
                    ids.Add(e.Event.Id);
                }
            }
        }

        return new DifferentialRun
        {
            Engine = engine,
            Oracle = oracle,
            FilteredEvents = ids.Count,
            WindowsPerEvent = w.Type == "sliding" ? (int)(w.Size / w.Slide!.Value) : 1,
        };
    }

    /// <summary>The last revision of every (key, window), checking that revisions of each run 0, 1, 2… without gaps or repeats.</summary>
    public Dictionary<(string Key, long Start), WindowResult> FinalResults()
    {
        var final = new Dictionary<(string, long), WindowResult>();
        foreach (var r in Engine.Results)
        {
            var id = (BatchOracle.KeyOf(r.Key), r.WindowStart);
            var expectedRevision = final.TryGetValue(id, out var previous) ? previous.Revision + 1 : 0;
            Assert.True(expectedRevision == r.Revision, $"window {id} revision {r.Revision}, expected {expectedRevision}");
            final[id] = r;
        }

        return final;
    }

    /// <summary>Every window's count/sum/min/max/avg and every late record match the oracle.</summary>
    public void AssertMatchesOracle()
    {
        var final = FinalResults();
        Assert.Equal(Oracle.Windows.Count, final.Count);
        foreach (var (id, expected) in Oracle.Windows)
        {
            Assert.True(final.TryGetValue(id, out var actual), $"window {id} missing");
            Assert.Equal(expected.End, actual.WindowEnd);
            Assert.Equal(expected.Values.Count, actual.Count);
            var values = expected.Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            if (values.Count == 0)
            {
                Assert.Null(actual.Sum);
                Assert.Null(actual.Min);
                Assert.Null(actual.Max);
                Assert.Null(actual.Avg);
                continue;
            }

            var sum = values.Sum();
            AssertClose(sum, actual.Sum!.Value, id);
            Assert.Equal(values.Min(), actual.Min);
            Assert.Equal(values.Max(), actual.Max);
            AssertClose(sum / values.Count, actual.Avg!.Value, id);
        }

        var expectedLate = Oracle.Late.OrderBy(l => l.Id, StringComparer.Ordinal).ThenBy(l => l.WindowStart).ToList();
        var actualLate = Engine.LateEvents.Select(l => (l.Id, l.WindowStart))
            .OrderBy(l => l.Id, StringComparer.Ordinal).ThenBy(l => l.WindowStart).ToList();
        Assert.Equal(expectedLate, actualLate);
    }

    /// <summary>Each accepted (event, window) pair is in exactly one place: a window's count or a late record.</summary>
    public void AssertConservation()
    {
        var counted = FinalResults().Values.Sum(r => r.Count);
        Assert.Equal((long)FilteredEvents * WindowsPerEvent, counted + Engine.LateEvents.Count);
    }

    public double LateFraction => (double)Engine.LateEvents.Count / (FilteredEvents * WindowsPerEvent);

    private static void AssertClose(double expected, double actual, (string, long) id)
    {
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"window {id}: expected {expected}, got {actual}");
    }
}
