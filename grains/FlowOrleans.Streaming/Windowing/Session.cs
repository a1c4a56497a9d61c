using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Windowing;

/// <summary>
/// One session of a key: <c>[Start, End)</c> with <c>End = last ts + gap</c>, and its aggregate, whose
/// <see cref="Accumulator.Revision"/> is the last revision emitted for it (-1 while no part of it has fired).
/// </summary>
public sealed class Session
{
    public long Start { get; set; }

    public long End { get; set; }

    public Accumulator Aggregate { get; set; } = new();

    /// <summary>
    /// The starts under which results of this session's parts are in the queries (null while none fired). A merge
    /// unites them; the next firing retracts every one that differs from <see cref="Start"/>.
    /// </summary>
    public List<long>? FiredStarts { get; set; }

    /// <summary>
    /// Changed since its last result by an event within allowed lateness (or formed by one and already due): fires as
    /// soon as the watermark is at its end, without waiting for the watermark to advance.
    /// </summary>
    public bool Pending { get; set; }

    /// <summary>True once a part of this session has emitted a result.</summary>
    public bool HasFired => Aggregate.Revision >= 0;
}
