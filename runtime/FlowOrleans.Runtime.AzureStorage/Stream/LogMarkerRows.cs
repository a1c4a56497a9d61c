using Microsoft.Azure.Cosmos.Table;

namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>
/// How <see cref="AzureTableLogStore"/> keeps <see cref="LogMarker"/>s: one entity each in the partition's own
/// PartitionKey (so it joins the batch's entity-group transaction), RowKey <c>m-</c> + name. Batch rows are all digits
/// and the head row is <c>head</c>, so marker rows sort after both and no batch query or truncation touches them.
/// </summary>
internal static class LogMarkerRows
{
    /// <summary>A table transaction holds 100 operations; an append's batch entity and head row take two.</summary>
    public const int MaxPerAppend = CloudTableQueries.MaxBatchOperations - 2;

    private const string Prefix = "m-";
    private const string OffsetProperty = "Offset";
    private const string CountProperty = "Count";
    private const string CreatedAtProperty = "CreatedAt";

    /// <summary>Throws <see cref="ArgumentException"/> unless every marker fits an append of <paramref name="eventCount"/> events.</summary>
    public static void Validate(IReadOnlyList<LogMarker> markers, int eventCount)
    {
        if (markers.Count > MaxPerAppend)
        {
            throw new ArgumentOutOfRangeException(nameof(markers), markers.Count, $"An append carries at most {MaxPerAppend} markers.");
        }

        foreach (var marker in markers)
        {
            if (!LogMarker.IsValidName(marker.Name))
            {
                throw new ArgumentException($"Marker name '{marker.Name}' is not 1 to {LogMarker.MaxNameLength} letters, digits, '-' or '_'.", nameof(markers));
            }

            if (marker.Index < 0 || marker.Count < 1 || marker.Index + marker.Count > eventCount)
            {
                throw new ArgumentOutOfRangeException(nameof(markers), $"Marker '{marker.Name}' names events {marker.Index}..{marker.Index + marker.Count - 1} of an append of {eventCount}.");
            }
        }

        if (markers.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != markers.Count)
        {
            throw new ArgumentException("An append's marker names must differ.", nameof(markers));
        }
    }

    public static DynamicTableEntity Entity(string partitionKey, LogMarker marker, long firstOffset) =>
        new(partitionKey, RowKey(marker.Name))
        {
            Properties =
            {
                [OffsetProperty] = new EntityProperty(firstOffset + marker.Index),
                [CountProperty] = new EntityProperty(marker.Count),
                [CreatedAtProperty] = new EntityProperty(marker.CreatedAt),
            },
        };

    public static StoredLogMarker Read(DynamicTableEntity entity) =>
        new(entity.RowKey[Prefix.Length..],
            entity.Properties[OffsetProperty].Int64Value ?? 0,
            entity.Properties[CountProperty].Int32Value ?? 0,
            entity.Properties[CreatedAtProperty].Int64Value ?? 0);

    public static string RowKey(string name) => Prefix + name;

    /// <summary>The partition's marker rows whose names start with <paramref name="namePrefix"/> ('~' sorts after every name character).</summary>
    public static string WithPrefix(string partitionKey, string namePrefix) =>
        TableQuery.CombineFilters(
            TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, partitionKey),
            TableOperators.And,
            TableQuery.CombineFilters(
                TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.GreaterThanOrEqual, RowKey(namePrefix)),
                TableOperators.And,
                TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.LessThan, RowKey(namePrefix) + "~")));

    /// <summary>The partition's marker rows created before <paramref name="createdBefore"/>.</summary>
    public static string OlderThan(string partitionKey, long createdBefore) =>
        TableQuery.CombineFilters(
            WithPrefix(partitionKey, ""),
            TableOperators.And,
            TableQuery.GenerateFilterConditionForLong(CreatedAtProperty, QueryComparisons.LessThan, createdBefore));
}
