namespace FlowOrleans.Runtime.Networking;

/// <summary>How many frames a connection wrote and in how many flushes (frames per flush shows the batching).</summary>
/// <param name="Frames">Frames written.</param>
/// <param name="Flushes">Flushes to the socket.</param>
public readonly record struct WriteStatistics(long Frames, long Flushes);
