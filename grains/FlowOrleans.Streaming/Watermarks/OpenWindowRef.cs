namespace FlowOrleans.Streaming.Watermarks;

/// <summary>One open window grain: the window <c>[Start, End)</c> and its shard (grain key <c>{pipeline}/{Start}/{Shard}</c>).</summary>
public readonly record struct OpenWindowRef(long Start, long End, int Shard);
