using System.Text.Json;
using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.ClientApi.Json;

namespace FlowOrleans.ClientApi.Generator;

/// <summary><c>/generator</c>: start, stop and watch the built-in event generator.</summary>
public static class GeneratorEndpoints
{
    /// <summary>Maps the generator endpoints.</summary>
    public static IEndpointRouteBuilder MapGenerator(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/generator").WithTags("Generator");
        group.MapGet("", (EventGenerator generator) => TypedResults.Json(generator.Status, ApiJson.Context.GeneratorStatus))
            .WithName("GeneratorStatus").WithSummary("Whether the generator runs, its settings and how many events it sent");
        group.MapPost("/start", StartAsync).WithName("StartGenerator").WithSummary("Start (or restart) the generator").DisableAntiforgery();
        group.MapPost("/stop", async (EventGenerator generator) =>
        {
            await generator.StopAsync();
            return TypedResults.Json(generator.Status, ApiJson.Context.GeneratorStatus);
        }).WithName("StopGenerator").WithSummary("Stop the generator").DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, EventGenerator generator)
    {
        var settings = new GeneratorSettings();
        if (request.ContentLength is not 0 && request.HasJsonContentType())
        {
            try
            {
                settings = await request.ReadFromJsonAsync(ApiJson.Context.GeneratorSettings, request.HttpContext.RequestAborted) ?? settings;
            }
            catch (JsonException ex)
            {
                return Problems.BadRequest("Malformed generator settings", $"Expected {{\"rate\",\"keys\",\"disorderMs\",\"lateFraction\"}}: {ex.Message.Split(". ")[0]}.");
            }
        }

        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid generator settings");
        }

        await generator.StartAsync(settings);
        return TypedResults.Json(generator.Status, ApiJson.Context.GeneratorStatus);
    }
}
