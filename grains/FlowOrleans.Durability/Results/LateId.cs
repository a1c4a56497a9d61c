namespace FlowOrleans.Durability.Results;

/// <summary>What identifies a late record: (pipeline, partition, offset, windowStart). A replay yields the same id.</summary>
public readonly record struct LateId(string Pipeline, int Partition, long Offset, long WindowStart);
