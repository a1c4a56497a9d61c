using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowOrleans.Runtime;

/// <summary>
/// Serializes grain references (properties typed as a grain interface or <see cref="GrainReference"/>) as
/// <c>{"type": grain type, "key": key, "interface": interface name}</c> and binds them back to the silo's runtime.
/// </summary>
public sealed class GrainReferenceJsonConverterFactory : JsonConverterFactory
{
    private readonly GrainReferenceRuntime _runtime;

    internal GrainReferenceJsonConverterFactory(GrainReferenceRuntime runtime) => _runtime = runtime;

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert)
        => typeof(GrainReference).IsAssignableFrom(typeToConvert)
           || (typeToConvert.IsInterface && typeof(IGrain).IsAssignableFrom(typeToConvert) && GrainCodeRegistry.FindInterface(typeToConvert) is not null);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(GrainReferenceJsonConverter<>).MakeGenericType(typeToConvert), _runtime)!;

    private sealed class GrainReferenceJsonConverter<T>(GrainReferenceRuntime runtime) : JsonConverter<T>
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default;
            }

            string? type = null, key = null, interfaceName = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A grain reference is a JSON object.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "type": type = reader.GetString(); break;
                    case "key": key = reader.GetString(); break;
                    case "interface": interfaceName = reader.GetString(); break;
                    default: reader.Skip(); break;
                }
            }

            if (type is null || key is null || interfaceName is null)
            {
                throw new JsonException("A grain reference needs \"type\", \"key\" and \"interface\".");
            }

            var grainInterface = GrainCodeRegistry.FindInterface(interfaceName) ?? throw new JsonException($"Unknown grain interface '{interfaceName}'.");
            return (T)(object)runtime.GetReference(grainInterface, new GrainId(type, key));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not GrainReference reference)
            {
                throw new JsonException($"Only grain references created by the runtime can be serialized (got {value?.GetType()}).");
            }

            writer.WriteStartObject();
            writer.WriteString("type", reference.GrainId.Type);
            writer.WriteString("key", reference.GrainId.Key);
            writer.WriteString("interface", reference.Interface.InterfaceName);
            writer.WriteEndObject();
        }
    }
}
