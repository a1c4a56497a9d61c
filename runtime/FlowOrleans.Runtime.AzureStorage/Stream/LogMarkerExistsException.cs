namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>
/// An append carried a marker whose name is already stored in the partition: the events it names were appended before
/// (by another writer, or by an attempt this one did not see succeed). Nothing of this append was written.
/// </summary>
public sealed class LogMarkerExistsException(string partition, IReadOnlyList<string> names)
    : InvalidOperationException($"Partition '{partition}' log already holds marker(s) {string.Join(", ", names)}: those events were appended before.")
{
    /// <summary>The partition.</summary>
    public string Partition { get; } = partition;

    /// <summary>The names of this append's markers that were already stored.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
