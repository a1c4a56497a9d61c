using System.Buffers;
using System.Text.Json;
using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.ClientApi.Json;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using Microsoft.Extensions.Options;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary><c>POST /ingest</c>: one event, a JSON array, or NDJSON; answered once the accepted events are durable.</summary>
public static class IngestEndpoints
{
    /// <summary>The longest accepted <c>Idempotency-Key</c>.</summary>
    public const int MaxIdempotencyKeyLength = 256;

    // The limits of the last request, reused while the options say the same (they are fixed once the node runs).
    private static EventRules CachedRules = EventRules.Default;

    /// <summary>Maps the ingest endpoint.</summary>
    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/ingest", IngestAsync)
            .RunsDirectly() // past the middleware it has no use for (DirectEndpoints)
            .WithName("Ingest")
            .WithTags("Ingest")
            .WithSummary("Append events (object, array or NDJSON); 202 once durable")
            .Produces<IngestResponse>(StatusCodes.Status202Accepted)
            .Produces<IngestResponse>(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> IngestAsync(HttpContext context, IngestService ingest, IOptions<FlowNodeOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var request = context.Request;
        if (BodyKindOf(request.ContentType) is not { } kind)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send JSON (Content-Type: application/json) or NDJSON (Content-Type: application/x-ndjson), not '{request.ContentType}'. With curl: -H 'Content-Type: application/json'.");
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            return Problems.BadRequest("Idempotency-Key too long", $"An Idempotency-Key has at most {MaxIdempotencyKeyLength} characters.");
        }

        if (ingest.OverloadOf(o.MaxBacklogEvents, o.MaxUncommittedEvents) is { } overload)
        {
            context.Response.Headers.RetryAfter = "1";
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Node overloaded", overload);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null; // RequestBody enforces MaxBodyBytes itself, with a clear 413.
        }

        if (await RequestBody.ReadAsync(request, o.MaxBodyBytes, cancellationToken) is not var (buffer, length))
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Body too large",
                $"A request body may hold at most {o.MaxBodyBytes} bytes. Split the events over several requests.");
        }

        ParsedBatch batch;
        try
        {
            var rules = RulesOf(o);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var body = buffer.AsSpan(0, length);
            batch = kind == BodyKind.Ndjson ? EventParser.ParseNdjson(body, rules, now) : EventParser.ParseJson(body, rules, now);
        }
        catch (MalformedBodyException ex)
        {
            return Problems.BadRequest("Malformed body", ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (batch.Total == 0)
        {
            return Problems.BadRequest("No events", "The array is empty: send at least one event object.");
        }

        var response = new IngestResponse(batch.Events.Count, batch.Errors.Count, batch.Errors);
        if (batch.Events.Count == 0)
        {
            return TypedResults.Json(response, ApiJson.Context.IngestResponse, statusCode: StatusCodes.Status400BadRequest);
        }

        IdempotentOutcome outcome;
        try
        {
            if (key.Length == 0)
            {
                await ingest.IngestAsync(batch.Events, cancellationToken);
                if (batch.Errors.Count == 0)
                {
                    context.Response.StatusCode = StatusCodes.Status202Accepted;
                    return TypedResults.Bytes(AcceptedResponses.AllAccepted(batch.Events.Count), AcceptedResponses.ContentType);
                }

                return TypedResults.Json(response, ApiJson.Context.IngestResponse, statusCode: StatusCodes.Status202Accepted);
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ApiJson.Context.IngestResponse);
            outcome = await ingest.IngestOnceAsync(key, batch.Events, bytes, cancellationToken);
        }
        catch (IngestLogFailedException ex)
        {
            return IngestLogFailed(ex);
        }

        if (outcome.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return TypedResults.Bytes(outcome.Response, "application/json");
    }

    /// <summary>
    /// The log stopped after a failed fsync (<see cref="IngestLogFailedException"/>): it takes nothing more until the node
    /// restarts, and the events of this request were not acknowledged (they may or may not have reached the disk).
    /// </summary>
    private static IResult IngestLogFailed(IngestLogFailedException ex) =>
        Problems.Status(StatusCodes.Status503ServiceUnavailable, "Ingest log failed",
            $"The node's ingest log could not make events durable ({ex.InnerException?.Message ?? ex.Message}) and has stopped taking events: "
            + "this request was not acknowledged. Restart the node (it recovers from what is on disk), then retry, with the same Idempotency-Key to avoid duplicates.");

    private enum BodyKind
    {
        Json,
        Ndjson,
    }

    private static EventRules RulesOf(FlowNodeOptions o)
    {
        var rules = CachedRules;
        var maxFutureMs = (long)o.MaxEventFuture.TotalMilliseconds;
        if (rules.MinTs != o.MinEventTs || rules.MaxFutureMs != maxFutureMs)
        {
            CachedRules = rules = new EventRules(o.MinEventTs, maxFutureMs);
        }

        return rules;
    }

    private static BodyKind? BodyKindOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return BodyKind.Json;
        }

        // The media type without its parameters (charset), read in place rather than split into new strings.
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType.AsSpan() : contentType.AsSpan(0, semicolon)).Trim();
        if (mediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/jsonlines", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Ndjson;
        }

        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            ? BodyKind.Json
            : null;
    }
}
