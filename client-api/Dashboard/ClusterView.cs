using System.Text.Json.Serialization;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>One silo on the dashboard.</summary>
public sealed record SiloView(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("startedAt")] long StartedAt,
    [property: JsonPropertyName("uptimeMs")] long UptimeMs,
    [property: JsonPropertyName("activations")] long Activations,
    [property: JsonPropertyName("isLocal")] bool IsLocal);

/// <summary>One grain type on the dashboard.</summary>
public sealed record GrainTypeView(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("activations")] long Activations,
    [property: JsonPropertyName("calls")] long Calls,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("callsPerSecond")] double CallsPerSecond,
    [property: JsonPropertyName("latencyP50Ms")] double LatencyP50Ms,
    [property: JsonPropertyName("latencyP99Ms")] double LatencyP99Ms);

/// <summary>One grain method on the dashboard.</summary>
public sealed record MethodView(
    [property: JsonPropertyName("grainType")] string GrainType,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("calls")] long Calls,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("callsPerSecond")] double CallsPerSecond,
    [property: JsonPropertyName("latencyMeanMs")] double LatencyMeanMs,
    [property: JsonPropertyName("latencyP50Ms")] double LatencyP50Ms,
    [property: JsonPropertyName("latencyP99Ms")] double LatencyP99Ms);

/// <summary>The answer of <c>GET /dashboard/cluster</c>. <c>rateWindowMs</c> is how long the calls/s were measured over: 0 on the first sample, when no rate is known yet.</summary>
public sealed record ClusterView(
    [property: JsonPropertyName("sampledAt")] long SampledAt,
    [property: JsonPropertyName("rateWindowMs")] long RateWindowMs,
    [property: JsonPropertyName("silos")] IReadOnlyList<SiloView> Silos,
    [property: JsonPropertyName("grainTypes")] IReadOnlyList<GrainTypeView> GrainTypes,
    [property: JsonPropertyName("methods")] IReadOnlyList<MethodView> Methods);
