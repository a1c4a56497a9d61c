namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>Azure Table's rule for table names: 3-63 letters or digits, starting with a letter.</summary>
public static class AzureTableNames
{
    /// <summary>Null when <paramref name="tableName"/> is valid, otherwise what is wrong with it.</summary>
    public static string? Validate(string? tableName)
    {
        if (string.IsNullOrEmpty(tableName))
        {
            return "a table name is required.";
        }

        if (tableName.Length is < 3 or > 63 || !char.IsAsciiLetter(tableName[0]) || !tableName.All(char.IsAsciiLetterOrDigit))
        {
            return $"'{tableName}' is not a valid table name (3-63 letters or digits, starting with a letter).";
        }

        return null;
    }
}
