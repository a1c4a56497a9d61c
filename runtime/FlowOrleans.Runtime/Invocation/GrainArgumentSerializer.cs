using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlowOrleans.Runtime;

/// <summary>Reads and writes request arguments with <see cref="JsonTypeInfo{T}"/> from the configured options (generated code).</summary>
public static class GrainArgumentSerializer
{
    /// <summary>Writes one argument.</summary>
    public static void Write<T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        => JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));

    /// <summary>Reads one argument.</summary>
    public static T? Read<T>(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        Advance(ref reader);
        return JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }

    /// <summary>Reads the start of the argument array.</summary>
    public static void ReadStartArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Advance(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected the start of the argument array.");
        }
    }

    /// <summary>Reads the end of the argument array.</summary>
    public static void ReadEndArray(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("Expected the end of the argument array.");
        }
    }

    private static void Advance(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The argument array ended early.");
        }
    }
}
