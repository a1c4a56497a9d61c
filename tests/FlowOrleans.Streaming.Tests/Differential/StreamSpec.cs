namespace FlowOrleans.Streaming.Tests.Differential;

/// <summary>How the seeded test stream is generated and delivered.</summary>
internal sealed record StreamSpec
{
    public int Seed { get; init; } = 42;
    public int Events { get; init; } = 20_000;
    public int Partitions { get; init; } = 4;
    public int Keys { get; init; } = 60;
    public double KeylessFraction { get; init; } = 0.1;
    public double LateFraction { get; init; } = 0.1;
    public long MsPerEvent { get; init; } = 20;
    public int MaxBatch { get; init; } = 40;
    /// <summary>Every this many events all partitions pause and the engine only ticks (0: never).</summary>
    public int PauseEvery { get; init; }
    public long PauseLength { get; init; } = 50_000;
    /// <summary>Probability that a batch is delivered twice (a replay after a crash).</summary>
    public double ReplayFraction { get; init; } = 0.03;
}

/// <summary>One step of delivery: a batch at processing time <see cref="Now"/>, or a tick when <see cref="Batch"/> is null.</summary>
internal readonly record struct DeliveryStep(LoggedEvent[]? Batch, long Now);
