using System.Text.Json.Serialization;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>Why the event at <see cref="Index"/> of a request was rejected.</summary>
public sealed record IngestError(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("error")] string Error);

/// <summary>The answer to <c>POST /ingest</c>: how many events were accepted (and are durable) and why the others were not.</summary>
public sealed record IngestResponse(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("errors")] IReadOnlyList<IngestError> Errors);
