namespace FlowOrleans.Runtime.Membership;

/// <summary>One silo's vote that another silo is dead, and when it was cast.</summary>
/// <param name="Voter">The silo that missed its probes of the suspect.</param>
/// <param name="Time">When the vote was written.</param>
public readonly record struct SuspicionVote(SiloAddress Voter, DateTimeOffset Time);
