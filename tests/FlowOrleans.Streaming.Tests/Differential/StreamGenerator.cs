namespace FlowOrleans.Streaming.Tests.Differential;

/// <summary>
/// A seeded, disordered stream: stream time advances by <see cref="StreamSpec.MsPerEvent"/> per event; most events
/// lag it by up to 3 s, <see cref="StreamSpec.LateFraction"/> of them by 15-45 s (late for a 5 s watermark delay).
/// Partitions are interleaved in random batches, with occasional replays and pauses.
/// </summary>
internal static class StreamGenerator
{
    public const long Epoch = 1_700_000_000_000;
    private static readonly string[] Types = ["normal", "important", "critical", "normal", "info"];

    public static List<DeliveryStep> Generate(StreamSpec spec)
    {
        var rng = new Random(spec.Seed);
        var logs = new List<LoggedEvent>[spec.Partitions];
        for (var p = 0; p < spec.Partitions; p++)
        {
            logs[p] = [];
        }

        for (var i = 0; i < spec.Events; i++)
        {
            var streamTime = Epoch + (i * spec.MsPerEvent);
            var lag = rng.NextDouble() < spec.LateFraction ? rng.NextInt64(15_000, 45_000) : rng.NextInt64(0, 3_000);
            string? key = rng.NextDouble() < spec.KeylessFraction ? null : "k" + rng.Next(spec.Keys);
            double? value = rng.NextDouble() < 0.05 ? null : Math.Round((rng.NextDouble() * 1100) - 100, 3);
            var e = new StreamEvent("e" + i, streamTime - lag, value, key, Types[rng.Next(Types.Length)]);
            var partition = key is null ? i % spec.Partitions : (key.Length * 31 + key[^1]) % spec.Partitions;
            logs[partition].Add(new LoggedEvent(partition, logs[partition].Count, streamTime, e));
        }

        var steps = new List<DeliveryStep>();
        var cursor = new int[spec.Partitions];
        var delivered = 0;
        var paused = 0L;
        var nextPause = spec.PauseEvery;
        while (true)
        {
            var open = new List<int>();
            for (var p = 0; p < spec.Partitions; p++)
            {
                if (cursor[p] < logs[p].Count)
                {
                    open.Add(p);
                }
            }

            if (open.Count == 0)
            {
                break;
            }

            var partition = open[rng.Next(open.Count)];
            var size = Math.Min(rng.Next(1, spec.MaxBatch + 1), logs[partition].Count - cursor[partition]);
            var batch = logs[partition].GetRange(cursor[partition], size).ToArray();
            cursor[partition] += size;
            delivered += size;
            var now = Epoch + 10_000 + (delivered * spec.MsPerEvent) + paused;
            steps.Add(new DeliveryStep(batch, now));
            if (rng.NextDouble() < spec.ReplayFraction)
            {
                steps.Add(new DeliveryStep(batch, now + 1));
            }

            if (spec.PauseEvery > 0 && delivered >= nextPause)
            {
                nextPause += spec.PauseEvery;
                for (var t = 5_000L; t <= spec.PauseLength; t += 5_000)
                {
                    steps.Add(new DeliveryStep(null, now + t));
                }

                paused += spec.PauseLength;
            }
        }

        return steps;
    }
}
