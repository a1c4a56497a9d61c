using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Windowing;

/// <summary>One open session of a key: <c>[Start, End)</c> with <c>End = last ts + gap</c>, and its aggregate.</summary>
public sealed class Session
{
    public long Start { get; set; }

    public long End { get; set; }

    public Accumulator Aggregate { get; set; } = new();
}
