using System.Text.Json;
using System.Text.Json.Serialization;
using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.ClientApi.Generator;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.ClientApi.Live;
using FlowOrleans.GrainInterfaces;

namespace FlowOrleans.ClientApi.Json;

/// <summary>Source-generated JSON metadata for everything the gateway sends or receives (besides stream records and pipelines).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(GeneratorSettings))]
[JsonSerializable(typeof(GeneratorStatus))]
[JsonSerializable(typeof(WatermarkInfo))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(LiveMessage))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
public sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>The gateway's JSON settings: web defaults, and readable text (no escaping of quotes and apostrophes in messages).</summary>
public static class ApiJson
{
    /// <summary>Options shared by every gateway response.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The source-generated metadata bound to <see cref="Options"/>.</summary>
    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions(Options));
}
