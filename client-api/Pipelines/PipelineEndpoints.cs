using System.Text.Json;
using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.ClientApi.Pipelines;

/// <summary><c>/pipelines</c>: list, create, read and delete pipeline definitions.</summary>
public static class PipelineEndpoints
{
    /// <summary>Maps the pipeline endpoints.</summary>
    public static IEndpointRouteBuilder MapPipelines(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/pipelines").WithTags("Pipelines");
        group.MapGet("", async (PipelineDirectory pipelines) =>
            TypedResults.Json((await pipelines.GetAllAsync()).ToList(), PipelineJsonContext.Default.ListPipelineDefinition))
            .WithName("ListPipelines").WithSummary("Every pipeline");
        group.MapGet("/{name}", async (string name, PipelineDirectory pipelines) =>
            await pipelines.FindAsync(name) is { } p ? TypedResults.Json(p, PipelineJsonContext.Default.PipelineDefinition) : Problems.UnknownPipeline(name))
            .WithName("GetPipeline").WithSummary("One pipeline");
        group.MapPost("", CreateAsync).WithName("CreatePipeline").WithSummary("Create a pipeline").DisableAntiforgery();
        group.MapDelete("/{name}", DeleteAsync)
            .WithName("DeletePipeline").WithSummary("Delete a pipeline (its results stay queryable); default and alerts always exist");
        return endpoints;
    }

    private static async Task<IResult> DeleteAsync(string name, PipelineDirectory pipelines)
    {
        if (PipelineDefinition.IsBuiltIn(name))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Built-in pipeline",
                $"The pipeline '{name}' is built in and always exists, so it cannot be deleted. Create your own pipeline with POST /pipelines.");
        }

        return await pipelines.Catalog.DeleteAsync(name) ? Results.NoContent() : Problems.UnknownPipeline(name);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, PipelineDirectory pipelines)
    {
        if (!request.HasJsonContentType())
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the pipeline definition as JSON (Content-Type: application/json).");
        }

        PipelineDefinition? definition;
        try
        {
            definition = await request.ReadFromJsonAsync(PipelineJsonContext.Default.PipelineDefinition, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : "";
            return Problems.BadRequest("Malformed pipeline definition", $"The body is not a valid pipeline definition{where}: {ex.Message.Split(". ")[0]}.");
        }

        if (definition is null)
        {
            return Problems.BadRequest("Malformed pipeline definition", "The body must be a JSON object, see GET /pipelines for examples.");
        }

        var outcome = await pipelines.Catalog.CreateAsync(definition);
        if (outcome.Created is { } created)
        {
            return TypedResults.Created($"/pipelines/{created.Name}", created);
        }

        return outcome.Conflict
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Pipeline exists", detail: outcome.Errors!["name"][0] + ". DELETE it first to replace it.")
            : TypedResults.ValidationProblem(outcome.Errors!.ToDictionary(), title: "Invalid pipeline definition", detail: "Fix the fields listed in 'errors'.");
    }
}
