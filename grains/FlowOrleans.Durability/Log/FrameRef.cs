namespace FlowOrleans.Durability.Log;

/// <summary>Where one complete frame sits in its segment file, and which records it holds.</summary>
public readonly record struct FrameRef(long Position, int TotalLength, ulong Group, int GroupFrames, long FirstOffset, int Count)
{
    public long EndOffset => FirstOffset + Count;
}
