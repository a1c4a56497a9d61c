namespace FlowOrleans.ClientApi.Hosting;

/// <summary>RFC 7807 problem details with a title that says what went wrong and a detail that says what to do.</summary>
internal static class Problems
{
    public static IResult Status(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    public static IResult BadRequest(string title, string detail) => Status(StatusCodes.Status400BadRequest, title, detail);

    public static IResult UnknownPipeline(string pipeline) =>
        Status(StatusCodes.Status404NotFound, "Unknown pipeline", $"There is no pipeline named '{pipeline}'. GET /pipelines lists them; POST /pipelines creates one.");
}
