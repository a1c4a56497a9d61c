using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>
/// The JSON options used for grain state and message arguments: <see cref="SiloOptions.SerializerOptions"/>
/// plus the grain reference converter. Type infos come from the options' resolver chain, so source-generated
/// contexts added there are used.
/// </summary>
public sealed class GrainStorageSerializer
{
    /// <summary>Builds the options from <see cref="SiloOptions"/> and the grain factory.</summary>
    public GrainStorageSerializer(IOptions<SiloOptions> options, IGrainFactory grainFactory)
        : this(options.Value.SerializerOptions, grainFactory as GrainReferenceRuntime)
    {
    }

    /// <summary>Builds the options from <paramref name="options"/> alone (no grain references; for tools outside a silo).</summary>
    public GrainStorageSerializer(JsonSerializerOptions options)
        : this(options, null)
    {
    }

    internal GrainStorageSerializer(JsonSerializerOptions options, GrainReferenceRuntime? runtime)
    {
        var serializerOptions = new JsonSerializerOptions(options);
        serializerOptions.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        if (runtime is not null)
        {
            serializerOptions.Converters.Add(new GrainReferenceJsonConverterFactory(runtime));
        }

        serializerOptions.MakeReadOnly();
        Options = serializerOptions;
    }

    /// <summary>The options (read-only).</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Serializes a state.</summary>
    public byte[] Serialize<T>(T value, bool indented = false)
    {
        var typeInfo = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
        if (!indented)
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.ToArray();
    }

    /// <summary>Deserializes a state.</summary>
    public T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    /// <summary>Deserializes a state from a JSON element.</summary>
    public T? Deserialize<T>(JsonElement element) => element.Deserialize((JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
}
