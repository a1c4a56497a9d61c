namespace FlowOrleans.Durability.Results;

/// <summary>An <see cref="IResultStore"/> that keeps nothing beyond the instance, for tests of other layers.</summary>
public sealed class InMemoryResultStore(ResultStoreLimits? limits = null) : ResultStore(NullResultJournal.Instance, limits);
