namespace FlowOrleans.ClientApi.Ingest;

/// <summary>The limits an event must respect (CONTRACT §2). Built from <see cref="Hosting.FlowNodeOptions"/>.</summary>
/// <param name="MinTs">The smallest accepted <c>ts</c> (Unix ms).</param>
/// <param name="MaxFutureMs">How far past the current time a <c>ts</c> may lie.</param>
/// <param name="MaxIdLength">Longest accepted id, in characters.</param>
/// <param name="MaxKeyLength">Longest accepted key or type, in characters.</param>
public sealed record EventRules(long MinTs, long MaxFutureMs, int MaxIdLength = 128, int MaxKeyLength = 256)
{
    /// <summary>2000-01-01T00:00:00Z in Unix ms.</summary>
    public const long Year2000 = 946_684_800_000;

    /// <summary>The contract's defaults: not before 2000, at most one day in the future.</summary>
    public static EventRules Default { get; } = new(Year2000, 86_400_000);
}
